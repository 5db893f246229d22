package dev.stripesetup.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.Stripe;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.InvoicePayment;
import com.stripe.model.PaymentIntent;
import com.stripe.model.PaymentMethod;
import com.stripe.model.Price;
import com.stripe.model.StripeCollection;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerListParams;
import com.stripe.param.InvoicePaymentListParams;
import com.stripe.param.PaymentMethodAttachParams;
import com.stripe.param.PaymentMethodCreateParams;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.PriceListParams;
import com.stripe.param.SubscriptionCreateParams;
import com.stripe.param.SubscriptionListParams;
import com.stripe.param.SubscriptionUpdateParams;
import dev.stripesetup.fake.FakeStripe.Fault;
import dev.stripesetup.fake.FakeStripe.RecordedRequest;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeStripeTest {
  private static final String KEY = "sk_test_fake_4242";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private FakeStripe fake;

  @BeforeAll
  static void noTelemetry() {
    Stripe.enableTelemetry = false;
  }

  @BeforeEach
  void startFake() {
    fake = FakeStripe.start();
  }

  @AfterEach
  void stopFake() {
    fake.close();
  }

  private StripeClient client(int maxNetworkRetries) {
    return StripeClient.builder().setApiKey(KEY).setApiBase(fake.baseUrl())
        .setMaxNetworkRetries(maxNetworkRetries).build();
  }

  private static RequestOptions key(String idempotencyKey) {
    return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
  }

  private HttpResponse<String> post(String path, String form, String idempotencyKey, String apiKey)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.baseUrl() + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (apiKey != null) b.header("Authorization", "Bearer " + apiKey);
    if (idempotencyKey != null) b.header("Idempotency-Key", idempotencyKey);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String pathAndQuery, String apiKey) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fake.baseUrl() + pathAndQuery)).GET();
    if (apiKey != null) b.header("Authorization", "Bearer " + apiKey);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject error(HttpResponse<String> r) {
    return JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("error");
  }

  // ---- raw HTTP: wire format, idempotency, auth, errors ----

  @Test
  void rawHttpReplaysSameKeyAndRejectsDifferentParams() throws Exception {
    HttpResponse<String> first = post("/v1/customers", "email=a%40example.com&metadata%5Brun%5D=r1", "k1", KEY);
    HttpResponse<String> replay = post("/v1/customers", "metadata[run]=r1&email=a@example.com", "k1", KEY);
    HttpResponse<String> changed = post("/v1/customers", "email=b@example.com", "k1", KEY);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Request-Id")).get().asString().startsWith("req_");
    assertThat(first.headers().firstValue("Stripe-Version")).hasValue("2026-07-29.dahlia");
    assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
    JsonObject cus = JsonParser.parseString(first.body()).getAsJsonObject();
    assertThat(cus.get("id").getAsString()).matches("cus_[A-Za-z0-9]{14}");
    assertThat(cus.getAsJsonObject("metadata").get("run").getAsString()).isEqualTo("r1");
    assertThat(cus.getAsJsonObject("invoice_settings").get("default_payment_method").isJsonNull()).isTrue();
    assertThat(cus.get("livemode").getAsBoolean()).isFalse();

    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(replay.body()).isEqualTo(first.body());
    assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");

    assertThat(changed.statusCode()).isEqualTo(400);
    assertThat(error(changed).get("type").getAsString()).isEqualTo("idempotency_error");
    assertThat(error(changed).get("message").getAsString()).contains("'k1'");

    assertThat(fake.count("customer")).isEqualTo(1);
    List<RecordedRequest> log = fake.requests();
    assertThat(log).extracting(RecordedRequest::replayed).containsExactly(false, true, false);
    assertThat(log).extracting(RecordedRequest::status).containsExactly(200, 200, 400);
    assertThat(log.get(0).params()).containsEntry("metadata[run]", List.of("r1"));
    assertThat(log.get(0).idempotencyKey()).isEqualTo("k1");
    assertThat(log.get(0).authorization()).isEqualTo("Bearer " + KEY);
  }

  @Test
  void authAndErrorShapes() throws Exception {
    HttpResponse<String> noKey = get("/v1/customers", null);
    assertThat(noKey.statusCode()).isEqualTo(401);

    HttpResponse<String> badKey = get("/v1/customers", "pk_test_abcdef1234");
    assertThat(badKey.statusCode()).isEqualTo(401);
    assertThat(error(badKey).get("message").getAsString())
        .startsWith("Invalid API Key provided: ").endsWith("1234").doesNotContain("abcdef");

    fake.rejectKey("sk_test_revoked9999");
    HttpResponse<String> revoked = get("/v1/customers", "sk_test_revoked9999");
    assertThat(error(revoked).get("message").getAsString()).startsWith("Invalid API Key provided: sk_test_")
        .endsWith("9999").doesNotContain("revoked");

    fake.forbid("POST", "/v1/prices");
    HttpResponse<String> forbidden = post("/v1/prices", "currency=usd", "k403", "rk_test_restricted1234");
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(error(forbidden).get("message").getAsString()).contains("rk_test_").contains("1234")
        .contains("does not have the required permissions");
    // 401/403 never claim the idempotency key
    fake.forbid("POST", "/never");
    assertThat(post("/v1/customers", "name=x", "k403", KEY).statusCode()).isEqualTo(200);

    HttpResponse<String> unknownParam = post("/v1/customers", "nmae=x", null, KEY);
    assertThat(unknownParam.statusCode()).isEqualTo(400);
    assertThat(error(unknownParam).get("code").getAsString()).isEqualTo("parameter_unknown");
    assertThat(error(unknownParam).get("param").getAsString()).isEqualTo("nmae");
    assertThat(error(unknownParam).has("decline_code")).isFalse(); // null members omitted

    HttpResponse<String> missing = get("/v1/customers/cus_123", KEY);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(error(missing).get("code").getAsString()).isEqualTo("resource_missing");
    assertThat(error(missing).get("param").getAsString()).isEqualTo("id");
    assertThat(error(missing).get("message").getAsString()).isEqualTo("No such customer: 'cus_123'");

    HttpResponse<String> route = get("/v1/x", KEY);
    assertThat(route.statusCode()).isEqualTo(404);
    assertThat(error(route).get("message").getAsString()).startsWith("Unrecognized request URL (GET: /v1/x)");

    assertThat(post("/v1/customers", "name=x", "k".repeat(256), KEY).statusCode()).isEqualTo(400);

    HttpResponse<String> live = post("/v1/customers", "name=live", null, "sk_live_abc1234");
    assertThat(JsonParser.parseString(live.body()).getAsJsonObject().get("livemode").getAsBoolean()).isTrue();
  }

  @Test
  void sameKeyWhileFirstIsInFlightGets409() throws Exception {
    fake.setLatencyMillis(400);
    HttpRequest req = HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v1/customers"))
        .header("Authorization", "Bearer " + KEY).header("Idempotency-Key", "slow")
        .POST(HttpRequest.BodyPublishers.ofString("name=slow")).build();
    CompletableFuture<HttpResponse<String>> a = HTTP.sendAsync(req, HttpResponse.BodyHandlers.ofString());
    Thread.sleep(100);
    CompletableFuture<HttpResponse<String>> b = HTTP.sendAsync(req, HttpResponse.BodyHandlers.ofString());
    assertThat(List.of(a.get().statusCode(), b.get().statusCode())).containsExactly(200, 409);
    assertThat(error(b.get()).get("code").getAsString()).isEqualTo("idempotency_key_in_use");
    assertThat(fake.count("customer")).isEqualTo(1);
  }

  @Test
  void randomFaultsRepeatForTheSameSeed() throws Exception {
    List<Integer> first = new ArrayList<>();
    fake.setRandomFaults(0.5, 42, Fault.FAIL_500_BEFORE, Fault.RATE_LIMIT_429);
    for (int i = 0; i < 20; i++) first.add(get("/v1/customers", KEY).statusCode());
    int faults = fake.faultsInjected();
    fake.close();
    fake = FakeStripe.start();
    fake.setRandomFaults(0.5, 42, Fault.FAIL_500_BEFORE, Fault.RATE_LIMIT_429);
    List<Integer> second = new ArrayList<>();
    for (int i = 0; i < 20; i++) second.add(get("/v1/customers", KEY).statusCode());
    assertThat(second).isEqualTo(first).contains(200, 500, 429);
    assertThat(fake.faultsInjected()).isEqualTo(faults).isEqualTo((int) first.stream().filter(s -> s != 200).count());
  }

  // ---- stripe-java against the fake ----

  @Test
  void stripeJavaIdempotentCreateReplaysAndRejectsChangedParams() throws Exception {
    StripeClient client = client(0);
    CustomerCreateParams params = CustomerCreateParams.builder().setEmail("a@example.com").putMetadata("run", "r1")
        .build();
    Customer a = client.v1().customers().create(params, key("run-1-customer"));
    Customer b = client.v1().customers().create(params, key("run-1-customer"));
    assertThat(b.getId()).isEqualTo(a.getId());
    assertThat(b.getLastResponse().headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(fake.count("customer")).isEqualTo(1);

    CustomerCreateParams other = CustomerCreateParams.builder().setEmail("other@example.com").build();
    assertThatThrownBy(() -> client.v1().customers().create(other, key("run-1-customer")))
        .isInstanceOf(IdempotencyException.class);
  }

  @Test
  void attachingDecliningCardsGives402AndAttachesNothing() throws Exception {
    StripeClient client = client(0);
    Customer cus = client.v1().customers().create(CustomerCreateParams.builder().setName("n").build());
    PaymentMethodAttachParams attach = PaymentMethodAttachParams.builder().setCustomer(cus.getId()).build();

    assertThatThrownBy(() -> client.v1().paymentMethods().attach("pm_card_chargeDeclined", attach))
        .isInstanceOfSatisfying(CardException.class, e -> {
          assertThat(e.getStatusCode()).isEqualTo(402);
          assertThat(e.getCode()).isEqualTo("card_declined");
          assertThat(e.getDeclineCode()).isEqualTo("generic_decline");
        });
    PaymentMethod poor = client.v1().paymentMethods().create(PaymentMethodCreateParams.builder()
        .setType(PaymentMethodCreateParams.Type.CARD)
        .putExtraParam("card[token]", "tok_chargeDeclinedInsufficientFunds").build());
    assertThat(poor.getCard().getLast4()).isEqualTo("9995");
    assertThatThrownBy(() -> client.v1().paymentMethods().attach(poor.getId(), attach))
        .isInstanceOfSatisfying(CardException.class, e -> {
          assertThat(e.getDeclineCode()).isEqualTo("insufficient_funds");
          assertThat(e.getMessage()).contains("Your card has insufficient funds.");
        });
    assertThat(fake.get(poor.getId()).get("customer").isJsonNull()).isTrue();

    PaymentMethod visa = client.v1().paymentMethods().attach("pm_card_visa", attach);
    assertThat(visa.getId()).startsWith("pm_").isNotEqualTo("pm_card_visa");
    assertThat(visa.getCustomer()).isEqualTo(cus.getId());
    assertThat(client.v1().paymentMethods().attach(visa.getId(), attach).getId()).isEqualTo(visa.getId());
    Customer other = client.v1().customers().create(CustomerCreateParams.builder().build());
    assertThatThrownBy(() -> client.v1().paymentMethods().attach(visa.getId(),
        PaymentMethodAttachParams.builder().setCustomer(other.getId()).build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("already been attached");
  }

  @Test
  void rateLimitGives429() throws Exception {
    StripeClient client = client(0);
    fake.injectFault(Fault.RATE_LIMIT_429, "POST", "/v1/customers", 1);
    assertThatThrownBy(() -> client.v1().customers().create(CustomerCreateParams.builder().build()))
        .isInstanceOfSatisfying(RateLimitException.class, e -> assertThat(e.getCode()).isEqualTo("rate_limit"));
    assertThat(fake.count("customer")).isZero();

    fake.setRateLimit(3);
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 6; i++) statuses.add(get("/v1/customers", KEY).statusCode());
    assertThat(statuses).contains(200, 429);
    assertThat(fake.rateLimited()).isGreaterThanOrEqualTo(1 + 3);
  }

  @Test
  void fail500BeforeActingIsRetriedByStripeJava() throws Exception {
    CustomerCreateParams params = CustomerCreateParams.builder().setName("n").build();
    fake.injectFault(Fault.FAIL_500_BEFORE, "POST", "/v1/customers", 1);
    assertThatThrownBy(() -> client(0).v1().customers().create(params))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getStatusCode()).isEqualTo(500));
    assertThat(fake.count("customer")).isZero();

    fake.clearRequests();
    fake.injectFault(Fault.FAIL_500_BEFORE, "POST", "/v1/customers", 1);
    Customer c = client(2).v1().customers().create(params, key("retry-500"));
    assertThat(fake.count("customer")).isEqualTo(1);
    assertThat(fake.requests()).extracting(RecordedRequest::status).containsExactly(500, 200);
    assertThat(fake.requests()).extracting(RecordedRequest::idempotencyKey).containsOnly("retry-500");
    assertThat(fake.faultsInjected()).isEqualTo(2);
    assertThat(c.getName()).isEqualTo("n");
  }

  @Test
  void dropAfterActingMakesHttpUrlConnectionThrow() throws Exception {
    // The JDK resends a POST once by itself when the server closes without a byte (sun.net.http.retryPost),
    // so it takes two drops for HttpURLConnection to surface the failure.
    fake.injectFault(Fault.DROP_AFTER_ACTING, "POST", "/v1/customers", 2);
    HttpURLConnection conn = (HttpURLConnection) new URL(fake.baseUrl() + "/v1/customers").openConnection();
    conn.setRequestMethod("POST");
    conn.setDoOutput(true);
    conn.setRequestProperty("Authorization", "Bearer " + KEY);
    conn.setRequestProperty("Idempotency-Key", "raw-drop");
    conn.getOutputStream().write("name=raw".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(conn::getResponseCode).isInstanceOf(IOException.class)
        .hasMessageContaining("Unexpected end of file");
    assertThat(fake.count("customer")).isEqualTo(1); // acted once; the JDK's resend was a replay
    assertThat(fake.requests()).extracting(RecordedRequest::replayed).containsExactly(false, true);
  }

  @Test
  void dropAfterActingWithoutKeyDuplicatesBecauseTheJdkResends() throws Exception {
    // Why Stripe clients must always send Idempotency-Key (stripe-java does, for every POST).
    fake.injectFault(Fault.DROP_AFTER_ACTING, "POST", "/v1/customers", 1);
    HttpURLConnection conn = (HttpURLConnection) new URL(fake.baseUrl() + "/v1/customers").openConnection();
    conn.setRequestMethod("POST");
    conn.setDoOutput(true);
    conn.setRequestProperty("Authorization", "Bearer " + KEY);
    conn.getOutputStream().write("name=dup".getBytes(StandardCharsets.UTF_8));
    assertThat(conn.getResponseCode()).isEqualTo(200);
    assertThat(fake.count("customer")).isEqualTo(2);
  }

  @Test
  void dropAfterActingWithStripeJava() throws Exception {
    CustomerCreateParams params = CustomerCreateParams.builder().setName("n").build();

    // One drop: HttpURLConnection's silent resend carries the same Idempotency-Key and gets the replay,
    // even with maxNetworkRetries=0.
    fake.injectFault(Fault.DROP_AFTER_ACTING, "POST", "/v1/customers", 1);
    Customer once = client(0).v1().customers().create(params, key("drop-once"));
    assertThat(fake.count("customer")).isEqualTo(1);
    assertThat(fake.requests()).extracting(RecordedRequest::replayed).containsExactly(false, true);
    assertThat(once.getLastResponse().headers().firstValue("Idempotent-Replayed")).hasValue("true");

    // Two drops: ApiConnectionException although the customer exists...
    fake.injectFault(Fault.DROP_AFTER_ACTING, "POST", "/v1/customers", 2);
    assertThatThrownBy(() -> client(0).v1().customers().create(params, key("drop-twice")))
        .isInstanceOf(ApiConnectionException.class);
    assertThat(fake.count("customer")).isEqualTo(2);
    // ...and stripe-java's own retries do not help: it only retries ConnectException/SocketTimeoutException
    // causes and 409/5xx responses, not "Unexpected end of file from server".
    fake.injectFault(Fault.DROP_AFTER_ACTING, "POST", "/v1/customers", 2);
    assertThatThrownBy(() -> client(2).v1().customers().create(params, key("drop-twice-retries")))
        .isInstanceOf(ApiConnectionException.class);
    assertThat(fake.count("customer")).isEqualTo(3);

    // Recovery is the caller re-issuing with the same key: replayed, no duplicate.
    Customer recovered = client(2).v1().customers().create(params, key("drop-twice"));
    assertThat(fake.count("customer")).isEqualTo(3);
    assertThat(fake.get(recovered.getId())).isNotNull();
    assertThat(recovered.getLastResponse().headers().firstValue("Idempotent-Replayed")).hasValue("true");
  }

  @Test
  void subscriptionOutcomesParseInStripeJava() throws Exception {
    StripeClient client = client(0);
    Price price = client.v1().prices().create(PriceCreateParams.builder().setCurrency("usd").setUnitAmount(2000L)
        .setRecurring(PriceCreateParams.Recurring.builder()
            .setInterval(PriceCreateParams.Recurring.Interval.MONTH).build())
        .setProductData(PriceCreateParams.ProductData.builder().setName("Pro").build())
        .setLookupKey("pro_monthly").build());

    Subscription active = subscribe(client, price, "pm_card_visa", null);
    assertThat(active.getStatus()).isEqualTo("active");
    SubscriptionItem item = active.getItems().getData().get(0);
    assertThat(item.getPrice().getId()).isEqualTo(price.getId());
    assertThat(item.getCurrentPeriodEnd()).isEqualTo(Instant.ofEpochSecond(item.getCurrentPeriodStart())
        .atZone(ZoneOffset.UTC).plusMonths(1).toEpochSecond());
    Invoice invoice = active.getLatestInvoiceObject();
    assertThat(invoice.getStatus()).isEqualTo("paid");
    assertThat(invoice.getAmountPaid()).isEqualTo(2000L);
    assertThat(invoice.getHostedInvoiceUrl()).startsWith("https://invoice.stripe.com/i/acct_fake/test_in_");
    assertThat(invoice.getParent().getSubscriptionDetails().getSubscription()).isEqualTo(active.getId());
    InvoicePayment payment = invoice.getPayments().getData().get(0);
    assertThat(payment.getIsDefault()).isTrue();
    assertThat(payment.getPayment().getPaymentIntentObject().getStatus()).isEqualTo("succeeded");
    StripeCollection<InvoicePayment> payments = client.v1().invoicePayments().list(InvoicePaymentListParams
        .builder().setInvoice(invoice.getId()).addExpand("data.payment.payment_intent").build());
    PaymentIntent pi = payments.getData().get(0).getPayment().getPaymentIntentObject();
    assertThat(pi.getStatus()).isEqualTo("succeeded");
    assertThat(pi.getAmount()).isEqualTo(2000L);

    Subscription declined = subscribe(client, price, "pm_card_chargeCustomerFail", null);
    assertThat(declined.getStatus()).isEqualTo("incomplete");
    assertThat(declined.getLatestInvoiceObject().getStatus()).isEqualTo("open");
    assertThat(declined.getLatestInvoiceObject().getAttemptCount()).isEqualTo(1L);
    PaymentIntent failedPi = client.v1().paymentIntents().retrieve(
        declined.getLatestInvoiceObject().getPayments().getData().get(0).getPayment().getPaymentIntent());
    assertThat(failedPi.getStatus()).isEqualTo("requires_payment_method");
    assertThat(failedPi.getLastPaymentError().getDeclineCode()).isEqualTo("generic_decline");

    Subscription sca = subscribe(client, price, "pm_card_authenticationRequired", null);
    assertThat(sca.getStatus()).isEqualTo("incomplete");
    assertThat(client.v1().paymentIntents().retrieve(
        sca.getLatestInvoiceObject().getPayments().getData().get(0).getPayment().getPaymentIntent()).getStatus())
        .isEqualTo("requires_action");

    Subscription trial = subscribe(client, price, "pm_card_visa", 14L);
    assertThat(trial.getStatus()).isEqualTo("trialing");
    assertThat(trial.getTrialEnd()).isEqualTo(trial.getStartDate() + 14 * 86_400);
    assertThat(trial.getLatestInvoiceObject().getAmountDue()).isZero();
    assertThat(trial.getLatestInvoiceObject().getPayments().getData()).isEmpty();

    int before = fake.count("subscription");
    Customer failing = customerWith(client, "pm_card_chargeCustomerFail");
    assertThatThrownBy(() -> client.v1().subscriptions().create(SubscriptionCreateParams.builder()
        .setCustomer(failing.getId()).addItem(SubscriptionCreateParams.Item.builder().setPrice(price.getId()).build())
        .setPaymentBehavior(SubscriptionCreateParams.PaymentBehavior.ERROR_IF_INCOMPLETE).build()))
        .isInstanceOfSatisfying(CardException.class, e -> assertThat(e.getStatusCode()).isEqualTo(402));
    Customer bare = client.v1().customers().create(CustomerCreateParams.builder().build());
    assertThatThrownBy(() -> client.v1().subscriptions().create(SubscriptionCreateParams.builder()
        .setCustomer(bare.getId()).addItem(SubscriptionCreateParams.Item.builder().setPrice(price.getId()).build())
        .build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no attached payment source");
    // Pre-basil expansions are refused before acting, like the real API does.
    assertThatThrownBy(() -> client.v1().subscriptions().create(SubscriptionCreateParams.builder()
        .setCustomer(failing.getId()).addItem(SubscriptionCreateParams.Item.builder().setPrice(price.getId()).build())
        .addExpand("latest_invoice.payment_intent").build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("cannot be expanded");
    assertThat(fake.count("subscription")).isEqualTo(before);
  }

  @Test
  void subscriptionLifecycle() throws Exception {
    StripeClient client = client(0);
    Price price = client.v1().prices().create(PriceCreateParams.builder().setCurrency("eur").setUnitAmount(500L)
        .setRecurring(PriceCreateParams.Recurring.builder()
            .setInterval(PriceCreateParams.Recurring.Interval.YEAR).build())
        .setProductData(PriceCreateParams.ProductData.builder().setName("Yearly").build()).build());
    Subscription sub = subscribe(client, price, "pm_card_visa", null);
    Subscription updated = client.v1().subscriptions().update(sub.getId(),
        SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(true).build());
    assertThat(updated.getCancelAt()).isEqualTo(updated.getItems().getData().get(0).getCurrentPeriodEnd());

    Subscription canceled = client.v1().subscriptions().cancel(sub.getId());
    assertThat(canceled.getStatus()).isEqualTo("canceled");
    assertThat(canceled.getEndedAt()).isNotNull();
    assertThatThrownBy(() -> client.v1().subscriptions().cancel(sub.getId()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("already been canceled");
    assertThatThrownBy(() -> client.v1().subscriptions().update(sub.getId(),
        SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(false).build()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("cancellation_details and metadata");

    assertThat(client.v1().subscriptions().list(SubscriptionListParams.builder().build()).getData()).isEmpty();
    assertThat(client.v1().subscriptions().list(SubscriptionListParams.builder()
        .setStatus(SubscriptionListParams.Status.ALL).build()).getData()).hasSize(1);

    Subscription second = subscribe(client, price, "pm_card_visa", null);
    Customer deleted = client.v1().customers().delete(second.getCustomer());
    assertThat(deleted.getDeleted()).isTrue();
    assertThat(fake.get(second.getId()).get("status").getAsString()).isEqualTo("canceled");
    assertThat(client.v1().customers().retrieve(second.getCustomer()).getDeleted()).isTrue();
    assertThat(fake.objects("customer")).hasSize(1);
    assertThat(fake.objectsIncludingDeleted("customer")).hasSize(2);
  }

  @Test
  void listsPaginateNewestFirst() throws Exception {
    StripeClient client = client(0);
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      created.add(client.v1().customers().create(CustomerCreateParams.builder()
          .setEmail(i % 5 == 0 ? "five@example.com" : "c" + i + "@example.com").build()).getId());
    }
    StripeCollection<Customer> page1 = client.v1().customers().list(CustomerListParams.builder().build());
    assertThat(page1.getData()).hasSize(10);
    assertThat(page1.getHasMore()).isTrue();
    assertThat(page1.getData().get(0).getId()).isEqualTo(created.get(24));
    StripeCollection<Customer> page3 = client.v1().customers().list(CustomerListParams.builder().setLimit(10L)
        .setStartingAfter(created.get(5)).build());
    assertThat(page3.getData()).extracting(Customer::getId).containsExactly(
        created.get(4), created.get(3), created.get(2), created.get(1), created.get(0));
    assertThat(page3.getHasMore()).isFalse();

    Set<String> all = new HashSet<>();
    for (Customer c : page1.autoPagingIterable()) all.add(c.getId());
    assertThat(all).containsExactlyInAnyOrderElementsOf(created);
    assertThat(client.v1().customers().list(CustomerListParams.builder().setEmail("five@example.com").build())
        .getData()).hasSize(5);
    assertThat(client.v1().customers().list(CustomerListParams.builder().setEmail("FIVE@example.com").build())
        .getData()).isEmpty();
    assertThat(fake.requests()).anySatisfy(r -> assertThat(r.params()).containsKey("starting_after"));
  }

  @Test
  void pricesLookupKeysAndProducts() throws Exception {
    StripeClient client = client(0);
    PriceCreateParams params = PriceCreateParams.builder().setCurrency("usd").setUnitAmount(900L)
        .setRecurring(PriceCreateParams.Recurring.builder()
            .setInterval(PriceCreateParams.Recurring.Interval.MONTH).build())
        .setProductData(PriceCreateParams.ProductData.builder().setName("Basic").build())
        .setLookupKey("basic").build();
    Price price = client.v1().prices().create(params);
    assertThat(price.getUnitAmountDecimal()).isEqualByComparingTo("900");
    assertThat(price.getRecurring().getIntervalCount()).isEqualTo(1L);
    assertThatThrownBy(() -> client.v1().prices().create(params))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
          assertThat(e.getStripeError().getParam()).isEqualTo("lookup_key");
          assertThat(e.getMessage()).contains("A price (" + price.getId() + ") already uses that lookup key.");
        });
    StripeCollection<Price> found = client.v1().prices().list(PriceListParams.builder().addLookupKey("basic")
        .addLookupKey("nope").addExpand("data.product").build());
    assertThat(found.getData()).singleElement().satisfies(p -> {
      assertThat(p.getId()).isEqualTo(price.getId());
      assertThat(p.getProductObject().getName()).isEqualTo("Basic");
    });
    assertThat(fake.requests().get(fake.requests().size() - 1).params()).containsKeys("lookup_keys[0]", "expand[0]");
    assertThatThrownBy(() -> client.v1().products().delete(price.getProduct()))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("one or more user-created prices");
    HttpResponse<String> bothOrNeither = post("/v1/prices", "currency=usd&unit_amount=1", null, KEY);
    assertThat(bothOrNeither.statusCode()).isEqualTo(400);
    HttpResponse<String> tooBig = post("/v1/prices",
        "currency=usd&unit_amount=100000000&product=" + price.getProduct(), null, KEY);
    assertThat(error(tooBig).get("param").getAsString()).isEqualTo("unit_amount");
  }

  // ---- helpers ----

  private Customer customerWith(StripeClient client, String magicPm) throws StripeException {
    return client.v1().customers().create(CustomerCreateParams.builder().setPaymentMethod(magicPm)
        .setInvoiceSettings(CustomerCreateParams.InvoiceSettings.builder().setDefaultPaymentMethod(magicPm).build())
        .build());
  }

  private Subscription subscribe(StripeClient client, Price price, String magicPm, Long trialDays)
      throws StripeException {
    Customer customer = customerWith(client, magicPm);
    assertThat(customer.getInvoiceSettings().getDefaultPaymentMethod()).startsWith("pm_").isNotEqualTo(magicPm);
    SubscriptionCreateParams.Builder b = SubscriptionCreateParams.builder().setCustomer(customer.getId())
        .addItem(SubscriptionCreateParams.Item.builder().setPrice(price.getId()).build())
        .addExpand("latest_invoice.payments.data.payment.payment_intent");
    if (trialDays != null) b.setTrialPeriodDays(trialDays);
    return client.v1().subscriptions().create(b.build());
  }
}
