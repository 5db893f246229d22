package dev.stripesetup.simulate;

/** A simulation that cannot go on, for a reason that is not a Stripe error response. */
public final class SimulationException extends RuntimeException {
  /** Why: Stripe failed to do its part (the clock broke or never finished), or the run cannot continue. */
  public enum Kind { STRIPE_FAILED, CANNOT_CONTINUE }

  private final Kind kind;

  public SimulationException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
