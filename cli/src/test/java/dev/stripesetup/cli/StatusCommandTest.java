package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.stripesetup.fake.FakeStripe.RecordedRequest;
import dev.stripesetup.output.SubscriptionReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** stripe-setup status: what a subscription is doing, found by ID, customer or email. */
class StatusCommandTest extends OperateCli {

  @Test
  void bySubscriptionIdShowsPlanPeriodNextBillingCardAndInvoice() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");
    JsonObject item = fake.get(sub).getAsJsonObject("items").getAsJsonArray("data").get(0).getAsJsonObject();
    String start = SubscriptionReport.date(item.get("current_period_start").getAsLong());
    String end = SubscriptionReport.date(item.get("current_period_end").getAsLong());

    CliRun.Result r = op("status", sub);

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).startsWith(sub + "  active  $20.00 USD every month")
        .contains("(jenny@example.com)")
        .contains("Current period  " + start + " to " + end)
        .contains("Next billing    " + end)
        .contains("Cancellation    none")
        .contains("visa ending 4242")
        .contains("(paid)")
        .contains("https://dashboard.stripe.com/test/subscriptions/" + sub)
        .doesNotContain("Pay here");
    assertThat(r.err()).contains("Using test key sk_test_...4242");
    assertThat(fake.requests()).allMatch(q -> q.method().equals("GET"));
  }

  @Test
  void byCustomerIdShowsEverySubscriptionOfTheCustomer() {
    String twenty = subscribe("Jenny Rosen", "jenny@example.com", "20");
    String thirty = subscribe("Jenny Rosen", "jenny@example.com", "30", "--allow-second-subscription");
    String cus = fake.get(twenty).get("customer").getAsString();
    assertThat(fake.get(thirty).get("customer").getAsString()).isEqualTo(cus);

    CliRun.Result r = op("status", cus);

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains(twenty + "  active  $20.00 USD every month")
        .contains(thirty + "  active  $30.00 USD every month");
  }

  @Test
  void byEmailIsLowerCasedAndFindsEveryCustomerWithIt() {
    String first = subscribe("Jenny Rosen", "jenny@example.com", "20");
    String second = subscribe("Jenny Rosen", "jenny@example.com", "20", "--new-customer", "--allow-second-subscription");

    CliRun.Result r = op("status", "Jenny@Example.COM", "--json");

    assertThat(r.exitCode()).as(r.all()).isZero();
    JsonObject doc = json(r);
    assertThat(doc.get("ok").getAsBoolean()).isTrue();
    assertThat(doc.get("query").getAsString()).isEqualTo("jenny@example.com");
    assertThat(doc.getAsJsonArray("customers")).hasSize(2);
    JsonArray subs = doc.getAsJsonArray("subscriptions");
    assertThat(subs).extracting(s -> s.getAsJsonObject().get("id").getAsString()).containsExactlyInAnyOrder(first, second);
    JsonObject s = subs.get(0).getAsJsonObject();
    assertThat(s.get("plan").getAsString()).isEqualTo("$20.00 USD every month");
    assertThat(s.getAsJsonObject("default_payment_method").get("last4").getAsString()).isEqualTo("4242");
    assertThat(s.get("next_billing_date").getAsString()).endsWith("Z");
    assertThat(s.get("current_period_end").getAsLong()).isGreaterThan(s.get("current_period_start").getAsLong());
    // The exact-case lists (as typed and lower-cased) go out together, in either order.
    assertThat(fake.requests().stream()
        .filter(q -> q.method().equals("GET") && q.path().equals("/v1/customers"))
        .flatMap(q -> q.params().get("email").stream()).toList()).contains("jenny@example.com");
  }

  @Test
  void declinedSubscriptionShowsItsUnpaidInvoiceAndHostedLink() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20", "--test-card", "declined");
    String invoice = fake.get(sub).get("latest_invoice").getAsString();
    String hosted = fake.get(invoice).get("hosted_invoice_url").getAsString();

    CliRun.Result r = op("status", sub);
    CliRun.Result j = op("status", sub, "--json");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains(sub + "  incomplete")
        .contains("Latest invoice  " + invoice + " (open, $20.00 USD unpaid)")
        .contains("Pay here        " + hosted)
        .doesNotContain("Next billing");
    JsonObject inv = json(j).getAsJsonArray("subscriptions").get(0).getAsJsonObject().getAsJsonObject("latest_invoice");
    assertThat(inv.get("status").getAsString()).isEqualTo("open");
    assertThat(inv.get("hosted_invoice_url").getAsString()).isEqualTo(hosted);
  }

  @Test
  void aScheduledCancellationReplacesTheNextBillingDate() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");
    assertThat(op("cancel", sub, "--yes").exitCode()).isZero();

    CliRun.Result r = op("status", sub);

    assertThat(r.out()).contains("Cancellation    at period end (").doesNotContain("Next billing");
  }

  @Test
  void aCustomerWithoutSubscriptionsSaysSo() throws Exception {
    String cus = new Seed(fake).customer("solo@example.com", Map.of()).getId();

    CliRun.Result r = op("status", cus);

    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("No subscriptions for " + cus);
  }

  @Test
  void unknownIdsAndEmailsAreNotFound() {
    CliRun.Result sub = op("status", "sub_doesnotexist");
    CliRun.Result cus = op("status", "cus_doesnotexist");
    CliRun.Result email = op("status", "nobody@example.com");

    assertThat(sub.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(sub.err()).contains("No such subscription: 'sub_doesnotexist'");
    assertThat(cus.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(cus.err()).contains("No such customer: 'cus_doesnotexist'");
    assertThat(email.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(email.err()).contains("no customer has the email nobody@example.com");
    assertThat(sub.all() + cus.all() + email.all()).doesNotContain("\tat ");
  }

  @Test
  void aBadArgumentIsExit2NamingTheArgumentWithNothingSent() {
    CliRun.Result shape = op("status", "price_123");
    CliRun.Result email = op("status", "jenny@");
    CliRun.Result missing = op("status");

    assertThat(shape.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(shape.err()).contains("SUB_ID|CUS_ID|EMAIL: 'price_123' is not a subscription ID (sub_...)");
    assertThat(email.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(email.err()).contains("SUB_ID|CUS_ID|EMAIL: 'jenny@' is not a valid email address");
    assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(missing.err()).contains("SUB_ID|CUS_ID|EMAIL");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void aLiveKeyNeedsLiveButNoConfirmationToRead() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");
    fake.clearRequests();
    cli.key(CliRun.LIVE_KEY);

    CliRun.Result refused = op("status", sub);
    assertThat(refused.exitCode()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(refused.err()).contains("refusing to use a live key (sk_live_...9999").contains("--live");
    assertThat(fake.requests()).isEmpty();

    CliRun.Result read = op("status", sub, "--live");
    assertThat(read.exitCode()).as(read.all()).isZero();
    assertThat(read.out()).contains(sub);
  }

  @Test
  void readsEveryPageOfCustomersAndSubscriptions() throws Exception {
    Seed seed = new Seed(fake);
    String price = seed.price(2000, Map.of()).getId();
    for (int i = 0; i < 3; i++) {
      String cus = seed.customer("many@example.com", Map.of()).getId();
      for (int j = 0; j < 3; j++) {
        seed.subscription(cus, price, Map.of());
      }
    }
    fake.clearRequests();

    CliRun.Result r = op("status", "many@example.com", "--json", "--page-size", "2");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(json(r).getAsJsonArray("customers")).hasSize(3);
    assertThat(json(r).getAsJsonArray("subscriptions")).hasSize(9);
    List<RecordedRequest> pages = fake.requests().stream().filter(q -> q.params().containsKey("starting_after")).toList();
    assertThat(pages).extracting(RecordedRequest::path).contains("/v1/customers", "/v1/subscriptions");
  }

  @Test
  void moreThanOneFullPageOfSubscriptions() throws Exception {
    Seed seed = new Seed(fake);
    String price = seed.price(500, Map.of()).getId();
    String cus = seed.customer("big@example.com", Map.of()).getId();
    for (int i = 0; i < 105; i++) {
      seed.subscription(cus, price, Map.of());
    }

    CliRun.Result r = op("status", cus, "--json");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(json(r).getAsJsonArray("subscriptions")).hasSize(105);
  }
}
