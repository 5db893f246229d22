package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The launcher trains its class-data archive with {@code cds-training}: the real chain against canned
 * answers. When the chain comes to need a field the canned answers lack, training fails, the launcher
 * silently goes without its archive and every start is slow; only the launcher's own tests (after
 * {@code package}) would notice. This catches it in the first test phase.
 */
class CdsTrainingCommandTest extends FakeStripeCli {

  @Test
  void theTrainingRunCompletesTheChainOnItsCannedAnswers() {
    CliRun.Result r = cli.run("cds-training");
    assertThat(r.exitCode()).as(r.all()).isZero();
  }
}
