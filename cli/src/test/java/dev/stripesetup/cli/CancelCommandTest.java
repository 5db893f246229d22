package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.stripesetup.fake.FakeStripe.Fault;
import dev.stripesetup.fake.FakeStripe.RecordedRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** stripe-setup cancel: at period end by default, --now on request, always asked first. */
class CancelCommandTest extends OperateCli {

  private List<RecordedRequest> writes() {
    return fake.requests().stream().filter(q -> !q.method().equals("GET")).toList();
  }

  @Test
  void atPeriodEndByDefaultWithAKeyFromTheSubscriptionAndAction() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");

    CliRun.Result r = op("cancel", sub, "--yes");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.err()).contains("Will cancel " + sub + " (active, $20.00 USD every month for cus_")
        .contains("(jenny@example.com)").contains("at the end of its period").contains("confirmed by --yes");
    assertThat(r.out()).contains("Scheduled: " + sub + " cancels at period end")
        .contains("Cancellation    at period end (");
    assertThat(writes()).singleElement().satisfies(q -> {
      assertThat(q.method() + " " + q.path()).isEqualTo("POST /v1/subscriptions/" + sub);
      assertThat(q.params().get("cancel_at_period_end")).containsExactly("true");
      assertThat(q.idempotencyKey()).isEqualTo("stripe-setup-v1:cancel:" + sub + ":at_period_end");
    });
    JsonObject stored = fake.get(sub);
    assertThat(stored.get("status").getAsString()).isEqualTo("active");
    assertThat(stored.get("cancel_at_period_end").getAsBoolean()).isTrue();
  }

  @Test
  void cancellingAtPeriodEndTwiceSaysItIsAlreadyScheduled() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");
    op("cancel", sub, "--yes");
    fake.clearRequests();

    CliRun.Result again = op("cancel", sub);

    assertThat(again.exitCode()).as(again.all()).isZero();
    assertThat(again.out()).contains("Already set to cancel at period end: " + sub).contains("--now");
    assertThat(writes()).isEmpty();
  }

  @Test
  void nowCancelsImmediatelyAndTwiceSaysAlreadyCanceled() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");

    CliRun.Result r = op("cancel", sub, "--now", "--yes", "--json");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.err()).contains("NOW: it ends immediately").contains("add --prorate");
    JsonObject doc = json(r);
    assertThat(doc.get("outcome").getAsString()).isEqualTo("canceled_now");
    assertThat(doc.getAsJsonObject("subscription").get("status").getAsString()).isEqualTo("canceled");
    assertThat(writes()).singleElement().satisfies(q -> {
      assertThat(q.method() + " " + q.path()).isEqualTo("DELETE /v1/subscriptions/" + sub);
      assertThat(q.idempotencyKey()).isEqualTo("stripe-setup-v1:cancel:" + sub + ":now");
      assertThat(q.params()).doesNotContainKeys("prorate", "invoice_now");
    });
    assertThat(status(sub)).isEqualTo("canceled");
    fake.clearRequests();

    CliRun.Result again = op("cancel", sub, "--now");

    assertThat(again.exitCode()).as(again.all()).isZero();
    assertThat(again.out()).contains("Already canceled: " + sub + " is canceled ").contains("nothing to do");
    assertThat(writes()).isEmpty();
  }

  @Test
  void nowAfterAScheduledCancellationEndsItImmediately() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");
    op("cancel", sub, "--yes");

    CliRun.Result r = op("cancel", sub, "--now", "--yes");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(status(sub)).isEqualTo("canceled");
  }

  @Test
  void prorateAndInvoiceNowAreSentWithNowAndChangeTheKey() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");

    CliRun.Result r = op("cancel", sub, "--now", "--prorate", "--invoice-now", "--yes");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.err()).contains("credited as a proration").contains("invoiced now");
    assertThat(writes()).singleElement().satisfies(q -> {
      assertThat(q.params().get("prorate")).containsExactly("true");
      assertThat(q.params().get("invoice_now")).containsExactly("true");
      assertThat(q.idempotencyKey()).isEqualTo("stripe-setup-v1:cancel:" + sub + ":now:prorate:invoice_now");
    });
  }

  @Test
  void prorateWithoutNowIsBadInputWithNothingSent() {
    CliRun.Result r = op("cancel", "sub_123", "--prorate");
    CliRun.Result shape = op("cancel", "cus_123");

    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--prorate: only applies with --now");
    assertThat(shape.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(shape.err()).contains("SUB_ID: 'cus_123' is not a subscription ID (sub_...)");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void withoutATerminalAndWithoutYesNothingIsCanceled() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");

    CliRun.Result r = op("cancel", sub, "--now");

    assertThat(r.exitCode()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(r.err()).contains("Will cancel " + sub).contains("needs confirmation").contains("--yes");
    assertThat(writes()).isEmpty();
    assertThat(status(sub)).isEqualTo("active");
  }

  @Test
  void atATerminalOnlyYesCancels() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");

    cli.terminal("no");
    CliRun.Result no = op("cancel", sub, "--now");
    assertThat(no.exitCode()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(no.err()).contains("Type 'yes' to cancel " + sub).contains("not confirmed");
    assertThat(status(sub)).isEqualTo("active");

    cli.terminal("yes");
    CliRun.Result yes = op("cancel", sub, "--now");
    assertThat(yes.exitCode()).as(yes.all()).isZero();
    assertThat(status(sub)).isEqualTo("canceled");
  }

  @Test
  void anUnknownSubscriptionIsNotFound() {
    CliRun.Result r = op("cancel", "sub_doesnotexist", "--yes");

    assertThat(r.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(r.err()).contains("No such subscription: 'sub_doesnotexist'").doesNotContain("\tat ");
    assertThat(writes()).isEmpty();
  }

  @Test
  void theLiveGuardApplies() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");
    cli.key(CliRun.LIVE_KEY);

    CliRun.Result noLive = op("cancel", sub, "--now", "--yes");
    assertThat(noLive.exitCode()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(noLive.err()).contains("refusing to use a live key");
    assertThat(fake.requests()).as("nothing sent without --live").isEmpty();

    CliRun.Result unconfirmed = op("cancel", sub, "--now", "--live");
    assertThat(unconfirmed.exitCode()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(unconfirmed.err()).contains("LIVE MODE: Will cancel " + sub).contains("needs confirmation");
    assertThat(writes()).isEmpty();

    CliRun.Result confirmed = op("cancel", sub, "--now", "--live", "--yes");
    assertThat(confirmed.exitCode()).as(confirmed.all()).isZero();
    assertThat(status(sub)).isEqualTo("canceled");
  }

  @Test
  void aDroppedResponseIsRetriedUnderTheSameKeyAndCancelsOnce() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");
    fake.injectFault(Fault.DROP_AFTER_ACTING, "DELETE", "/v1/subscriptions/sub_\\w+", 1);

    CliRun.Result r = op("cancel", sub, "--now", "--yes");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains("Canceled " + sub + " now");
    List<RecordedRequest> deletes = writes();
    assertThat(deletes).hasSizeGreaterThanOrEqualTo(2)
        .allMatch(q -> q.idempotencyKey().equals("stripe-setup-v1:cancel:" + sub + ":now"));
    assertThat(deletes.get(deletes.size() - 1).replayed()).isTrue();
  }

  @Test
  void aReplayedAnswerThatDidNotActIsNotReportedAsSuccess() throws Exception {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");
    assertThat(op("cancel", sub, "--yes").exitCode()).isZero();
    new Seed(fake).resume(sub);
    fake.clearRequests();

    CliRun.Result r = op("cancel", sub, "--yes");

    assertThat(writes()).singleElement().satisfies(q -> assertThat(q.replayed()).isTrue());
    assertThat(fake.get(sub).get("cancel_at_period_end").getAsBoolean()).isFalse();
    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.STRIPE_INVALID_REQUEST);
    assertThat(r.err()).contains("did not act again").contains("still active")
        .contains("https://dashboard.stripe.com/test/subscriptions/" + sub);
    assertThat(r.out()).doesNotContain("Scheduled");
  }
}
