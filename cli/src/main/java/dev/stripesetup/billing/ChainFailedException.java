package dev.stripesetup.billing;

import com.stripe.exception.StripeException;

/**
 * A Stripe call failed (after retries) part-way through the chain. Carries the step and what
 * already exists, so the user can be told that re-running the same command resumes from there.
 */
public class ChainFailedException extends RuntimeException {
  private final String step;
  private final ChainState state;

  public ChainFailedException(String step, StripeException cause, ChainState state) {
    super(step + ": " + cause.getMessage(), cause);
    this.step = step;
    this.state = state;
  }

  public String step() {
    return step;
  }

  public ChainState state() {
    return state;
  }

  public StripeException stripeCause() {
    return (StripeException) getCause();
  }
}
