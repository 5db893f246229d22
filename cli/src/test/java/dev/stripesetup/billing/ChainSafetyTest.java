package dev.stripesetup.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.Stripe;
import com.stripe.StripeClient;
import com.stripe.model.Customer;
import com.stripe.param.CustomerCreateParams;
import dev.stripesetup.fake.FakeStripe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Money-safety rules of the chain, run straight through {@link StripeHelpers} against the fake Stripe
 * (these run once in CI, not three times as the command tests do).
 */
class ChainSafetyTest {
  FakeStripe fake;
  StripeClient client;
  final List<String> progress = new ArrayList<>();

  @BeforeEach
  void start() {
    Stripe.enableTelemetry = false;
    fake = FakeStripe.start();
    client = StripeClient.builder().setApiKey("sk_test_fake").setApiBase(fake.baseUrl()).build();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  static SetupRequest request(String email, String amount, String... more) {
    Map<String, String> flags = new java.util.HashMap<>();
    for (int i = 0; i < more.length; i += 2) {
      flags.put(more[i], more[i + 1]);
    }
    return SetupRequestParser.parse(SetupRequestParser.Raw.builder()
        .name(flags.getOrDefault("name", "Jenny Rosen")).email(email).amount(amount)
        .product(flags.get("product")).description(flags.get("description")).price(flags.get("price"))
        .testCard(flags.get("test-card")).paymentMethod(flags.get("payment-method"))
        .customer(flags.get("customer")).build());
  }

  SetupResult setUp(SetupRequest r) {
    try (StripeHelpers helpers = new StripeHelpers(client, progress::add)) {
      return helpers.setUp(r);
    }
  }

  SetupResult setUpAllowingASecondSubscription(SetupRequest r) {
    try (StripeHelpers helpers = new StripeHelpers(client, progress::add).allowSecondSubscription(true)) {
      return helpers.setUp(r);
    }
  }

  long unattachedPaymentMethods() {
    return fake.objects("payment_method").stream().filter(pm -> pm.get("customer").isJsonNull()).count();
  }

  Customer customer(String email) throws Exception {
    return client.v1().customers().create(CustomerCreateParams.builder().setEmail(email).setName("Typed").build());
  }

  // Issue 14 item 1: Stripe's email filter is case-sensitive; Checkout and the Dashboard keep the case typed.

  @Test
  void aCustomerStoredWithCapitalsIsFoundWhenTheEmailIsTypedThatWay() throws Exception {
    Customer stored = customer("Jenny@Example.com");

    SetupResult r = setUp(request("Jenny@Example.com", "20"));

    assertThat(r.customerId()).isEqualTo(stored.getId());
    assertThat(fake.count("customer")).isEqualTo(1);
    // And a second run, typed the same way, reuses that customer's subscription.
    assertThat(setUp(request("Jenny@Example.com", "20")).outcome()).isEqualTo(SetupResult.Outcome.ALREADY_SUBSCRIBED);
    assertThat(fake.count("subscription")).isEqualTo(1);
  }

  @Test
  void theTypedAndTheLowerCasedEmailBelongingToTwoCustomersIsAmbiguous() throws Exception {
    Customer typed = customer("Jenny@Example.com");
    Customer lower = customer("jenny@example.com");

    assertThatThrownBy(() -> setUp(request("Jenny@Example.com", "20")))
        .isInstanceOf(AmbiguousCustomerException.class)
        .satisfies(e -> assertThat(((AmbiguousCustomerException) e).customerIds())
            .containsExactlyInAnyOrder(typed.getId(), lower.getId()));
    assertThat(fake.count("customer")).isEqualTo(2);
    assertThat(fake.count("subscription")).isZero();
  }

  @Test
  void aLowerCaseEmailStillFindsTheLowerCaseCustomerWithOneLookUp() throws Exception {
    Customer lower = customer("jenny@example.com");
    fake.clearRequests();

    SetupResult r = setUp(request("jenny@example.com", "20"));

    assertThat(r.customerId()).isEqualTo(lower.getId());
    assertThat(fake.requests()).filteredOn(q -> q.method().equals("GET") && q.path().equals("/v1/customers"))
        .hasSize(1);
  }

  // Issue 14 item 5: another live subscription means "ask first", whatever the plan looks like.

  @Test
  void aCustomerWithAnotherLiveSubscriptionGetsNoSecondOneUnlessAllowed() {
    SetupResult first = setUp(request("jenny@example.com", "20"));
    fake.clearRequests();

    assertThatThrownBy(() -> setUp(request("jenny@example.com", "30")))
        .isInstanceOf(SecondSubscriptionException.class)
        .hasMessageContaining(first.customerId()).hasMessageContaining(first.subscriptionId())
        .hasMessageContaining("$20.00 USD every month").hasMessageContaining("--allow-second-subscription");
    assertThat(fake.count("subscription")).isEqualTo(1);
    // Refused before a test card was made for it: nothing is left lying about.
    assertThat(fake.requests()).noneMatch(q -> q.method().equals("POST") && q.path().startsWith("/v1/payment_methods"));

    SetupResult second = setUpAllowingASecondSubscription(request("jenny@example.com", "30"));
    assertThat(second.outcome()).isEqualTo(SetupResult.Outcome.SUBSCRIBED);
    assertThat(second.customerId()).isEqualTo(first.customerId());
    assertThat(fake.count("subscription")).isEqualTo(2);
    assertThat(unattachedPaymentMethods()).isZero();
  }

  @Test
  void aProductNameDifferingOnlyInCaseIsAnotherPlanAndSoRefused() {
    setUp(request("jenny@example.com", "20", "product", "Pro"));

    assertThatThrownBy(() -> setUp(request("jenny@example.com", "20", "product", "pro")))
        .isInstanceOf(SecondSubscriptionException.class);
    assertThat(fake.count("subscription")).isEqualTo(1);
  }

  // Issue 14 item 13: a run with other inputs on the same plan used to leave a test card unattached.

  @Test
  void aRunWithOtherInputsOnTheSamePlanLeavesNoUnattachedTestCard() {
    setUp(request("jenny@example.com", "20"));

    SetupResult again = setUp(request("jenny@example.com", "20", "name", "Jenny R.", "description", "other"));

    assertThat(again.outcome()).isEqualTo(SetupResult.Outcome.ALREADY_SUBSCRIBED);
    assertThat(fake.count("payment_method")).isEqualTo(1);
    assertThat(unattachedPaymentMethods()).isZero();
  }

  // Issue 14 item 14: after cleanup, Stripe may answer resource_missing for the replayed customer.

  @Test
  void aReplayedCustomerThatIsNoLongerFoundAtAllIsSetUpAfresh() throws Exception {
    SetupResult first = setUp(request("jenny@example.com", "20"));
    client.v1().customers().delete(first.customerId());
    fake.purge(first.customerId());

    SetupResult again = setUp(request("jenny@example.com", "20"));

    assertThat(again.outcome()).isEqualTo(SetupResult.Outcome.SUBSCRIBED);
    assertThat(again.customerId()).isNotEqualTo(first.customerId());
    assertThat(fake.count("customer")).isEqualTo(1);
    assertThat(progress).anyMatch(line -> line.contains(first.customerId()) && line.contains("creating a new one"));
  }

  // Issue 14 item 4: without the lock, the email is looked up once more just before a customer is made.

  @Test
  void withoutTheLockTheEmailIsCheckedAgainJustBeforeCreatingACustomer(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    java.nio.file.Path unusable = java.nio.file.Files.writeString(dir.resolve("file"), "x").resolve("locks");
    try (StripeHelpers helpers = new StripeHelpers(client, progress::add, unusable)) {
      helpers.setUp(request("jenny@example.com", "20"));
    }
    List<String> calls = fake.requests().stream().map(q -> q.method() + " " + q.path())
        .filter(c -> c.endsWith("/v1/customers")).toList();
    assertThat(calls).containsExactly("GET /v1/customers", "GET /v1/customers", "POST /v1/customers");
    assertThat(progress).anyMatch(line -> line.startsWith("warning: running without the per-email lock"));
  }

  // Issue 14 item 13: a given payment method is read before anything is created.

  @Test
  void aPaymentMethodOfAnotherCustomerStopsTheRunBeforeAnythingIsCreated() {
    SetupResult ada = setUp(request("ada@example.com", "20"));
    fake.clearRequests();

    assertThatThrownBy(() -> setUp(request("jenny@example.com", "20", "payment-method", ada.paymentMethodId())))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(ada.paymentMethodId() + " is attached to another customer, " + ada.customerId());
    assertThat(fake.requests()).noneMatch(q -> q.method().equals("POST"));
    assertThat(fake.count("customer")).isEqualTo(1);
  }
}
