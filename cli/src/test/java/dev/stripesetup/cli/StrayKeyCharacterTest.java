package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** A key with a stray character (a trailing backslash from a copied shell line) is refused, not sent. */
class StrayKeyCharacterTest extends FakeStripeCli {
  @Test
  void aTrailingBackslashInDotEnvIsAConfigurationErrorNamingTheLine() throws Exception {
    cli.key(null);
    Files.writeString(dir.resolve(".env"), "# keys\nSTRIPE_API_KEY=" + CliRun.TEST_KEY + "\\\n");

    CliRun.Result r = run(JENNY);

    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.CONFIG);
    assertThat(r.err()).contains(".env line 2").contains("not part of a Stripe key")
        .doesNotContain(CliRun.TEST_KEY.substring(8));
    assertThat(r.err().lines().filter(l -> l.startsWith("error:"))).hasSize(1);
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void aStrayCharacterInTheEnvironmentNamesTheVariable() {
    cli.key(CliRun.TEST_KEY + "~");

    CliRun.Result r = run(JENNY);

    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.CONFIG);
    assertThat(r.err()).contains("environment variable STRIPE_API_KEY").doesNotContain(CliRun.TEST_KEY.substring(8));
    assertThat(fake.requests()).isEmpty();
  }
}
