package dev.stripesetup.billing;

import com.stripe.param.SubscriptionCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionListParams;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters and idempotency keys of the collect paths, from the request alone (like
 * {@link ChainCalls}, whose run metadata they share).
 */
public final class CollectCalls {
  /** Session metadata: the price the link is for, so a link for this customer and plan is recognised. */
  public static final String META_PRICE = "stripe_setup_price";

  private final ChainCalls chain;

  public CollectCalls(ChainCalls chain) {
    this.chain = chain;
  }

  /** Every session of the customer, all statuses: ours are told apart by metadata. */
  public SessionListParams listSessions(String customerId) {
    return SessionListParams.builder().setCustomer(customerId).setLimit(100L).build();
  }

  /**
   * mode=subscription for an existing customer and a recurring price, quantity 1. The customer is
   * given, so Checkout does not create another. expires_at must be 30 minutes to 24 hours ahead.
   * The subscription Checkout creates carries the same run metadata, description and trial as the
   * chain's would.
   */
  public SessionCreateParams createSession(String customerId, String priceId, String successUrl, long expiresAt) {
    return createSession(customerId, priceId, successUrl, expiresAt, null, false);
  }

  /**
   * With the checked discount, or with {@code allow_promotion_codes} (the customer types a code on
   * the page); Stripe refuses both at once, which the command line refuses before this.
   */
  public SessionCreateParams createSession(String customerId, String priceId, String successUrl, long expiresAt,
      DiscountCheck.Applied discount, boolean allowPromotionCodes) {
    SetupRequest r = chain.request();
    SessionCreateParams.SubscriptionData.Builder data = SessionCreateParams.SubscriptionData.builder()
        .putAllMetadata(chain.runMetadata());
    if (r.trialDays() != null) {
      data.setTrialPeriodDays((long) r.trialDays());
    }
    if (r.description() != null) {
      data.setDescription(r.description());
    }
    SessionCreateParams.Builder b = SessionCreateParams.builder();
    if (discount != null) {
      b.addDiscount(SessionCreateParams.Discount.builder().setCoupon(discount.couponId())
          .setPromotionCode(discount.promotionCodeId()).build());
    }
    if (allowPromotionCodes) {
      b.setAllowPromotionCodes(true);
    }
    return b
        .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
        .setCustomer(customerId)
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
        .setSuccessUrl(successUrl)
        .setExpiresAt(expiresAt)
        .setClientReferenceId(chain.runId())
        .putAllMetadata(sessionMetadata(priceId))
        .setSubscriptionData(data.build())
        .build();
  }

  Map<String, String> sessionMetadata(String priceId) {
    Map<String, String> meta = new LinkedHashMap<>(chain.runMetadata());
    meta.put(META_PRICE, priceId);
    return meta;
  }

  /**
   * No payment method: Stripe finalizes the first invoice and emails it; the customer pays on the
   * hosted invoice page within days_until_due.
   */
  public SubscriptionCreateParams createInvoicedSubscription(String customerId, String priceId, int daysUntilDue) {
    return createInvoicedSubscription(customerId, priceId, daysUntilDue, null);
  }

  public SubscriptionCreateParams createInvoicedSubscription(String customerId, String priceId, int daysUntilDue,
      DiscountCheck.Applied discount) {
    SetupRequest r = chain.request();
    SubscriptionCreateParams.Builder b = SubscriptionCreateParams.builder()
        .setCustomer(customerId)
        .addItem(SubscriptionCreateParams.Item.builder().setPrice(priceId).build())
        .setCollectionMethod(SubscriptionCreateParams.CollectionMethod.SEND_INVOICE)
        .setDaysUntilDue((long) daysUntilDue)
        .putAllMetadata(chain.runMetadata())
        .addExpand("latest_invoice");
    if (r.trialDays() != null) {
      b.setTrialPeriodDays((long) r.trialDays());
    }
    if (r.description() != null) {
      b.setDescription(r.description());
    }
    ChainCalls.addDiscount(b, discount);
    return b.build();
  }

  /**
   * Keyed by the newest earlier session of this run ("after"), not by time: a retry or a re-run that
   * finds the same sessions sends the same key, and once a link has expired (or been paid for a
   * subscription since canceled) the next one gets a new key. The key does not hold expires_at,
   * which differs on every run.
   */
  public String sessionKey(String customerId, String priceId, String after) {
    return sessionKey(customerId, priceId, null, false, after);
  }

  /** The discount and allow_promotion_codes are in the session's params, so in its key too. */
  public String sessionKey(String customerId, String priceId, DiscountCheck.Applied discount,
      boolean allowPromotionCodes, String after) {
    return key("checkout", customerId, priceId) + ChainCalls.discountPart(discount)
        + (allowPromotionCodes ? ":promotion-codes" : "") + (after == null ? "" : ":after:" + after);
  }

  public static String expireKey(String sessionId) {
    return ChainCalls.KEY_SCHEME + ":checkout-expire:" + sessionId;
  }

  public String invoicedSubscriptionKey(String customerId, String priceId, int days, String after) {
    return invoicedSubscriptionKey(customerId, priceId, days, null, after);
  }

  public String invoicedSubscriptionKey(String customerId, String priceId, int days, DiscountCheck.Applied discount,
      String after) {
    return key("subscription", "send_invoice", customerId, priceId, String.valueOf(days))
        + ChainCalls.discountPart(discount) + (after == null ? "" : ":after:" + after);
  }

  private String key(String step, String... ids) {
    StringBuilder k = new StringBuilder(ChainCalls.KEY_SCHEME).append(':').append(chain.runId()).append(':').append(step);
    for (String id : ids) {
      k.append(':').append(id);
    }
    return k.toString();
  }
}
