package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stripesetup.fake.FakeStripe;
import dev.stripesetup.fake.FakeStripe.RecordedRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job, end to end: the real command, stripe-java and HTTP against the fake Stripe. */
class ChainCommandTest {
  @TempDir
  Path dir;
  FakeStripe fake;
  CliRun cli;

  @BeforeEach
  void start() {
    fake = FakeStripe.start();
    cli = new CliRun(dir).key(CliRun.TEST_KEY);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private CliRun.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of("--api-base", fake.baseUrl()));
    all.addAll(List.of(args));
    return cli.run(all.toArray(String[]::new));
  }

  static final String[] JENNY = {"--name", "Jenny Rosen", "--email", "jenny@example.com", "--amount", "20"};

  @Test
  void firstRunCreatesCustomerPaymentMethodPriceAndActiveSubscription() {
    CliRun.Result r = run(JENNY);

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(fake.count("customer")).isEqualTo(1);
    assertThat(fake.count("price")).isEqualTo(1);
    assertThat(fake.count("product")).isEqualTo(1);
    assertThat(fake.count("subscription")).isEqualTo(1);
    JsonObject customer = fake.objects("customer").get(0);
    JsonObject pm = fake.objects("payment_method").get(0);
    JsonObject price = fake.objects("price").get(0);
    JsonObject sub = fake.objects("subscription").get(0);
    String cus = customer.get("id").getAsString();
    assertThat(customer.get("email").getAsString()).isEqualTo("jenny@example.com");
    assertThat(customer.getAsJsonObject("metadata").get("created_by").getAsString()).isEqualTo("stripe-setup");
    assertThat(pm.get("customer").getAsString()).isEqualTo(cus);
    assertThat(price.get("unit_amount").getAsLong()).isEqualTo(2000);
    assertThat(price.get("currency").getAsString()).isEqualTo("usd");
    assertThat(price.getAsJsonObject("recurring").get("interval").getAsString()).isEqualTo("month");
    assertThat(sub.get("status").getAsString()).isEqualTo("active");
    assertThat(sub.get("customer").getAsString()).isEqualTo(cus);
    assertThat(sub.get("default_payment_method").getAsString()).isEqualTo(pm.get("id").getAsString());

    assertThat(r.out()).contains("Subscribed: $20.00 USD every month")
        .contains(cus).contains("https://dashboard.stripe.com/test/customers/" + cus)
        .contains(sub.get("id").getAsString()).contains("active").contains("Next billing")
        .contains("visa ending 4242");
    assertThat(r.err()).contains("Using test key sk_test_...4242 from environment variable STRIPE_API_KEY");
  }

  @Test
  void requestsAreTheDocumentedStripeCallsEachIdPassedToTheNext() {
    run(JENNY);
    List<RecordedRequest> reqs = fake.requests();
    assertThat(reqs).extracting(q -> q.method() + " " + q.path().replaceAll("pm_\\w+", "pm_X"))
        .containsExactlyInAnyOrder(
            "GET /v1/customers", "GET /v1/customers/search", "GET /v1/prices",
            "POST /v1/customers", "POST /v1/prices", "POST /v1/subscriptions");
    String cus = fake.objects("customer").get(0).get("id").getAsString();
    String pm = fake.objects("payment_method").get(0).get("id").getAsString();
    String price = fake.objects("price").get(0).get("id").getAsString();

    assertThat(one(reqs, "GET", "/v1/customers").params()).containsEntry("email", List.of("jenny@example.com"));
    // Case-insensitive, in the same round as the exact-case list (see CustomerResolution).
    assertThat(one(reqs, "GET", "/v1/customers/search").params())
        .containsEntry("query", List.of("email:\"jenny@example.com\""));
    assertThat(one(reqs, "GET", "/v1/prices").params()).containsKey("lookup_keys[0]");
    // The customer comes with its test card as the invoice default: no payment-method create or attach.
    assertThat(one(reqs, "POST", "/v1/customers").params())
        .containsEntry("name", List.of("Jenny Rosen")).containsEntry("email", List.of("jenny@example.com"))
        .containsEntry("metadata[created_by]", List.of("stripe-setup")).containsKey("metadata[stripe_setup_run]")
        .containsEntry("payment_method", List.of("pm_card_visa"))
        .containsEntry("invoice_settings[default_payment_method]", List.of("pm_card_visa"));
    assertThat(fake.get(pm).get("customer").getAsString()).isEqualTo(cus);
    assertThat(one(reqs, "POST", "/v1/prices").params())
        .containsEntry("unit_amount", List.of("2000")).containsEntry("currency", List.of("usd"))
        .containsEntry("recurring[interval]", List.of("month")).containsEntry("recurring[interval_count]", List.of("1"))
        .containsEntry("product_data[name]", List.of("stripe-setup plan")).containsKey("lookup_key");
    RecordedRequest subscribe = one(reqs, "POST", "/v1/subscriptions");
    // The subscription names the attached copy (pm_...), not the test payment method's magic ID.
    assertThat(subscribe.params())
        .containsEntry("customer", List.of(cus)).containsEntry("items[0][price]", List.of(price))
        .containsEntry("default_payment_method", List.of(pm))
        .containsEntry("payment_behavior", List.of("allow_incomplete"));
    assertThat(pm).isNotEqualTo("pm_card_visa");
    assertThat(reqs.get(reqs.size() - 1)).isEqualTo(subscribe);
    assertThat(reqs).filteredOn(q -> q.method().equals("POST"))
        .allSatisfy(q -> assertThat(q.idempotencyKey()).startsWith("stripe-setup-v1:"));
    assertThat(reqs).allSatisfy(q -> assertThat(q.authorization()).isEqualTo("Bearer " + CliRun.TEST_KEY));
  }

  @Test
  void identicalReRunCreatesNothingAndSaysAlreadySubscribed() {
    assertThat(run(JENNY).exitCode()).isZero();
    fake.clearRequests();

    CliRun.Result again = run(JENNY);

    assertThat(again.exitCode()).as(again.all()).isZero();
    assertThat(again.out()).contains("Already subscribed");
    assertThat(fake.count("customer")).isEqualTo(1);
    assertThat(fake.count("price")).isEqualTo(1);
    assertThat(fake.count("product")).isEqualTo(1);
    assertThat(fake.count("subscription")).isEqualTo(1);
    assertThat(fake.count("payment_method")).isEqualTo(1);
    // Nothing was acted on a second time: every POST was answered from Stripe's idempotency store.
    assertThat(fake.requests()).filteredOn(q -> q.method().equals("POST"))
        .allSatisfy(q -> assertThat(q.replayed()).as(q.path()).isTrue());
  }

  @Test
  void secondCustomerOnTheSamePlanReusesThePrice() {
    run(JENNY);
    CliRun.Result r = run("--name", "Ada", "--email", "ada@example.com", "--amount", "20");
    assertThat(r.exitCode()).isZero();
    assertThat(fake.count("customer")).isEqualTo(2);
    assertThat(fake.count("price")).isEqualTo(1);
    assertThat(fake.count("product")).isEqualTo(1);
    assertThat(fake.count("subscription")).isEqualTo(2);
    assertThat(r.out()).contains("reused, $20.00 USD every month");
  }

  @Test
  void existingCustomerWithThatEmailIsReusedForANewPlan() {
    run(JENNY);
    CliRun.Result r = run("--name", "Jenny Rosen", "--email", "JENNY@example.com", "--amount", "30", "--interval", "year",
        "--allow-second-subscription");
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(fake.count("customer")).isEqualTo(1);
    assertThat(fake.count("price")).isEqualTo(2);
    assertThat(fake.count("subscription")).isEqualTo(2);
    assertThat(r.out()).contains("$30.00 USD every year").contains("(reused)");
  }

  @Test
  void jsonPrintsOneDocumentOnStdoutWithIdsAndMessagesOnStderr() {
    CliRun.Result r = run(Stream.concat(Stream.of("--json"), Stream.of(JENNY)).toArray(String[]::new));
    assertThat(r.exitCode()).isZero();
    JsonObject doc = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(doc.get("ok").getAsBoolean()).isTrue();
    assertThat(doc.get("livemode").getAsBoolean()).isFalse();
    assertThat(doc.get("api_version").getAsString()).isEqualTo(com.stripe.Stripe.API_VERSION);
    assertThat(doc.getAsJsonObject("customer").get("id").getAsString()).startsWith("cus_");
    assertThat(doc.getAsJsonObject("payment_method").get("id").getAsString()).startsWith("pm_");
    assertThat(doc.getAsJsonObject("price").get("id").getAsString()).startsWith("price_");
    assertThat(doc.getAsJsonObject("subscription").get("status").getAsString()).isEqualTo("active");
    assertThat(doc.getAsJsonObject("subscription").get("next_billing_date").getAsString()).isNotBlank();
    assertThat(r.err()).contains("Created customer");
  }

  @Test
  void verboseShowsEachRequestWithItsTiming() {
    CliRun.Result r = run(Stream.concat(Stream.of("--verbose"), Stream.of(JENNY)).toArray(String[]::new));
    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).containsPattern("POST /v1/subscriptions -> 200 in \\d+ ms")
        .containsPattern("GET /v1/customers\\?\\S*email=jenny%40example.com\\S* -> 200 in \\d+ ms");
  }

  @Test
  void trialSubscriptionIsTrialingAndReportsTheTrialEnd() {
    CliRun.Result r = run("--name", "T", "--email", "t@example.com", "--amount", "9.99", "--trial-days", "14",
        "--metadata", "plan=pro", "--metadata", "source=cli", "--description", "Pro plan");
    assertThat(r.exitCode()).as(r.all()).isZero();
    JsonObject sub = fake.objects("subscription").get(0);
    assertThat(sub.get("status").getAsString()).isEqualTo("trialing");
    assertThat(sub.getAsJsonObject("metadata").get("plan").getAsString()).isEqualTo("pro");
    assertThat(sub.getAsJsonObject("metadata").get("created_by").getAsString()).isEqualTo("stripe-setup");
    assertThat(sub.get("description").getAsString()).isEqualTo("Pro plan");
    assertThat(r.out()).contains("Trial ends");
  }

  @Test
  void zeroDecimalCurrencyIsSentInWholeUnits() {
    CliRun.Result r = run("--name", "K", "--email", "k@example.com", "--amount", "2000", "--currency", "JPY",
        "--interval", "week", "--interval-count", "2");
    assertThat(r.exitCode()).isZero();
    JsonObject price = fake.objects("price").get(0);
    assertThat(price.get("unit_amount").getAsLong()).isEqualTo(2000);
    assertThat(price.get("currency").getAsString()).isEqualTo("jpy");
    assertThat(r.out()).contains("¥2,000 JPY every 2 weeks");
  }

  @Test
  void existingPriceIsReusedWithoutCreatingOne() {
    run(JENNY);
    String price = fake.objects("price").get(0).get("id").getAsString();
    fake.clearRequests();
    CliRun.Result r = run("--name", "B", "--email", "b@example.com", "--price", price);
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(fake.count("price")).isEqualTo(1);
    assertThat(fake.requests()).noneMatch(q -> q.method().equals("POST") && q.path().equals("/v1/prices"));
    assertThat(r.out()).contains("$20.00 USD every month");
  }

  @Test
  void existingPaymentMethodIsAttachedInsteadOfATestCard() {
    CliRun.Result r = run("--name", "P", "--email", "p@example.com", "--amount", "5", "--payment-method", "pm_card_mastercard");
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(fake.requests()).noneMatch(q -> q.method().equals("POST") && q.path().equals("/v1/payment_methods"));
    assertThat(fake.objects("subscription").get(0).get("status").getAsString()).isEqualTo("active");
  }

  @Test
  void newCustomerFlagMakesASecondCustomerWithTheSameEmailOnlyWithAllowSecondSubscription() {
    run(JENNY);
    String first = fake.objects("subscription").get(0).get("id").getAsString();
    String[] newCustomer = {"--name", "Jenny Rosen", "--email", "Jenny@Example.com", "--amount", "20", "--new-customer"};

    // Issue 19 item 6: the email's customer is already on this plan; a second would pay twice.
    CliRun.Result refused = run(newCustomer);
    assertThat(refused.exitCode()).as(refused.all()).isEqualTo(ExitCode.SECOND_SUBSCRIPTION);
    assertThat(refused.err()).contains(first).contains("--new-customer").contains("--allow-second-subscription");
    assertThat(fake.count("customer")).isEqualTo(1);

    CliRun.Result r = run(FakeStripeCli.with(newCustomer, "--allow-second-subscription"));
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(fake.count("customer")).isEqualTo(2);
    CliRun.Result again = run(FakeStripeCli.with(newCustomer, "--allow-second-subscription"));
    assertThat(again.exitCode()).as(again.all()).isZero();
    assertThat(fake.count("customer")).as("a re-run finds its own customer").isEqualTo(2);
    assertThat(fake.count("subscription")).isEqualTo(2);
  }

  @Test
  void aReRunOfNewCustomerIsNotRefusedForTheCustomerItMadeItself() {
    String[] newCustomer = FakeStripeCli.with(JENNY, "--new-customer");
    assertThat(run(newCustomer).exitCode()).isZero();
    CliRun.Result again = run(newCustomer);
    assertThat(again.exitCode()).as(again.all()).isZero();
    assertThat(fake.count("customer")).isEqualTo(1);
    assertThat(fake.count("subscription")).isEqualTo(1);
  }

  static RecordedRequest one(List<RecordedRequest> reqs, String method, String path) {
    List<RecordedRequest> found = reqs.stream().filter(q -> q.method().equals(method) && q.path().equals(path)).toList();
    assertThat(found).as(method + " " + path).hasSize(1);
    return found.get(0);
  }
}
