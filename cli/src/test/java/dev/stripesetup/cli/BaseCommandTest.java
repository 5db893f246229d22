package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@link BaseCommand} gives every subcommand: --version, and the common options given before it. */
class BaseCommandTest extends FakeStripeCli {

  @ParameterizedTest
  @ValueSource(strings = {"batch", "status", "cancel", "cleanup", "simulate", "listen", "failures", "login", "logout",
      "config"})
  void everyCommandPrintsTheVersion(String command) {
    CliRun.Result r = cli.run(command, "--version");
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).startsWith("stripe-setup ").contains("Stripe API " + com.stripe.Stripe.API_VERSION);
  }

  @Test
  void apiBaseBeforeTheCommandIsWhereTheCommandGoes() {
    // run() puts --api-base URL first: stripe-setup --api-base URL status EMAIL
    CliRun.Result r = run("status", "nobody@example.com");
    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(r.err()).contains("no customer has the email nobody@example.com");
    assertThat(fake.requests()).as("requests the fake received").isNotEmpty()
        .allSatisfy(req -> assertThat(req.path()).startsWith("/v1/customers"));
  }

  @Test
  void envFileBeforeTheCommandIsTheFileItReads() throws Exception {
    Files.writeString(dir.resolve("other.env"), "STRIPE_API_KEY=sk_test_fromTheOtherFile0000000000000001234\n");
    Files.writeString(dir.resolve(".env"), "STRIPE_API_KEY=sk_test_fromTheDefaultFile000000000000005678\n");
    cli.key(null);
    CliRun.Result r = cli.run("--env-file", "other.env", "config");
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains("sk_test_...1234").doesNotContain("sk_test_...5678");
  }

  @Test
  void jsonBeforeTheCommandIsHonoured() {
    CliRun.Result r = run("--json", "status", "nobody@example.com");
    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(JsonParser.parseString(r.out()).getAsJsonObject().get("exit_code").getAsInt()).isEqualTo(ExitCode.NOT_FOUND);
  }

  @Test
  void aRootOptionTheCommandDoesNotHaveIsABadFlagNotDropped() {
    CliRun.Result name = run("--name", "Jenny", "status", "nobody@example.com");
    CliRun.Result live = cli.run("--live", "failures");
    assertThat(name.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(name.err()).startsWith("error: --name is not an option of 'stripe-setup status'");
    assertThat(live.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(live.err()).startsWith("error: --live is not an option of 'stripe-setup failures'");
    CliRun.Result dryRun = run("--dry-run", "cleanup");
    assertThat(dryRun.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(dryRun.err()).startsWith("error: --dry-run before 'stripe-setup cleanup' is an option of the chain:"
        + " put it after 'stripe-setup cleanup'");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void theCommandsOwnValueWinsOverOneGivenBeforeIt() throws Exception {
    Files.writeString(dir.resolve("a.env"), "STRIPE_API_KEY=sk_test_fromFileA00000000000000000000001111\n");
    Files.writeString(dir.resolve("b.env"), "STRIPE_API_KEY=sk_test_fromFileB00000000000000000000002222\n");
    cli.key(null);
    CliRun.Result r = cli.run("--env-file", "a.env", "config", "--env-file", "b.env");
    assertThat(r.out()).as(r.all()).contains("sk_test_...2222").doesNotContain("sk_test_...1111");
  }
}
