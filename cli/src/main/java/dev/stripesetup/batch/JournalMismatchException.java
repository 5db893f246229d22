package dev.stripesetup.batch;

/** The journal belongs to a different file, different flags, or a different Stripe account mode. */
public class JournalMismatchException extends RuntimeException {
  public JournalMismatchException(String message) {
    super(message);
  }
}
