package dev.stripesetup.operate;

import dev.stripesetup.billing.SetupRequestParser;

/**
 * Which of this tool's objects {@code cleanup} takes: all of them, or those of one run
 * ({@code stripe_setup_run} metadata) and/or one customer email. Null fields do not narrow.
 */
public record CleanupFilter(String run, String email, String emailAsTyped) {
  public CleanupFilter(String run, String email) {
    this(run, email, email);
  }

  /** A filter for one run and/or one email as typed (checked and lower-cased here; looked up both ways). */
  public static CleanupFilter byEmail(String run, String typedEmail) {
    return typedEmail == null ? new CleanupFilter(run, null)
        : new CleanupFilter(run, SetupRequestParser.email(typedEmail), typedEmail.strip());
  }

  /** The email as typed, for the look-up (which finds it whatever its case). */
  public String lookupEmail() {
    return emailAsTyped != null ? emailAsTyped : email;
  }

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
