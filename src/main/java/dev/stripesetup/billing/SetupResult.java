package dev.stripesetup.billing;

import java.util.Map;

/**
 * The outcome of one chain run: every object with its ID, whether it was reused, and how the first
 * payment went.
 *
 * @param currentPeriodEnd epoch seconds of the next billing date, read from the subscription item
 *     (where API versions since 2025-03-31 put it), or null
 * @param paymentError Stripe's decline code and message when the first payment failed, or null
 * @param discount the discount this run applied ("coupon SUMMER (20% off, 3 months)"), or null
 */
public record SetupResult(
    String runId,
    boolean livemode,
    String customerId,
    boolean customerReused,
    String paymentMethodId,
    String cardBrand,
    String cardLast4,
    String priceId,
    boolean priceReused,
    String productId,
    String planInWords,
    String subscriptionId,
    boolean subscriptionExisted,
    String status,
    Long currentPeriodEnd,
    Long trialEnd,
    String hostedInvoiceUrl,
    Outcome outcome,
    String paymentError,
    String discount) {

  /** Without a discount. */
  public SetupResult(String runId, boolean livemode, String customerId, boolean customerReused, String paymentMethodId,
      String cardBrand, String cardLast4, String priceId, boolean priceReused, String productId, String planInWords,
      String subscriptionId, boolean subscriptionExisted, String status, Long currentPeriodEnd, Long trialEnd,
      String hostedInvoiceUrl, Outcome outcome, String paymentError) {
    this(runId, livemode, customerId, customerReused, paymentMethodId, cardBrand, cardLast4, priceId, priceReused,
        productId, planInWords, subscriptionId, subscriptionExisted, status, currentPeriodEnd, trialEnd,
        hostedInvoiceUrl, outcome, paymentError, null);
  }

  public SetupResult withDiscount(String words) {
    return new SetupResult(runId, livemode, customerId, customerReused, paymentMethodId, cardBrand, cardLast4, priceId,
        priceReused, productId, planInWords, subscriptionId, subscriptionExisted, status, currentPeriodEnd, trialEnd,
        hostedInvoiceUrl, outcome, paymentError, words);
  }

  /** How a run ended, from the subscription's status and its first payment. */
  public enum Outcome {
    /** active or trialing: billing is set up. */
    SUBSCRIBED,
    /** The customer already had a live subscription to this price; nothing new was made. */
    ALREADY_SUBSCRIBED,
    /** The first payment was declined; the subscription is incomplete. */
    PAYMENT_DECLINED,
    /** The customer must authenticate (3D Secure) on the hosted invoice page. */
    REQUIRES_ACTION,
    /** Any other state (incomplete, past_due, unpaid...) that is not billing normally. */
    NOT_ACTIVE
  }

  public Map<String, String> ids() {
    java.util.LinkedHashMap<String, String> m = new java.util.LinkedHashMap<>();
    m.put("customer", customerId);
    m.put("payment_method", paymentMethodId);
    m.put("product", productId);
    m.put("price", priceId);
    m.put("subscription", subscriptionId);
    return m;
  }
}
