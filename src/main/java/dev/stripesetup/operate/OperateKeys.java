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

  static RequestOptions options(String key) {
    return RequestOptions.builder().setIdempotencyKey(key).build();
  }
}
