package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.stripesetup.fake.FakeStripe.RecordedRequest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** stripe-setup pause and resume: Stripe's pause_collection, shown by status; repeats send nothing. */
class PauseResumeCommandTest extends OperateCli {
  private static final LocalDate UNTIL = LocalDate.now(ZoneOffset.UTC).plusDays(40);
  private static final long UNTIL_EPOCH = UNTIL.atStartOfDay(ZoneOffset.UTC).toEpochSecond();

  private List<RecordedRequest> writes() {
    return fake.requests().stream().filter(q -> !q.method().equals("GET")).toList();
  }

  private JsonObject pause(String sub) {
    var p = fake.get(sub).get("pause_collection");
    return p == null || p.isJsonNull() ? null : p.getAsJsonObject();
  }

  @Test
  void pausesUntilADateAndStatusShowsItPaused() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");

    CliRun.Result r = op("pause", "jenny@example.com", "--until", UNTIL.toString(), "--yes");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.err()).contains("Will pause collection for " + sub).contains("until " + UNTIL + " 00:00 UTC")
        .contains("each new invoice is voided");
    assertThat(writes()).singleElement().satisfies(q -> {
      assertThat(q.params().get("pause_collection[behavior]")).containsExactly("void");
      assertThat(q.params().get("pause_collection[resumes_at]")).containsExactly(String.valueOf(UNTIL_EPOCH));
      assertThat(q.idempotencyKey()).isEqualTo("stripe-setup-v1:pause:" + sub + ":void:" + UNTIL_EPOCH);
    });
    assertThat(pause(sub).get("behavior").getAsString()).isEqualTo("void");
    assertThat(fake.get(sub).get("status").getAsString()).isEqualTo("active");

    CliRun.Result status = op("status", sub);
    assertThat(status.out()).contains(sub + "  active (paused)  $20.00 USD every month")
        .contains("Collection      paused until " + UNTIL + " 00:00 UTC (new invoices are voided)");
    CliRun.Result json = op("status", sub, "--json");
    assertThat(json(json).getAsJsonArray("subscriptions").get(0).getAsJsonObject()
        .getAsJsonObject("pause_collection").get("resumes_at").getAsLong()).isEqualTo(UNTIL_EPOCH);
  }

  @Test
  void theSamePauseAgainSendsNothingAndAnotherBehaviourIsSent() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");
    assertThat(op("pause", sub, "--yes").exitCode()).isZero();
    fake.clearRequests();

    CliRun.Result again = op("pause", sub);
    assertThat(again.exitCode()).as(again.all()).isZero();
    assertThat(again.out()).contains("Already paused until resumed (new invoices are voided): " + sub);
    assertThat(writes()).isEmpty();

    CliRun.Result draft = op("pause", sub, "--behavior", "keep-as-draft", "--yes", "--json");
    assertThat(draft.exitCode()).as(draft.all()).isZero();
    assertThat(json(draft).get("outcome").getAsString()).isEqualTo("paused");
    assertThat(pause(sub).get("behavior").getAsString()).isEqualTo("keep_as_draft");
  }

  @Test
  void resumeEndsThePauseAndTwiceSaysNotPaused() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");
    assertThat(op("pause", sub, "--behavior", "mark-uncollectible", "--yes").exitCode()).isZero();
    fake.clearRequests();

    CliRun.Result r = op("resume", sub, "--yes");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.err()).contains("Will resume collection for " + sub)
        .contains("now paused until resumed (new invoices are marked uncollectible)");
    assertThat(r.out()).contains("Resumed " + sub);
    assertThat(writes()).singleElement().satisfies(q -> {
      assertThat(q.params().get("pause_collection")).containsExactly("");
      assertThat(q.idempotencyKey()).isEqualTo("stripe-setup-v1:resume:" + sub + ":mark_uncollectible:0");
    });
    assertThat(pause(sub)).isNull();
    fake.clearRequests();

    CliRun.Result again = op("resume", sub);
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("Not paused: " + sub);
    assertThat(writes()).isEmpty();
  }

  @Test
  void pauseResumePauseAgainWithinStripesKeyWindowPausesAgain() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");
    assertThat(op("pause", sub, "--yes").exitCode()).isZero();
    assertThat(op("resume", sub, "--yes").exitCode()).isZero();
    fake.clearRequests();

    CliRun.Result again = op("pause", sub, "--yes");

    assertThat(again.exitCode()).as(again.all()).isZero();
    assertThat(pause(sub)).isNotNull();
    assertThat(writes()).hasSize(2).satisfies(w -> {
      assertThat(w.get(0).replayed()).isTrue();
      assertThat(w.get(1).idempotencyKey()).startsWith("stripe-setup-v1:pause:" + sub + ":void:0:after-replay:");
    });
    assertThat(op("resume", sub, "--yes").exitCode()).isZero();
    assertThat(pause(sub)).isNull();
  }

  @Test
  void dryRunSendsNothing() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");

    CliRun.Result r = op("pause", sub, "--until", UNTIL.toString(), "--dry-run");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains("Would send POST /v1/subscriptions/" + sub + " pause_collection[behavior]=void "
        + "pause_collection[resumes_at]=" + UNTIL_EPOCH);
    assertThat(writes()).isEmpty();
    assertThat(pause(sub)).isNull();

    CliRun.Result json = op("pause", sub, "--dry-run", "--json");
    assertThat(json(json).get("outcome").getAsString()).isEqualTo("dry_run");
    assertThat(json(json).get("would_send").getAsString()).contains("pause_collection[behavior]=void");
    assertThat(writes()).isEmpty();
  }

  @Test
  void badInputIsRefusedBeforeAnythingIsSent() {
    CliRun.Result past = op("pause", "sub_123", "--until", "2020-01-01");
    CliRun.Result garbage = op("pause", "sub_123", "--until", "next week");
    CliRun.Result how = op("pause", "sub_123", "--behavior", "skip");
    CliRun.Result shape = op("resume", "price_123");

    assertThat(past.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(past.err()).contains("--until: '2020-01-01' is not in the future");
    assertThat(garbage.err()).contains("--until: 'next week' is not a date");
    assertThat(how.err()).contains("--behavior: 'skip' is not one of void|keep-as-draft|mark-uncollectible");
    assertThat(shape.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void aCanceledSubscriptionIsRefused() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");
    assertThat(op("cancel", sub, "--now", "--yes").exitCode()).isZero();
    fake.clearRequests();

    CliRun.Result r = op("pause", sub, "--yes");

    assertThat(r.exitCode()).isEqualTo(ExitCode.SUBSCRIPTION_NOT_ACTIVE);
    assertThat(r.err()).contains(sub + " is canceled; a canceled subscription cannot be paused");
    assertThat(writes()).isEmpty();
  }

  @Test
  void theLiveGuardApplies() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");
    cli.key(CliRun.LIVE_KEY);

    CliRun.Result noLive = op("pause", sub, "--yes");
    assertThat(noLive.exitCode()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(fake.requests()).isEmpty();

    CliRun.Result unconfirmed = op("pause", sub, "--live");
    assertThat(unconfirmed.exitCode()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(unconfirmed.err()).contains("LIVE MODE: Will pause collection for " + sub).contains("needs confirmation");
    assertThat(writes()).isEmpty();

    cli.terminal("yes");
    CliRun.Result typed = op("pause", sub, "--live");
    assertThat(typed.exitCode()).as(typed.all()).isZero();
    assertThat(pause(sub)).isNotNull();
  }
}
