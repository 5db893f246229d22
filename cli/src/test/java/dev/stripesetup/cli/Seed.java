package dev.stripesetup.cli;

import com.stripe.Stripe;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.PaymentMethod;
import com.stripe.model.Price;
import com.stripe.model.Subscription;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentMethodAttachParams;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.SubscriptionCreateParams;
import com.stripe.param.SubscriptionUpdateParams;
import dev.stripesetup.fake.FakeStripe;
import java.util.Map;

/**
 * Puts objects straight into the fake over its HTTP API with stripe-java, for states the chain does
 * not make by itself: many objects (pagination), objects this tool did not create.
 */
final class Seed {
  /** The chain's own markers, for objects that should look as if stripe-setup made them. */
  static final Map<String, String> TOOL = Map.of("created_by", "stripe-setup", "stripe_setup_run", "run_seed");

  private final StripeClient client;

  Seed(FakeStripe fake) {
    Stripe.enableTelemetry = false;
    client = StripeClient.builder().setApiKey(CliRun.TEST_KEY).setApiBase(fake.baseUrl()).build();
  }

  Customer customer(String email, Map<String, String> metadata) throws StripeException {
    return client.v1().customers().create(CustomerCreateParams.builder().setEmail(email).setName("Seeded")
        .putAllMetadata(metadata).build());
  }

  Price price(long cents, Map<String, String> metadata) throws StripeException {
    return client.v1().prices().create(PriceCreateParams.builder().setCurrency("usd").setUnitAmount(cents)
        .setRecurring(PriceCreateParams.Recurring.builder().setInterval(PriceCreateParams.Recurring.Interval.MONTH)
            .build())
        .setProductData(PriceCreateParams.ProductData.builder().setName("Seeded plan").putAllMetadata(metadata).build())
        .putAllMetadata(metadata).build());
  }

  /** A coupon: percentOff % off for months months (repeating), or forever when months is null. */
  com.stripe.model.Coupon coupon(String id, long percentOff, Long months) throws StripeException {
    com.stripe.param.CouponCreateParams.Builder b = com.stripe.param.CouponCreateParams.builder().setId(id)
        .setPercentOff(java.math.BigDecimal.valueOf(percentOff));
    if (months != null) {
      b.setDuration(com.stripe.param.CouponCreateParams.Duration.REPEATING).setDurationInMonths(months);
    } else {
      b.setDuration(com.stripe.param.CouponCreateParams.Duration.FOREVER);
    }
    return client.v1().coupons().create(b.build());
  }

  /** A coupon of a fixed amount off, once. */
  com.stripe.model.Coupon amountOffCoupon(String id, long minor, String currency) throws StripeException {
    return client.v1().coupons().create(com.stripe.param.CouponCreateParams.builder().setId(id).setAmountOff(minor)
        .setCurrency(currency).setDuration(com.stripe.param.CouponCreateParams.Duration.ONCE).build());
  }

  void deactivatePromotionCode(String id) throws StripeException {
    client.v1().promotionCodes().update(id, com.stripe.param.PromotionCodeUpdateParams.builder().setActive(false).build());
  }

  /** A customer-facing code for a coupon. */
  com.stripe.model.PromotionCode promotionCode(String code, String couponId) throws StripeException {
    return client.v1().promotionCodes().create(com.stripe.param.PromotionCodeCreateParams.builder().setCode(code)
        .setPromotion(com.stripe.param.PromotionCodeCreateParams.Promotion.builder()
            .setType(com.stripe.param.PromotionCodeCreateParams.Promotion.Type.COUPON).setCoupon(couponId).build())
        .build());
  }

  /** A visa card attached to the customer, then an active subscription to the price. */
  Subscription subscription(String customerId, String priceId, Map<String, String> metadata) throws StripeException {
    PaymentMethod pm = client.v1().paymentMethods().attach("pm_card_visa",
        PaymentMethodAttachParams.builder().setCustomer(customerId).build());
    return client.v1().subscriptions().create(SubscriptionCreateParams.builder().setCustomer(customerId)
        .addItem(SubscriptionCreateParams.Item.builder().setPrice(priceId).build())
        .setDefaultPaymentMethod(pm.getId()).putAllMetadata(metadata).build());
  }

  /** The customer fixes their card (as in the portal): a new card attached and made their invoice default. */
  String newDefaultCard(String customerId, String testPaymentMethod) throws StripeException {
    PaymentMethod pm = client.v1().paymentMethods().attach(testPaymentMethod,
        PaymentMethodAttachParams.builder().setCustomer(customerId).build());
    client.v1().customers().update(customerId, com.stripe.param.CustomerUpdateParams.builder()
        .setInvoiceSettings(com.stripe.param.CustomerUpdateParams.InvoiceSettings.builder()
            .setDefaultPaymentMethod(pm.getId()).build()).build());
    return pm.getId();
  }

  /** The account's portal settings saved once (its default configuration), as in the Dashboard. */
  void portalConfiguration() throws StripeException {
    client.v1().billingPortal().configurations().create(com.stripe.param.billingportal.ConfigurationCreateParams.builder()
        .setFeatures(com.stripe.param.billingportal.ConfigurationCreateParams.Features.builder()
            .setPaymentMethodUpdate(com.stripe.param.billingportal.ConfigurationCreateParams.Features.PaymentMethodUpdate
                .builder().setEnabled(true).build()).build()).build());
  }

  /** A visa card attached to the customer, then one active subscription with an item per price. */
  Subscription subscriptionOf(String customerId, String... priceIds) throws StripeException {
    PaymentMethod pm = client.v1().paymentMethods().attach("pm_card_visa",
        PaymentMethodAttachParams.builder().setCustomer(customerId).build());
    SubscriptionCreateParams.Builder b = SubscriptionCreateParams.builder().setCustomer(customerId)
        .setDefaultPaymentMethod(pm.getId());
    for (String price : priceIds) {
      b.addItem(SubscriptionCreateParams.Item.builder().setPrice(price).build());
    }
    return client.v1().subscriptions().create(b.build());
  }

  /** Undoes a scheduled cancellation, as a person could in the Dashboard. */
  void resume(String subscriptionId) throws StripeException {
    client.v1().subscriptions().update(subscriptionId, SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(false).build());
  }
}
