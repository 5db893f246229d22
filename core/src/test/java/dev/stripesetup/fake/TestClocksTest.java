package dev.stripesetup.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.PaymentMethod;
import com.stripe.model.Price;
import com.stripe.model.Subscription;
import com.stripe.model.testhelpers.TestClock;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerListParams;
import com.stripe.param.InvoiceListParams;
import com.stripe.param.PaymentMethodAttachParams;
import com.stripe.param.PaymentMethodCreateParams;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.SubscriptionCreateParams;
import com.stripe.param.testhelpers.TestClockAdvanceParams;
import com.stripe.param.testhelpers.TestClockCreateParams;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake's test clocks, through stripe-java: asynchronous advances, Stripe's limits, renewals, deletion. */
class TestClocksTest {
  private static final long JAN_1_2027 = 1_798_761_600L;
  private static final long DAY = 86_400;
  private FakeStripe fake;
  private StripeClient client;

  @BeforeEach
  void start() {
    fake = FakeStripe.start();
    client = StripeClient.builder().setApiKey("sk_test_fake").setApiBase(fake.baseUrl()).build();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private TestClock clock() throws Exception {
    return client.v1().testHelpers().testClocks().create(
        TestClockCreateParams.builder().setFrozenTime(JAN_1_2027).setName("t").build());
  }

  private Customer customerOn(String clockId, String email) throws Exception {
    return client.v1().customers().create(CustomerCreateParams.builder().setEmail(email).setTestClock(clockId).build());
  }

  private TestClock advance(String clockId, long to) throws Exception {
    return client.v1().testHelpers().testClocks().advance(clockId, TestClockAdvanceParams.builder().setFrozenTime(to).build());
  }

  /** A monthly $20 subscription paid by a card made from token. */
  private Subscription subscribe(String customerId, String token) throws Exception {
    PaymentMethod pm = client.v1().paymentMethods().create(PaymentMethodCreateParams.builder()
        .setType(PaymentMethodCreateParams.Type.CARD)
        .setCard(PaymentMethodCreateParams.Token.builder().setToken(token).build()).build());
    client.v1().paymentMethods().attach(pm.getId(), PaymentMethodAttachParams.builder().setCustomer(customerId).build());
    Price price = client.v1().prices().create(PriceCreateParams.builder().setCurrency("usd").setUnitAmount(2000L)
        .setRecurring(PriceCreateParams.Recurring.builder().setInterval(PriceCreateParams.Recurring.Interval.MONTH).build())
        .setProductData(PriceCreateParams.ProductData.builder().setName("p").build()).build());
    return client.v1().subscriptions().create(SubscriptionCreateParams.builder().setCustomer(customerId)
        .addItem(SubscriptionCreateParams.Item.builder().setPrice(price.getId()).build())
        .setDefaultPaymentMethod(pm.getId()).build());
  }

  private List<Invoice> invoices(String subId) throws Exception {
    List<Invoice> all = new java.util.ArrayList<>(client.v1().invoices().list(
        InvoiceListParams.builder().setSubscription(subId).build()).getData());
    all.sort(Comparator.comparing(Invoice::getCreated));
    return all;
  }

  @Test
  void whileCollectionIsPausedRenewalsAreVoidedAndAfterResumingTheyAreCharged() throws Exception {
    fake.setClockAdvancingPolls(0);
    TestClock clock = clock();
    Customer c = customerOn(clock.getId(), "p@example.com");
    Subscription sub = subscribe(c.getId(), "tok_visa");
    client.v1().subscriptions().update(sub.getId(), com.stripe.param.SubscriptionUpdateParams.builder()
        .setPauseCollection(com.stripe.param.SubscriptionUpdateParams.PauseCollection.builder()
            .setBehavior(com.stripe.param.SubscriptionUpdateParams.PauseCollection.Behavior.VOID).build()).build());

    advance(clock.getId(), 1_801_440_000L + 2 * 3600); // 2027-02-01 02:00, past the renewal and its finalizing hour
    client.v1().testHelpers().testClocks().retrieve(clock.getId()); // the advance completes when next read

    List<Invoice> paused = invoices(sub.getId());
    assertThat(paused).hasSize(2);
    assertThat(paused.get(1).getStatus()).isEqualTo("void");
    assertThat(paused.get(1).getAttemptCount()).isZero();
    assertThat(client.v1().subscriptions().retrieve(sub.getId()).getStatus()).isEqualTo("active");

    client.v1().subscriptions().update(sub.getId(), com.stripe.param.SubscriptionUpdateParams.builder()
        .setPauseCollection(com.stripe.param.common.EmptyParam.EMPTY).build());
    assertThat(client.v1().subscriptions().retrieve(sub.getId()).getPauseCollection()).isNull();
    advance(clock.getId(), 1_803_859_200L + 2 * 3600); // 2027-03-01 02:00
    client.v1().testHelpers().testClocks().retrieve(clock.getId());

    List<Invoice> resumed = invoices(sub.getId());
    assertThat(resumed).hasSize(3);
    assertThat(resumed.get(2).getStatus()).isEqualTo("paid");
  }

  @Test
  void anAdvanceIsAdvancingUntilALaterRetrieveFindsItReady() throws Exception {
    TestClock clock = clock();
    assertThat(clock.getStatus()).isEqualTo("ready");

    TestClock advancing = advance(clock.getId(), JAN_1_2027 + DAY);

    assertThat(advancing.getStatus()).isEqualTo("advancing");
    assertThat(advancing.getFrozenTime()).isEqualTo(JAN_1_2027);
    assertThatThrownBy(() -> advance(clock.getId(), JAN_1_2027 + 2 * DAY)).hasMessageContaining("currently advancing");
    assertThat(client.v1().testHelpers().testClocks().retrieve(clock.getId()).getStatus()).isEqualTo("advancing");
    TestClock ready = client.v1().testHelpers().testClocks().retrieve(clock.getId());
    assertThat(ready.getStatus()).isEqualTo("ready");
    assertThat(ready.getFrozenTime()).isEqualTo(JAN_1_2027 + DAY);
  }

  @Test
  void frozenTimeNeverGoesBackAndOneAdvanceSpansAtMostTwoOfTheShortestInterval() throws Exception {
    fake.setClockAdvancingPolls(0);
    TestClock clock = clock();
    Customer c = customerOn(clock.getId(), "a@example.com");
    subscribe(c.getId(), "tok_visa");

    assertThatThrownBy(() -> advance(clock.getId(), JAN_1_2027 - 1)).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("must be after");
    long twoMonths = 1_803_859_200L; // 2027-03-01
    assertThatThrownBy(() -> advance(clock.getId(), twoMonths + 1)).hasMessageContaining("two intervals");
    advance(clock.getId(), twoMonths);
    assertThat(client.v1().testHelpers().testClocks().retrieve(clock.getId()).getFrozenTime()).isEqualTo(twoMonths);
  }

  @Test
  void aClockTakesThreeCustomersWhichListOnlyWhenTheClockIsNamed() throws Exception {
    TestClock clock = clock();
    for (int i = 1; i <= 3; i++) {
      customerOn(clock.getId(), "c" + i + "@example.com");
    }

    assertThatThrownBy(() -> customerOn(clock.getId(), "c4@example.com")).isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("maximum number of customers (3)");
    assertThat(client.v1().customers().list(CustomerListParams.builder().build()).getData()).isEmpty();
    assertThat(client.v1().customers().list(CustomerListParams.builder().setTestClock(clock.getId()).build())
        .getData()).hasSize(3);
  }

  @Test
  void aRenewalIsADraftAtTheBoundaryChargedAnHourLater() throws Exception {
    fake.setClockAdvancingPolls(0);
    TestClock clock = clock();
    Customer c = customerOn(clock.getId(), "a@example.com");
    Subscription sub = subscribe(c.getId(), "tok_visa");
    assertThat(sub.getCreated()).isEqualTo(JAN_1_2027); // the clock's time, not the real one
    long feb1 = 1_801_440_000L;

    advance(clock.getId(), feb1);
    client.v1().testHelpers().testClocks().retrieve(clock.getId());
    assertThat(invoices(sub.getId())).hasSize(2);
    Invoice renewal = invoices(sub.getId()).get(1);
    assertThat(renewal.getStatus()).isEqualTo("draft"); // finalized and charged an hour later
    assertThat(renewal.getBillingReason()).isEqualTo("subscription_cycle");
    assertThat(renewal.getCreated()).isEqualTo(feb1);

    advance(clock.getId(), feb1 + 2 * 3600);
    client.v1().testHelpers().testClocks().retrieve(clock.getId());
    renewal = client.v1().invoices().retrieve(renewal.getId());
    assertThat(renewal.getStatus()).isEqualTo("paid");
    assertThat(renewal.getAttemptCount()).isEqualTo(1);
  }

  @Test
  void aFailingRenewalIsRetriedThenTheSubscriptionCanceledAndDeletingTheClockDeletesItsCustomers() throws Exception {
    fake.setClockAdvancingPolls(0);
    TestClock clock = clock();
    Customer c = customerOn(clock.getId(), "a@example.com");
    Subscription sub = subscribe(c.getId(), "tok_visa");
    PaymentMethod failing = client.v1().paymentMethods().create(PaymentMethodCreateParams.builder()
        .setType(PaymentMethodCreateParams.Type.CARD)
        .setCard(PaymentMethodCreateParams.Token.builder().setToken("tok_chargeCustomerFail").build()).build());
    client.v1().paymentMethods().attach(failing.getId(), PaymentMethodAttachParams.builder().setCustomer(c.getId()).build());
    client.v1().subscriptions().update(sub.getId(),
        com.stripe.param.SubscriptionUpdateParams.builder().setDefaultPaymentMethod(failing.getId()).build());
    long feb1 = 1_801_440_000L;

    advance(clock.getId(), feb1 + 2 * 3600);
    client.v1().testHelpers().testClocks().retrieve(clock.getId());
    Invoice renewal = invoices(sub.getId()).get(1);
    assertThat(renewal.getStatus()).isEqualTo("open");
    assertThat(renewal.getAttemptCount()).isEqualTo(1);
    assertThat(renewal.getNextPaymentAttempt()).isEqualTo(feb1 + 3600 + 3 * DAY);
    assertThat(client.v1().subscriptions().retrieve(sub.getId()).getStatus()).isEqualTo("past_due");

    advance(clock.getId(), feb1 + 20 * DAY); // retries after 3, 5 and 7 more days: all decline
    client.v1().testHelpers().testClocks().retrieve(clock.getId());
    renewal = client.v1().invoices().retrieve(renewal.getId());
    assertThat(renewal.getAttemptCount()).isEqualTo(4);
    assertThat(renewal.getNextPaymentAttempt()).isNull();
    assertThat(client.v1().subscriptions().retrieve(sub.getId()).getStatus()).isEqualTo("canceled");

    TestClock deleted = client.v1().testHelpers().testClocks().delete(clock.getId());
    assertThat(deleted.getDeleted()).isTrue();
    assertThat(client.v1().customers().retrieve(c.getId()).getDeleted()).isTrue();
  }
}
