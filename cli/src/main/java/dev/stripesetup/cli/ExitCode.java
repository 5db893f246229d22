package dev.stripesetup.cli;

/**
 * Every exit status the tool uses, documented in the README. Scripts can tell a bad flag from a
 * declined card from an outage without parsing text.
 */
public final class ExitCode {
  public static final int OK = 0;
  /** A bug or an unexpected error; --verbose shows the stack trace. */
  public static final int SOFTWARE = 1;
  /** A bad flag, argument or input file; nothing was sent to Stripe. */
  public static final int USAGE = 2;
  /** No key, an unreadable or malformed .env, a key of the wrong kind. */
  public static final int CONFIG = 3;
  /** A live key without --live, or live mode not confirmed. */
  public static final int LIVE_REFUSED = 4;
  /** Several customers share the email; the tool will not guess. */
  public static final int AMBIGUOUS_CUSTOMER = 5;
  /** The batch journal belongs to another file, other flags or another mode; nothing was sent. */
  public static final int JOURNAL_MISMATCH = 6;
  /** A batch finished, but some rows failed or were invalid (see the report). */
  public static final int BATCH_ROWS_FAILED = 7;
  /**
   * A journal is unusable: not a stripe-setup journal, corrupt, locked by another process, or not
   * writable (batch, listen, failures).
   */
  public static final int JOURNAL = 8;
  /** The customer already has a live subscription to another plan; --allow-second-subscription adds one. */
  public static final int SECOND_SUBSCRIPTION = 9;
  /** The card was declined (when attached, or on the first invoice). */
  public static final int PAYMENT_DECLINED = 10;
  /** The first payment needs the customer to authenticate (3D Secure). */
  public static final int PAYMENT_REQUIRES_ACTION = 11;
  /** The subscription exists but is not active or trialing for another reason. */
  public static final int SUBSCRIPTION_NOT_ACTIVE = 12;
  /** --collect checkout: the payment link is not paid yet (--no-wait), expired unpaid, or another run replaced it. */
  public static final int LINK_NOT_COMPLETED = 13;
  /** Stripe rejected the key (401). */
  public static final int AUTHENTICATION = 20;
  /** The key lacks a permission (403), typically a restricted key. */
  public static final int PERMISSION = 21;
  /** Stripe refused the request as invalid (400), including idempotency errors. */
  public static final int STRIPE_INVALID_REQUEST = 22;
  /** Still rate limited (429) after retries. */
  public static final int RATE_LIMITED = 23;
  /** Stripe could not be reached, or kept failing (5xx), after retries. */
  public static final int NETWORK = 24;
  /** An ID given on the command line does not exist (404). */
  public static final int NOT_FOUND = 25;
  /** Stopped by Ctrl-C. */
  public static final int INTERRUPTED = 130;

  /** The exit status for how a subscription run ended. */
  public static int of(dev.stripesetup.billing.SetupResult.Outcome outcome) {
    return switch (outcome) {
      case SUBSCRIBED, ALREADY_SUBSCRIBED -> OK;
      case PAYMENT_DECLINED -> PAYMENT_DECLINED;
      case REQUIRES_ACTION -> PAYMENT_REQUIRES_ACTION;
      case NOT_ACTIVE -> SUBSCRIPTION_NOT_ACTIVE;
    };
  }

  private ExitCode() {}
}
