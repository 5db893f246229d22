package dev.stripesetup.operate;

import com.stripe.net.RequestOptions;

/**
 * Idempotency keys for the operate commands, from the object ID and the action (never random): a
 * retry, or the same command run again within Stripe's 24-hour key window, gets Stripe's saved
 * answer instead of acting twice. Different actions on one object get different keys, because
 * Stripe refuses one key with different parameters.
 */
public final class OperateKeys {
  static final String SCHEME = "stripe-setup-v1";

  private OperateKeys() {}

  public static String cancelAtPeriodEnd(String subscriptionId) {
    return SCHEME + ":cancel:" + subscriptionId + ":at_period_end";
  }

  public static String cancelNow(String subscriptionId, boolean prorate, boolean invoiceNow) {
    return SCHEME + ":cancel:" + subscriptionId + ":now" + (prorate ? ":prorate" : "") + (invoiceNow ? ":invoice_now" : "");
  }

  /** cleanup's keys: action is cancel, delete or archive. */
  public static String cleanup(String objectId, String action) {
    return SCHEME + ":cleanup:" + objectId + ":" + action;
  }

  /**
   * A plan change: the subscription, its item, the price it leaves and the one it moves to, the
   * proration behaviour and the proration date shown in the preview (sent with the update, so the
   * change bills exactly what was previewed). A re-run first finds the subscription on the new price
   * and sends nothing, so the date in the key never lets one change run twice.
   */
  public static String change(String subscriptionId, String itemId, String fromPrice, String toPrice,
      String prorationBehavior, long prorationDate) {
    return SCHEME + ":change:" + subscriptionId + ":" + itemId + ":" + fromPrice + ":" + toPrice + ":"
        + prorationBehavior + ":" + prorationDate;
  }

  /** A pause with this behaviour and resume date (0: until resumed). */
  public static String pause(String subscriptionId, String behavior, long resumesAt) {
    return SCHEME + ":pause:" + subscriptionId + ":" + behavior + ":" + resumesAt;
  }

  /**
   * Ending the pause named by its behaviour and resume date, so resuming a later, different pause gets
   * its own key; a replayed answer is still checked against the subscription as it is (see callers).
   */
  public static String resume(String subscriptionId, String pausedBehavior, long pausedResumesAt) {
    return SCHEME + ":resume:" + subscriptionId + ":" + pausedBehavior + ":" + pausedResumesAt;
  }

  /**
   * One attempt to pay an invoice: its attempt count before this one and the card charged. A retry of
   * the same attempt (a dropped response) replays; after a decline the count has grown, so the next
   * run is a new attempt, and once paid the invoice is no longer open and is not tried again.
   */
  public static String pay(String invoiceId, long attemptCount, String paymentMethodId) {
    return SCHEME + ":pay:" + invoiceId + ":attempt" + attemptCount + ":" + paymentMethodId;
  }

  /**
   * A portal session: the customer, the return URL and the minute. A portal URL is single-use and
   * short-lived, so a later run must get a new one, not Stripe's saved answer; within one run the
   * key is fixed, so a retried request does not open two sessions.
   */
  public static String portal(String customerId, String returnUrl, long epochMinute) {
    return SCHEME + ":portal:" + customerId + ":" + epochMinute + ":"
        + dev.stripesetup.billing.SetupRequest.sha256(String.valueOf(returnUrl)).substring(0, 16);
  }

  /** True when Stripe answered with a saved response for the key (it did not act again). */
  static boolean replayed(com.stripe.model.StripeObject o) {
    return o.getLastResponse() != null
        && o.getLastResponse().headers().firstValue("Idempotent-Replayed").map("true"::equals).orElse(false);
  }

  static RequestOptions options(String key) {
    return RequestOptions.builder().setIdempotencyKey(key).build();
  }
}
