package dev.stripesetup.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.Stripe;
import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Customer;
import com.stripe.model.Price;
import com.stripe.model.checkout.Session;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionListParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake's Checkout Sessions keep Stripe's rules for subscription mode, through stripe-java. */
class CheckoutSessionsTest {
  FakeStripe fake;
  StripeClient client;
  String customer;
  String price;

  @BeforeEach
  void start() throws Exception {
    Stripe.enableTelemetry = false;
    fake = FakeStripe.start();
    client = StripeClient.builder().setApiKey("sk_test_fake").setApiBase(fake.baseUrl()).build();
    Customer c = client.v1().customers().create(CustomerCreateParams.builder().setEmail("j@example.com").build());
    Price p = client.v1().prices().create(PriceCreateParams.builder().setCurrency("usd").setUnitAmount(2000L)
        .setRecurring(PriceCreateParams.Recurring.builder().setInterval(PriceCreateParams.Recurring.Interval.MONTH).build())
        .setProductData(PriceCreateParams.ProductData.builder().setName("plan").build()).build());
    customer = c.getId();
    price = p.getId();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  SessionCreateParams.Builder session(Long expiresAt) {
    return SessionCreateParams.builder().setMode(SessionCreateParams.Mode.SUBSCRIPTION).setCustomer(customer)
        .addLineItem(SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(1L).build())
        .setExpiresAt(expiresAt);
  }

  @Test
  void refusesWhatStripeRefuses() {
    long now = System.currentTimeMillis() / 1000;
    assertThatThrownBy(() -> client.v1().checkout().sessions().create(session(null).build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("success_url");
    assertThatThrownBy(() -> client.v1().checkout().sessions().create(
        session(now + 25 * 3600).setSuccessUrl("https://x.example").build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("expires_at");
    assertThatThrownBy(() -> client.v1().checkout().sessions().create(
        session(now + 10 * 60).setSuccessUrl("https://x.example").build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("30 minutes");
  }

  @Test
  void completeMakesOneSubscriptionAndOnlyAnOpenSessionExpires() throws Exception {
    Session s = client.v1().checkout().sessions().create(session(null).setSuccessUrl("https://x.example").build());
    assertThat(s.getStatus()).isEqualTo("open");
    assertThat(s.getUrl()).startsWith("https://checkout.stripe.com/");

    String sub = fake.completeCheckoutSession(s.getId(), "tok_visa");

    Session done = client.v1().checkout().sessions().retrieve(s.getId());
    assertThat(done.getStatus()).isEqualTo("complete");
    assertThat(done.getSubscription()).isEqualTo(sub);
    assertThat(fake.get(sub).get("customer").getAsString()).isEqualTo(customer);
    assertThat(fake.count("subscription")).isEqualTo(1);
    assertThatThrownBy(() -> client.v1().checkout().sessions().expire(s.getId()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("status of `open`");
    assertThat(client.v1().checkout().sessions().list(SessionListParams.builder().setCustomer(customer)
        .setStatus(SessionListParams.Status.COMPLETE).build()).getData()).hasSize(1);
  }
}
