package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.stripesetup.fake.FakeStripe.RecordedRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** stripe-setup retry: pays open invoices with the customer's current default card; safe to repeat. */
class RetryCommandTest extends OperateCli {

  private List<RecordedRequest> pays() {
    return fake.requests().stream().filter(q -> q.method().equals("POST") && q.path().endsWith("/pay")).toList();
  }

  /** A subscription whose first payment was declined: incomplete, its invoice open. */
  private String declined() {
    return subscribe("Jenny Rosen", "jenny@example.com", "20", "--test-card", "declined");
  }

  private String customer(String sub) {
    return fake.get(sub).get("customer").getAsString();
  }

  @Test
  void aStillFailingCardIsReportedDeclinedWithTheReason() {
    String sub = declined();
    String invoice = fake.get(sub).get("latest_invoice").getAsString();

    CliRun.Result r = op("retry", sub, "--yes");

    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.PAYMENT_DECLINED);
    assertThat(r.err()).contains("Will charge 1 open invoice of " + sub).contains("$20.00 USD in all")
        // Since issue 20 a new customer is created with its card as the invoice default.
        .contains("the customer's default card");
    assertThat(r.out()).contains(invoice + "  $20.00 USD  declined: generic_decline (Your card was declined.)")
        .contains("https://invoice.stripe.com/").contains("stripe-setup portal " + sub);
    assertThat(pays()).singleElement().satisfies(q ->
        assertThat(q.idempotencyKey()).startsWith("stripe-setup-v1:pay:" + invoice + ":attempt1:pm_"));
    assertThat(fake.get(invoice).get("status").getAsString()).isEqualTo("open");
  }

  @Test
  void afterTheCustomerFixedTheCardItPaysAndARepeatPaysNothing() throws Exception {
    String sub = declined();
    String invoice = fake.get(sub).get("latest_invoice").getAsString();
    String card = new Seed(fake).newDefaultCard(customer(sub), "pm_card_visa");
    fake.clearRequests();

    CliRun.Result r = op("retry", "jenny@example.com", "--yes", "--json");

    assertThat(r.exitCode()).as(r.all()).isZero();
    JsonObject doc = json(r);
    assertThat(doc.getAsJsonArray("invoices")).singleElement().satisfies(i -> {
      assertThat(i.getAsJsonObject().get("id").getAsString()).isEqualTo(invoice);
      assertThat(i.getAsJsonObject().get("outcome").getAsString()).isEqualTo("paid");
    });
    assertThat(pays()).singleElement().satisfies(q -> {
      assertThat(q.params().get("payment_method")).containsExactly(card);
      assertThat(q.idempotencyKey()).isEqualTo("stripe-setup-v1:pay:" + invoice + ":attempt1:" + card);
    });
    assertThat(fake.get(invoice).get("status").getAsString()).isEqualTo("paid");
    assertThat(fake.get(sub).get("status").getAsString()).isEqualTo("active");
    assertThat(fake.objects("payment_intent")).filteredOn(pi -> pi.get("status").getAsString().equals("succeeded"))
        .hasSize(1);
    fake.clearRequests();

    CliRun.Result again = op("retry", sub, "--yes");

    assertThat(again.exitCode()).as(again.all()).isZero();
    assertThat(again.out()).contains("Nothing to pay: " + sub + " has no open invoices");
    assertThat(pays()).isEmpty();
  }

  @Test
  void aNewCardThatAlsoFailsIsTriedAndDeclined() throws Exception {
    String sub = declined();
    new Seed(fake).newDefaultCard(customer(sub), "pm_card_chargeCustomerFail");

    CliRun.Result r = op("retry", sub, "--yes");

    assertThat(r.exitCode()).isEqualTo(ExitCode.PAYMENT_DECLINED);
    assertThat(r.out()).contains("declined: generic_decline");
    assertThat(r.err()).contains("the customer's default card");
  }

  @Test
  void dryRunAndUnconfirmedPayNothing() {
    String sub = declined();

    CliRun.Result dry = op("retry", sub, "--dry-run");
    CliRun.Result unconfirmed = op("retry", sub);

    assertThat(dry.exitCode()).as(dry.all()).isZero();
    assertThat(dry.out()).contains("Dry run: Will charge 1 open invoice of " + sub).contains("nothing was charged");
    assertThat(unconfirmed.exitCode()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(pays()).isEmpty();
  }

  @Test
  void theLiveGuardAndBadInput() {
    String sub = declined();
    cli.key(CliRun.LIVE_KEY);

    CliRun.Result noLive = op("retry", sub, "--yes");
    CliRun.Result unconfirmed = op("retry", sub, "--live");
    CliRun.Result shape = op("retry", "in_123", "--live", "--yes");

    assertThat(noLive.exitCode()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(unconfirmed.exitCode()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(unconfirmed.err()).contains("LIVE MODE: Will charge 1 open invoice");
    assertThat(shape.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(pays()).isEmpty();
  }
}
