package dev.stripesetup.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.stripe.StripeClient;
import dev.stripesetup.fake.FakeStripe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The collect paths against the fake Stripe through stripe-java: one Checkout link per customer and
 * plan across re-runs and faults, exactly one subscription once it is paid, expiry, and invoiced
 * subscriptions made once.
 */
class CollectorsTest {
  static final String SUCCESS = "https://example.com/thanks?session={CHECKOUT_SESSION_ID}";

  FakeStripe fake;
  StripeHelpers helpers;
  final List<String> progress = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    fake = FakeStripe.start();
    StripeClient client = fake.client();
    helpers = new StripeHelpers(client, progress::add, null);
  }

  @AfterEach
  void stop() {
    helpers.close();
    fake.close();
  }

  static SetupRequest jenny(String description) {
    return SetupRequestParser.parse(SetupRequestParser.Raw.builder().name("Jenny Rosen")
        .email("jenny@example.com").amount("20").description(description).build());
  }

  static SetupRequest jennyAt(String amount) {
    return SetupRequestParser.parse(SetupRequestParser.Raw.builder().name("Jenny Rosen")
        .email("jenny@example.com").amount(amount).build());
  }

  /** A clock whose sleeps are recorded and short, and that can act on the n-th sleep. */
  static final class TestClock implements CheckoutCollector.Clock {
    final List<Long> sleeps = new ArrayList<>();
    Runnable onThirdSleep = () -> {};

    @Override
    public void sleep(long millis) {
      sleeps.add(millis);
      if (sleeps.size() == 3) {
        onThirdSleep.run();
      }
    }
  }

  private CheckoutCollector collector(TestClock clock) {
    return new CheckoutCollector(helpers, clock, 100, 300);
  }

  @Test
  void reRunsReuseTheOneOpenLink() {
    CheckoutCollector c = collector(new TestClock());
    CheckoutCollector.Collected first = c.start(jenny(null), SUCCESS, Duration.ofHours(24));
    CheckoutCollector.Collected second = c.start(jenny(null), SUCCESS, Duration.ofHours(24));

    assertThat(first.result()).isNull();
    assertThat(first.link().reused()).isFalse();
    assertThat(second.link().sessionId()).isEqualTo(first.link().sessionId());
    assertThat(second.link().reused()).isTrue();
    assertThat(fake.count("checkout.session")).isEqualTo(1);
    assertThat(fake.count("customer")).isEqualTo(1);
    assertThat(fake.count("subscription")).isZero();
    assertThat(fake.count("payment_method")).isZero();
    JsonObject s = fake.objects("checkout.session").get(0);
    assertThat(s.get("mode").getAsString()).isEqualTo("subscription");
    assertThat(s.get("customer").getAsString()).isEqualTo(first.link().customerId());
    assertThat(s.get("success_url").getAsString()).isEqualTo(SUCCESS);
    long ttl = s.get("expires_at").getAsLong() - s.get("created").getAsLong();
    assertThat(ttl).isBetween(24 * 3600L - 5, 24 * 3600L);
  }

  @Test
  void aCreateWhoseAnswerWasLostIsRetriedUnderTheSameKeyNotMadeTwice() {
    fake.injectFault(FakeStripe.Fault.DROP_AFTER_ACTING, "POST", "/v1/checkout/sessions", 1);
    CheckoutCollector c = collector(new TestClock());
    CheckoutCollector.Collected first = c.start(jenny(null), SUCCESS, Duration.ofMinutes(30));
    CheckoutCollector.Collected again = c.start(jenny(null), SUCCESS, Duration.ofMinutes(30));

    assertThat(fake.faultsInjected()).isEqualTo(1);
    assertThat(fake.count("checkout.session")).isEqualTo(1);
    assertThat(again.link().sessionId()).isEqualTo(first.link().sessionId());
    assertThat(fake.requests()).filteredOn(r -> r.method().equals("POST") && r.path().equals("/v1/checkout/sessions"))
        .extracting(FakeStripe.RecordedRequest::idempotencyKey).hasSize(2).containsOnly(
            fake.requests().stream().filter(r -> r.path().equals("/v1/checkout/sessions") && r.method().equals("POST"))
                .findFirst().orElseThrow().idempotencyKey());
  }

  @Test
  void aPaidLinkEndsInExactlyOneSubscriptionAndReRunsFindIt() throws Exception {
    TestClock clock = new TestClock();
    CheckoutCollector c = collector(clock);
    CheckoutCollector.Collected open = c.start(jenny("Gold"), SUCCESS, Duration.ofHours(1));
    clock.onThirdSleep = () -> fake.completeCheckoutSession(open.link().sessionId(), "tok_visa");

    SetupResult paid = c.await(open);

    assertThat(paid.outcome()).isEqualTo(SetupResult.Outcome.SUBSCRIBED);
    assertThat(paid.status()).isEqualTo("active");
    assertThat(paid.cardLast4()).isEqualTo("4242");
    assertThat(clock.sleeps).containsExactly(100L, 150L, 225L); // backoff, completed on the third poll
    JsonObject sub = fake.objects("subscription").get(0);
    assertThat(sub.get("id").getAsString()).isEqualTo(paid.subscriptionId());
    assertThat(sub.getAsJsonObject("metadata").get("stripe_setup_run").getAsString()).isEqualTo(paid.runId());
    assertThat(sub.get("description").getAsString()).isEqualTo("Gold");

    CheckoutCollector.Collected rerun = c.start(jenny("Gold"), SUCCESS, Duration.ofHours(1));
    assertThat(rerun.link()).isNull();
    assertThat(rerun.result().outcome()).isEqualTo(SetupResult.Outcome.ALREADY_SUBSCRIBED);
    assertThat(rerun.result().subscriptionId()).isEqualTo(paid.subscriptionId());
    assertThat(fake.count("subscription")).isEqualTo(1);
    assertThat(fake.count("checkout.session")).isEqualTo(1);
  }

  @Test
  void anExpiredLinkEndsTheWaitAndTheNextRunMakesOneNewLink() throws Exception {
    TestClock clock = new TestClock();
    CheckoutCollector c = collector(clock);
    CheckoutCollector.Collected open = c.start(jenny(null), SUCCESS, Duration.ofHours(1));
    clock.onThirdSleep = () -> fake.expireCheckoutSession(open.link().sessionId());

    assertThat(c.await(open)).isNull();

    CheckoutCollector.Collected next = c.start(jenny(null), SUCCESS, Duration.ofHours(1));
    CheckoutCollector.Collected same = c.start(jenny(null), SUCCESS, Duration.ofHours(1));
    assertThat(next.link().sessionId()).isNotEqualTo(open.link().sessionId());
    assertThat(same.link().sessionId()).isEqualTo(next.link().sessionId());
    assertThat(fake.count("checkout.session")).isEqualTo(2);
    assertThat(fake.objects("checkout.session")).extracting(s -> s.get("status").getAsString())
        .containsExactly("expired", "open");
  }

  @Test
  void anotherRunsOpenLinkForTheSamePlanIsExpiredSoTheCustomerCannotPayTwice() {
    CheckoutCollector c = collector(new TestClock());
    CheckoutCollector.Collected a = c.start(jenny("first try"), SUCCESS, Duration.ofHours(1));
    CheckoutCollector.Collected b = c.start(jenny("second try"), SUCCESS, Duration.ofHours(1));

    assertThat(b.link().runId()).isNotEqualTo(a.link().runId());
    assertThat(fake.get(a.link().sessionId()).get("status").getAsString()).isEqualTo("expired");
    assertThat(fake.get(b.link().sessionId()).get("status").getAsString()).isEqualTo("open");
    assertThat(progress).anyMatch(l -> l.contains("Expired older open Checkout link " + a.link().sessionId()));
  }

  @Test
  void aLinkForAnArchivedPriceOfThePlanIsExpiredWhenTheNextRunMakesOneForTheNewPrice() throws Exception {
    CheckoutCollector c = collector(new TestClock());
    CheckoutCollector.Collected old = c.start(jenny(null), SUCCESS, Duration.ofHours(1));
    helpers.client().v1().prices().update(old.link().priceId(),
        com.stripe.param.PriceUpdateParams.builder().setActive(false).build());

    CheckoutCollector.Collected next = c.start(jenny(null), SUCCESS, Duration.ofHours(1));

    assertThat(next.link().priceId()).isNotEqualTo(old.link().priceId());
    assertThat(fake.get(old.link().sessionId()).get("status").getAsString()).isEqualTo("expired");
    assertThat(fake.get(next.link().sessionId()).get("status").getAsString()).isEqualTo("open");
  }

  @Test
  void anInvoiceForThePlanExpiresTheOpenLinkFirst() {
    CheckoutCollector.Collected open = collector(new TestClock()).start(jenny(null), SUCCESS, Duration.ofHours(1));

    SetupResult invoiced = new InvoiceCollector(helpers).collect(jenny(null), 7);

    assertThat(invoiced.outcome()).isEqualTo(SetupResult.Outcome.SUBSCRIBED);
    assertThat(fake.get(open.link().sessionId()).get("status").getAsString()).isEqualTo("expired");
    assertThat(fake.count("subscription")).isEqualTo(1);
  }

  @Test
  void invoicedSubscriptionIsMadeOnceAndShowsTheHostedInvoice() {
    InvoiceCollector c = new InvoiceCollector(helpers);
    SetupResult first = c.collect(jenny(null), 10);
    SetupResult again = c.collect(jenny(null), 10);

    assertThat(first.outcome()).isEqualTo(SetupResult.Outcome.SUBSCRIBED);
    assertThat(first.hostedInvoiceUrl()).startsWith("https://invoice.stripe.com/");
    assertThat(first.paymentMethodId()).isNull();
    assertThat(again.outcome()).isEqualTo(SetupResult.Outcome.ALREADY_SUBSCRIBED);
    assertThat(again.subscriptionId()).isEqualTo(first.subscriptionId());
    assertThat(again.hostedInvoiceUrl()).isEqualTo(first.hostedInvoiceUrl());
    assertThat(fake.count("subscription")).isEqualTo(1);
    JsonObject sub = fake.objects("subscription").get(0);
    assertThat(sub.get("collection_method").getAsString()).isEqualTo("send_invoice");
    assertThat(sub.get("days_until_due").getAsLong()).isEqualTo(10);
    assertThat(fake.count("payment_method")).isZero();
  }

  @Test
  void aCustomerOnAnotherPlanGetsNoLinkOrInvoiceWithoutAllowSecondSubscription() {
    SetupResult twenty = new InvoiceCollector(helpers).collect(jennyAt("20"), 7);
    assertThat(twenty.outcome()).isEqualTo(SetupResult.Outcome.SUBSCRIBED);

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> collector(new TestClock()).start(jennyAt("30"), SUCCESS, Duration.ofHours(1)))
        .isInstanceOf(SecondSubscriptionException.class).hasMessageContaining(twenty.subscriptionId());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new InvoiceCollector(helpers).collect(jennyAt("30"), 7))
        .isInstanceOf(SecondSubscriptionException.class);
    assertThat(fake.count("checkout.session")).isZero();
    assertThat(fake.count("subscription")).isEqualTo(1);

    helpers.allowSecondSubscription(true);
    assertThat(collector(new TestClock()).start(jennyAt("30"), SUCCESS, Duration.ofHours(1)).link()).isNotNull();
    assertThat(fake.count("checkout.session")).isEqualTo(1);
  }

  @Test
  void aCardRunForACustomerWithAnOpenLinkExpiresTheLinkSoTheCustomerCannotPayTwice() {
    CheckoutCollector.Collected open = collector(new TestClock()).start(jenny(null), SUCCESS, Duration.ofHours(1));

    SetupResult card = helpers.setUp(jenny(null));

    assertThat(card.outcome()).isEqualTo(SetupResult.Outcome.SUBSCRIBED);
    assertThat(fake.get(open.link().sessionId()).get("status").getAsString()).isEqualTo("expired");
    assertThat(fake.count("subscription")).isEqualTo(1);
  }

  static SetupRequest request(String email, String amount, boolean newCustomer) {
    return SetupRequestParser.parse(SetupRequestParser.Raw.builder().name("Jenny Rosen").email(email)
        .amount(amount).newCustomer(newCustomer).build());
  }

  @Test
  void aCustomerStoredWithCapitalsIsFoundByTheCollectPathsToo() throws Exception {
    helpers.client().v1().customers().create(com.stripe.param.CustomerCreateParams.builder()
        .setName("Jenny Rosen").setEmail("Jenny@Example.com").build());

    SetupResult invoiced = new InvoiceCollector(helpers).collect(request("Jenny@Example.com", "20", false), 7);
    CheckoutCollector.Collected again = collector(new TestClock())
        .start(request("Jenny@Example.com", "20", false), SUCCESS, Duration.ofHours(1));

    assertThat(fake.count("customer")).isEqualTo(1);
    assertThat(again.result().subscriptionId()).isEqualTo(invoiced.subscriptionId());
  }

  @Test
  void aReRunWithNewCustomerAfterTheLinkWasPaidReportsThatSubscriptionAndMakesNoSecondLink() {
    CheckoutCollector c = collector(new TestClock());
    CheckoutCollector.Collected open = c.start(request("jenny@example.com", "20", true), SUCCESS, Duration.ofHours(1));
    String paid = fake.completeCheckoutSession(open.link().sessionId(), "tok_visa");

    CheckoutCollector.Collected rerun = c.start(request("jenny@example.com", "20", true), SUCCESS, Duration.ofHours(1));

    assertThat(rerun.link()).isNull();
    assertThat(rerun.result().subscriptionId()).isEqualTo(paid);
    assertThat(fake.count("checkout.session")).isEqualTo(1);
    assertThat(fake.count("customer")).isEqualTo(1);
  }

  @Test
  void anOpenLinkForAnotherPlanIsExpiredBeforeAnotherPlanIsSetUpUnlessASecondSubscriptionIsAllowed() {
    CheckoutCollector.Collected twenty = collector(new TestClock()).start(jennyAt("20"), SUCCESS, Duration.ofHours(1));

    new InvoiceCollector(helpers).collect(jennyAt("30"), 7);

    assertThat(fake.get(twenty.link().sessionId()).get("status").getAsString()).isEqualTo("expired");

    helpers.allowSecondSubscription(true);
    CheckoutCollector.Collected forty = collector(new TestClock()).start(jennyAt("40"), SUCCESS, Duration.ofHours(1));
    collector(new TestClock()).start(jennyAt("50"), SUCCESS, Duration.ofHours(1));
    assertThat(fake.get(forty.link().sessionId()).get("status").getAsString()).isEqualTo("open");
  }
}
