package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** stripe-setup simulate: test mode only, flags checked first, the timeline as a table, a page and JSON. */
class SimulateCommandTest extends OperateCli {

  @BeforeEach
  void fastPolling() {
    cli.env("STRIPE_SETUP_CLOCK_POLL_MS", "1");
  }

  @Test
  void aLiveKeyOrABadFlagIsRefusedBeforeAnyCall() {
    cli.key(CliRun.LIVE_KEY);
    CliRun.Result live = op("simulate", "--amount", "20");
    assertThat(live.exitCode()).as(live.all()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(live.err()).contains("simulate runs only with a test key").contains("sk_live_...9999");

    cli.key(CliRun.TEST_KEY);
    CliRun.Result bad = op("simulate", "--amount", "20", "--months", "4", "--fail-from", "1");
    assertThat(bad.exitCode()).as(bad.all()).isEqualTo(ExitCode.USAGE);
    assertThat(bad.err()).contains("--fail-from: must be a period from 2 to 4");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void printsOneLinePerPeriodAndWritesASelfContainedPage() throws Exception {
    CliRun.Result r = op("simulate", "--amount", "20", "--months", "3", "--fail-from", "2", "--html", "timeline.html");

    assertThat(r.exitCode()).as(r.all()).isZero(); // the failure was asked for: still a successful simulation
    assertThat(r.out()).contains("$20.00 USD every month, card declining from period 2")
        .containsPattern("(?m)^1 +\\d{4}-\\d\\d-\\d\\d +in_\\w+ +\\$20\\.00 USD +paid +1 +- +active")
        .containsPattern("(?m)^2 .* failed +4 +- +canceled +card switched to a declining test card")
        .containsPattern("(?m)^3 .* none +- +- +canceled")
        .contains("Finally: subscription canceled").contains("deleted, with its customer");
    String page = Files.readString(dir.resolve("timeline.html"));
    assertThat(page).contains("<svg").contains("data-result=\"failed\"").doesNotContainPattern("(src|href)=\"https?:");
    assertThat(fake.objectsIncludingDeleted("test_clock")).hasSize(1)
        .allMatch(c -> c.get("deleted").getAsBoolean());
  }

  @Test
  void jsonGivesTheTimelineAsOneDocumentAndKeepLeavesTheClock() {
    CliRun.Result r = op("simulate", "--amount", "20", "--months", "2", "--keep", "--json",
        "--email", "sim@example.com", "--name", "Sim");

    assertThat(r.exitCode()).as(r.all()).isZero();
    JsonObject doc = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(doc.get("ok").getAsBoolean()).isTrue();
    JsonArray periods = doc.getAsJsonArray("periods");
    assertThat(periods).hasSize(2);
    assertThat(periods.get(1).getAsJsonObject().get("result").getAsString()).isEqualTo("paid");
    assertThat(doc.get("final_subscription_status").getAsString()).isEqualTo("active");
    assertThat(doc.get("test_clock_kept").getAsBoolean()).isTrue();
    JsonObject customer = fake.get(doc.get("customer").getAsString());
    assertThat(customer.get("email").getAsString()).isEqualTo("sim@example.com");
    assertThat(customer.has("deleted")).isFalse();
    assertThat(Path.of(doc.get("test_clock").getAsString()).toString()).startsWith("clock_");
  }

  @Test
  void cleanupFindsAndDeletesTheSimulationsClockWithItsCustomer() {
    CliRun.Result sim = op("simulate", "--amount", "20", "--months", "1", "--keep");
    assertThat(sim.exitCode()).as(sim.all()).isZero();
    JsonObject clock = fake.objects("test_clock").get(0);
    String customer = fake.objectsIncludingDeleted("customer").get(0).get("id").getAsString();

    CliRun.Result r = op("cleanup", "--yes");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains("Delete test clock     " + clock.get("id").getAsString() + "  ("
        + clock.get("name").getAsString() + ", ready)").contains("deleted 1 test clock");
    assertThat(fake.get(clock.get("id").getAsString()).get("deleted").getAsBoolean()).isTrue();
    assertThat(fake.get(customer).get("deleted").getAsBoolean()).isTrue();
  }
}
