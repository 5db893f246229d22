package dev.stripesetup.billing;

import static dev.stripesetup.billing.SetupRequestParser.META_CREATED_BY;
import static dev.stripesetup.billing.SetupRequestParser.META_PLAN;
import static dev.stripesetup.billing.SetupRequestParser.META_RUN;
import static dev.stripesetup.billing.SetupRequestParser.TOOL;

import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerListParams;
import com.stripe.param.PaymentMethodAttachParams;
import com.stripe.param.PaymentMethodCreateParams;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.PriceListParams;
import com.stripe.param.SubscriptionCreateParams;
import com.stripe.param.SubscriptionListParams;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.stripesetup.stripe.Interval;

/**
 * The parameters and idempotency keys of every call in the chain, built from a request and nothing
 * else. The real run and {@code --dry-run} both use this, so the plan shows exactly what is sent.
 *
 * <p>Idempotency keys are derived from the inputs and the step (never random), so a retried or
 * re-run identical command gets Stripe's saved response instead of a second object.
 */
public final class ChainCalls {
  static final String KEY_SCHEME = "stripe-setup-v1";

  private final SetupRequest request;
  private final String runId;

  public ChainCalls(SetupRequest request) {
    this.request = request;
    this.runId = request.runId();
  }

  public SetupRequest request() {
    return request;
  }

  public String runId() {
    return runId;
  }

  /** Two results are enough to tell "exactly one" from "several". */
  public CustomerListParams findCustomer() {
    return findCustomer(request.email());
  }

  /** The look-up for one form of the email (see {@link SetupRequest#emailLookupForms()}). */
  public CustomerListParams findCustomer(String emailForm) {
    // A clock's customers are listed only when the clock is named (null leaves the parameter out).
    return CustomerListParams.builder().setEmail(emailForm).setTestClock(request.testClock()).setLimit(2L).build();
  }

  public CustomerCreateParams createCustomer() {
    return createCustomer(null);
  }

  /**
   * The customer, with its card when {@code card} is a payment method ID (a test payment method
   * such as pm_card_visa, or --payment-method): Stripe attaches it (a test one as a fresh copy) and
   * makes it the invoice default in the same call, which saves the create and attach calls. The
   * default comes back expanded, for the card's brand and last 4 in the result.
   */
  public CustomerCreateParams createCustomer(String card) {
    CustomerCreateParams.Builder b = CustomerCreateParams.builder()
        .setName(request.name())
        .setEmail(request.email())
        .setTestClock(request.testClock())
        .putAllMetadata(runMetadata());
    if (card != null) {
      b.setPaymentMethod(card)
          .setInvoiceSettings(CustomerCreateParams.InvoiceSettings.builder().setDefaultPaymentMethod(card).build())
          .addExpand("invoice_settings.default_payment_method");
    }
    return b.build();
  }

  /**
   * The payment method a new customer of the card chain is created with: --payment-method, else the
   * test card's test payment method; null when the card must be created and attached on its own.
   */
  public String cardForNewCustomer() {
    if (request.paymentMethodId() != null) {
      return request.paymentMethodId();
    }
    return request.testCard() == null ? null : request.testCard().paymentMethod();
  }

  public PriceListParams findPrice() {
    return PriceListParams.builder().addLookupKey(request.lookupKey()).setActive(true).setLimit(1L).build();
  }

  /** Prices are shared by every run on the same plan, so their metadata names the plan, not a run. */
  public PriceCreateParams createPrice() {
    Map<String, String> meta = Map.of(META_CREATED_BY, TOOL, META_PLAN, request.lookupKey());
    return PriceCreateParams.builder()
        .setCurrency(request.amount().currency())
        .setUnitAmount(request.amount().minorUnits())
        .setRecurring(PriceCreateParams.Recurring.builder()
            .setInterval(PriceCreateParams.Recurring.Interval.valueOf(request.interval().name()))
            .setIntervalCount((long) request.intervalCount())
            .build())
        .setProductData(PriceCreateParams.ProductData.builder()
            .setName(request.product())
            .putAllMetadata(meta)
            .build())
        .setLookupKey(request.lookupKey())
        // The find step saw no active price with this key, so any price still holding it is archived:
        // move the key to the new price instead of failing on it.
        .setTransferLookupKey(true)
        .setNickname(request.planInWords())
        .putAllMetadata(meta)
        .build();
  }

  public PaymentMethodCreateParams createPaymentMethod() {
    return PaymentMethodCreateParams.builder()
        .setType(PaymentMethodCreateParams.Type.CARD)
        .setCard(PaymentMethodCreateParams.Token.builder().setToken(request.testCard().token()).build())
        .putAllMetadata(runMetadata())
        .build();
  }

  public PaymentMethodAttachParams attach(String customerId) {
    return PaymentMethodAttachParams.builder().setCustomer(customerId).build();
  }

  /**
   * Every subscription of the customer, in all statuses: an incomplete or past-due one also means
   * "do not create another". Filtered by plan in {@link StripeHelpers}, not by price ID, so a
   * subscription on an archived price of the same plan still counts.
   */
  public SubscriptionListParams findSubscriptions(String customerId) {
    return SubscriptionListParams.builder()
        .setCustomer(customerId)
        .setStatus(SubscriptionListParams.Status.ALL)
        .addExpand("data.latest_invoice")
        .addExpand("data.default_payment_method")
        .setLimit(100L)
        .build();
  }

  /**
   * allow_incomplete keeps a declined or unauthenticated first payment visible as an incomplete
   * subscription with a hosted invoice link, which the user can send to the customer.
   */
  public SubscriptionCreateParams createSubscription(String customerId, String priceId, String paymentMethodId) {
    return createSubscription(customerId, priceId, paymentMethodId, null);
  }

  /** With the checked --coupon / --promotion-code ({@link DiscountCheck}), or null for none. */
  public SubscriptionCreateParams createSubscription(String customerId, String priceId, String paymentMethodId,
      DiscountCheck.Applied discount) {
    SubscriptionCreateParams.Builder b = SubscriptionCreateParams.builder()
        .setCustomer(customerId)
        .addItem(SubscriptionCreateParams.Item.builder().setPrice(priceId).build())
        .setDefaultPaymentMethod(paymentMethodId)
        .setPaymentBehavior(SubscriptionCreateParams.PaymentBehavior.ALLOW_INCOMPLETE)
        .putAllMetadata(runMetadata())
        .addExpand("latest_invoice");
    if (request.trialDays() != null) {
      b.setTrialPeriodDays((long) request.trialDays());
    }
    if (request.description() != null) {
      b.setDescription(request.description());
    }
    addDiscount(b, discount);
    return b.build();
  }

  /** {@code discounts[0][coupon]} or {@code discounts[0][promotion_code]} (the promo_ ID). */
  static void addDiscount(SubscriptionCreateParams.Builder b, DiscountCheck.Applied discount) {
    if (discount != null) {
      b.addDiscount(SubscriptionCreateParams.Discount.builder().setCoupon(discount.couponId())
          .setPromotionCode(discount.promotionCodeId()).build());
    }
  }

  /**
   * A key's part for the discount: the params carry it, and one key with other params is Stripe's
   * idempotency_error. Empty without one, so such keys are as they always were.
   */
  static String discountPart(DiscountCheck.Applied discount) {
    return discount == null ? "" : ":discount:" + discount.id();
  }

  /** The tool's own markers first, then the user's --metadata (which may not reuse their names). */
  public Map<String, String> runMetadata() {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(META_CREATED_BY, TOOL);
    meta.put(META_RUN, runId);
    meta.putAll(request.metadata());
    return meta;
  }

  /*
   * Keys for the creates. Each takes "after": null normally, or the ID of an object that an earlier
   * identical run created under the plain key and that has since been deleted, archived or canceled.
   * Stripe replays a key's saved response for 24 hours, even when the object is gone; a key that
   * names the gone object asks for a fresh one, and is itself stable across re-runs.
   */

  public String customerKey(String after) {
    return customerKey(after, null);
  }

  /**
   * A customer created with its card has other parameters, so another key (the same key with other
   * parameters is an idempotency_error); still one per run, so a replay is recognised.
   */
  public String customerKey(String after, String card) {
    String k = key("customer", request.newCustomer() ? "new" : "find-or-create");
    return successor(card == null ? k : k + ":with-card", after);
  }

  /** Keyed by plan, not run: every run on the same plan converges on one price. */
  public String priceKey(String after) {
    return successor(KEY_SCHEME + ":price:" + SetupRequest.sha256(request.lookupKey()).substring(0, 32), after);
  }

  public String paymentMethodKey(String after) {
    return successor(key("payment_method"), after);
  }

  public String attachKey(String paymentMethodId, String customerId) {
    return key("attach", paymentMethodId, customerId);
  }

  public String subscriptionKey(String customerId, String priceId, String paymentMethodId, String after) {
    return subscriptionKey(customerId, priceId, paymentMethodId, null, after);
  }

  public String subscriptionKey(String customerId, String priceId, String paymentMethodId,
      DiscountCheck.Applied discount, String after) {
    return successor(key("subscription", customerId, priceId, paymentMethodId) + discountPart(discount), after);
  }

  private static String successor(String key, String after) {
    return after == null ? key : key + ":after:" + after;
  }

  public static RequestOptions withKey(String idempotencyKey) {
    return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
  }

  private String key(String step, String... ids) {
    StringBuilder k = new StringBuilder(KEY_SCHEME).append(':').append(runId).append(':').append(step);
    for (String id : ids) {
      k.append(':').append(id);
    }
    return k.toString();
  }
}
