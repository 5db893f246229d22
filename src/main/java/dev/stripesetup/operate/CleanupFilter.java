package dev.stripesetup.operate;

/**
 * Which of this tool's objects {@code cleanup} takes: all of them, or those of one run
 * ({@code stripe_setup_run} metadata) and/or one customer email. Null fields do not narrow.
 */
public record CleanupFilter(String run, String email) {
  public boolean narrowed() {
    return run != null || email != null;
  }

  public String describe() {
    StringBuilder b = new StringBuilder("created_by=stripe-setup");
    if (run != null) {
      b.append(", run ").append(run);
    }
    if (email != null) {
      b.append(", email ").append(email);
    }
    return b.toString();
  }
}
