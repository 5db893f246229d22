package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.stripesetup.fake.FakeStripe.RecordedRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** stripe-setup change: Stripe's preview with real numbers, then the update; re-runs change nothing. */
class ChangeCommandTest extends OperateCli {
  private static final long DAY = 86_400;

  private List<RecordedRequest> writes() {
    return fake.requests().stream().filter(q -> !q.method().equals("GET")).toList();
  }

  /** A $20 monthly subscription half-way through a 30-day period. */
  private String halfWay() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");
    long now = System.currentTimeMillis() / 1000;
    fake.setPeriod(sub, now - 15 * DAY, now + 15 * DAY);
    return sub;
  }

  private long unitAmount(String sub) {
    return fake.get(sub).getAsJsonObject("items").getAsJsonArray("data").get(0).getAsJsonObject()
        .getAsJsonObject("price").get("unit_amount").getAsLong();
  }

  @Test
  void showsStripesProrationPreviewThenChangesWithTheSameProrationDate() {
    String sub = halfWay();

    CliRun.Result r = op("change", "jenny@example.com", "--amount", "30", "--yes");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.err()).contains("Will move " + sub + " (active, $20.00 USD every month for cus_")
        .contains("to $30.00 USD every month (price price_").contains("proration create_prorations")
        .contains("Credit for unused time     -$10.00 USD")
        .contains("Charge for remaining time  $15.00 USD")
        .containsPattern("Next invoice \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC  \\$35\\.00 USD");
    assertThat(r.out()).contains("Changed " + sub + " from $20.00 USD every month to $30.00 USD every month");
    assertThat(unitAmount(sub)).isEqualTo(3000);
    RecordedRequest preview = writes().stream().filter(q -> q.path().equals("/v1/invoices/create_preview"))
        .findFirst().orElseThrow();
    RecordedRequest update = writes().stream().filter(q -> q.path().equals("/v1/subscriptions/" + sub))
        .findFirst().orElseThrow();
    String date = preview.params().get("subscription_details[proration_date]").get(0);
    assertThat(update.params().get("proration_date")).containsExactly(date);
    assertThat(update.params().get("proration_behavior")).containsExactly("create_prorations");
    assertThat(update.idempotencyKey()).startsWith("stripe-setup-v1:change:" + sub + ":si_")
        .endsWith(":create_prorations:" + date);
    // The preview's numbers are what Stripe now holds for the next invoice.
    assertThat(fake.objects("invoiceitem")).extracting(o -> o.get("amount").getAsLong())
        .containsExactlyInAnyOrder(-1000L, 1500L);
  }

  @Test
  void jsonHasTheOutcomeThenThePreviewThenTheSubscription() {
    String sub = halfWay();

    CliRun.Result r = op("change", sub, "--amount", "30", "--yes", "--json");

    assertThat(r.exitCode()).as(r.all()).isZero();
    JsonObject doc = json(r);
    assertThat(doc.keySet()).containsSubsequence("ok", "exit_code", "outcome", "preview", "subscription");
    assertThat(doc.get("outcome").getAsString()).isEqualTo("changed");
    JsonObject preview = doc.getAsJsonObject("preview");
    assertThat(preview.get("currency").getAsString()).isEqualTo("usd");
    assertThat(preview.get("credit").getAsLong()).isEqualTo(-1000);
    assertThat(preview.get("charge").getAsLong()).isEqualTo(1500);
    assertThat(preview.get("invoice_total").getAsLong()).isEqualTo(3500);
    assertThat(preview.get("invoiced_now").getAsBoolean()).isFalse();
    assertThat(preview.has("proration_date")).isTrue();
    assertThat(doc.getAsJsonObject("subscription").get("id").getAsString()).isEqualTo(sub);
  }

  @Test
  void thePriceIsTheChainsOwnForThatPlan() {
    String sub = halfWay();
    assertThat(op("change", sub, "--amount", "30", "--yes").exitCode()).isZero();
    String price = fake.get(sub).getAsJsonObject("items").getAsJsonArray("data").get(0).getAsJsonObject()
        .getAsJsonObject("price").get("id").getAsString();
    fake.clearRequests();

    CliRun.Result chain = run("--name", "Ann", "--email", "ann@example.com", "--amount", "30", "--json");

    assertThat(chain.exitCode()).as(chain.all()).isZero();
    assertThat(fake.requests()).noneMatch(q -> q.method().equals("POST") && q.path().equals("/v1/prices"));
    String ann = json(chain).getAsJsonObject("subscription").get("id").getAsString();
    assertThat(fake.get(ann).getAsJsonObject("items").getAsJsonArray("data").get(0).getAsJsonObject()
        .getAsJsonObject("price").get("id").getAsString()).isEqualTo(price);
  }

  @Test
  void aReRunFindsTheSubscriptionOnThePlanAndSendsNothing() {
    String sub = halfWay();
    assertThat(op("change", sub, "--amount", "30", "--yes").exitCode()).isZero();
    fake.clearRequests();

    CliRun.Result again = op("change", sub, "--amount", "30", "--json");

    assertThat(again.exitCode()).as(again.all()).isZero();
    assertThat(json(again).get("outcome").getAsString()).isEqualTo("already_on_plan");
    assertThat(writes()).isEmpty();
    assertThat(fake.objects("invoiceitem")).hasSize(2);
  }

  @Test
  void invoiceNowChargesTheDifferenceAtOnce() {
    String sub = halfWay();

    CliRun.Result r = op("change", sub, "--amount", "30", "--proration", "invoice-now", "--yes");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.err()).contains("Invoiced and charged now   $5.00 USD");
    JsonObject latest = fake.get(fake.get(sub).get("latest_invoice").getAsString());
    assertThat(latest.get("status").getAsString()).isEqualTo("paid");
    assertThat(latest.get("amount_paid").getAsLong()).isEqualTo(500);
  }

  @Test
  void noProrationShowsOnlyTheNextInvoice() {
    String sub = halfWay();

    CliRun.Result r = op("change", sub, "--amount", "30", "--proration", "none", "--yes");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.err()).doesNotContain("Credit").containsPattern("Next invoice .* UTC  \\$30\\.00 USD");
    assertThat(fake.objects("invoiceitem")).isEmpty();
  }

  @Test
  void dryRunShowsThePreviewAndChangesNothing() {
    String sub = halfWay();
    assertThat(op("change", sub, "--amount", "30", "--proration", "none", "--yes").exitCode()).isZero();
    assertThat(op("change", sub, "--amount", "20", "--proration", "none", "--yes").exitCode()).isZero();
    fake.clearRequests();

    CliRun.Result r = op("change", sub, "--amount", "30", "--dry-run");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains("Dry run: Will move " + sub).contains("Credit for unused time     -$10.00 USD")
        .contains("Would send POST /v1/subscriptions/" + sub).contains("nothing was changed");
    assertThat(writes()).extracting(RecordedRequest::path).containsOnly("/v1/invoices/create_preview");
    assertThat(unitAmount(sub)).isEqualTo(2000);
  }

  @Test
  void aCanceledSubscriptionIsRefused() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");
    assertThat(op("cancel", sub, "--now", "--yes").exitCode()).isZero();
    fake.clearRequests();

    CliRun.Result r = op("change", sub, "--amount", "30", "--yes");

    assertThat(r.exitCode()).isEqualTo(ExitCode.SUBSCRIPTION_NOT_ACTIVE);
    assertThat(r.err()).contains(sub + " is canceled; a canceled subscription cannot be moved to another plan");
    assertThat(writes()).isEmpty();
  }

  @Test
  void aSubscriptionWithSeveralItemsIsRefused() throws Exception {
    Seed seed = new Seed(fake);
    String customer = seed.customer("two@example.com", Seed.TOOL).getId();
    String sub = seed.subscriptionOf(customer, seed.price(2000, Seed.TOOL).getId(), seed.price(500, Seed.TOOL).getId())
        .getId();
    fake.clearRequests();

    CliRun.Result r = op("change", sub, "--amount", "30", "--yes");

    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains(sub + " has 2 items ($20.00 USD every month + $5.00 USD every month); change moves "
        + "a one-item subscription").doesNotContain("--subscription");
    assertThat(writes()).isEmpty();
  }

  @Test
  void badInputIsRefusedBeforeAnythingIsSent() {
    CliRun.Result how = op("change", "sub_123", "--amount", "30", "--proration", "later");
    CliRun.Result none = op("change", "sub_123");
    CliRun.Result both = op("change", "sub_123", "--amount", "30", "--price", "price_1");
    CliRun.Result amount = op("change", "sub_123", "--amount", "thirty");
    CliRun.Result shape = op("change", "nobody", "--amount", "30");

    assertThat(how.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(how.err()).contains("--proration: 'later' is not one of create|none|invoice-now");
    assertThat(none.err()).contains("--amount: is required");
    assertThat(both.err()).contains("--amount: give either --amount or --price, not both");
    assertThat(amount.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(amount.err()).contains("--amount");
    assertThat(shape.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(shape.err()).contains("'nobody' is not a subscription ID");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void anEmailWithTwoLiveSubscriptionsIsListedNotGuessed() {
    subscribe("Jenny Rosen", "jenny@example.com", "20");
    subscribe("Jenny Rosen", "jenny@example.com", "50", "--allow-second-subscription");

    CliRun.Result r = op("change", "jenny@example.com", "--amount", "30", "--yes");

    assertThat(r.exitCode()).isEqualTo(ExitCode.AMBIGUOUS_CUSTOMER);
    assertThat(r.err()).contains("has 2 live subscriptions").contains("$50.00 USD every month");
    assertThat(writes()).isEmpty();
  }

  @Test
  void aLivePlanPriceIsNotCreatedUnconfirmed() {
    String sub = halfWay();
    cli.key(CliRun.LIVE_KEY);

    CliRun.Result r = op("change", sub, "--amount", "30", "--live");

    assertThat(r.exitCode()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(r.err()).contains("LIVE MODE: the plan's price ($30.00 USD every month) does not exist yet: will create it");
    assertThat(writes()).isEmpty();
    assertThat(fake.count("price")).isEqualTo(1);
  }

  @Test
  void givingThePriceItIsOnAlreadySendsNothing() {
    String sub = halfWay();
    String oneTime = fake.objects("price").get(0).get("id").getAsString();
    fake.clearRequests();

    CliRun.Result r = op("change", sub, "--price", oneTime, "--yes");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains("Already on");
    assertThat(writes()).isEmpty();
  }

  @Test
  void theLiveGuardApplies() {
    String sub = halfWay();
    String price = op("change", sub, "--amount", "30", "--proration", "none", "--yes").exitCode() == 0
        ? fake.get(sub).getAsJsonObject("items").getAsJsonArray("data").get(0).getAsJsonObject()
            .getAsJsonObject("price").get("id").getAsString() : null;
    assertThat(op("change", sub, "--amount", "20", "--proration", "none", "--yes").exitCode()).isZero();
    fake.clearRequests();
    cli.key(CliRun.LIVE_KEY);

    CliRun.Result noLive = op("change", sub, "--price", price, "--yes");
    assertThat(noLive.exitCode()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(fake.requests()).isEmpty();

    CliRun.Result unconfirmed = op("change", sub, "--price", price, "--live");
    assertThat(unconfirmed.exitCode()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(unconfirmed.err()).contains("LIVE MODE: Will move " + sub).contains("needs confirmation");
    assertThat(writes()).extracting(RecordedRequest::path).containsOnly("/v1/invoices/create_preview");
    assertThat(unitAmount(sub)).isEqualTo(2000);

    CliRun.Result confirmed = op("change", sub, "--price", price, "--live", "--yes");
    assertThat(confirmed.exitCode()).as(confirmed.all()).isZero();
    assertThat(unitAmount(sub)).isEqualTo(3000);
  }
}
