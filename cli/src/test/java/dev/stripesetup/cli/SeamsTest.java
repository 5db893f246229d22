package dev.stripesetup.cli;

import dev.stripesetup.cli.option.CommonOptions;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.Stripe;
import dev.stripesetup.config.ApiKey;
import dev.stripesetup.output.Console;
import dev.stripesetup.billing.EmailLock;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What a command reads from the world comes through its {@link CliContext}, so tests can drive it. */
class SeamsTest extends FakeStripeCli {

  @Test
  void theEmailLockIsTakenInTheDirectoryTheEnvironmentNames() throws Exception {
    Path locks = dir.resolve("locks");
    CliRun.Result r = cli.env(EmailLock.DIRECTORY_VARIABLE, locks.toString()).run(with(JENNY, "--api-base", fake.baseUrl()));
    assertThat(r.exitCode()).as(r.all()).isZero();
    try (Stream<Path> files = Files.list(locks)) {
      assertThat(files.map(f -> f.getFileName().toString())).singleElement().asString().matches("email-\\d{4}\\.lock");
    }
  }

  @Test
  void telemetryFollowsTheCommandsEnvironmentNotTheProcesss() {
    Console quiet = new Console(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()));
    ApiKey key = ApiKey.of(CliRun.TEST_KEY, "test");
    try {
      StripeConnection.open(new CliContext(Map.of("STRIPE_SETUP_TELEMETRY", "true"), dir, quiet, Prompter.none()),
          new CommonOptions(), null, key);
      assertThat(Stripe.enableTelemetry).as("opted in through the context").isTrue();
      StripeConnection.open(new CliContext(Map.of(), dir, quiet, Prompter.none()), new CommonOptions(), null, key);
      assertThat(Stripe.enableTelemetry).as("off unless opted in").isFalse();
    } finally {
      Stripe.enableTelemetry = false;
    }
  }
}
