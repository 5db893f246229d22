package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** At a terminal a missing --name/--email/--amount is asked for; in a script it is the usual exit 2. */
class MissingFlagPromptTest extends FakeStripeCli {

  @Test
  void atATerminalTheMissingCustomerFlagsAreAskedForAndTheRunGoesAhead() {
    cli.terminal("Jenny Rosen", "jenny@example.com", "20");
    CliRun.Result r = run();
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.err()).contains("Customer name (--name): ").contains("Customer email (--email): ")
        .contains("Amount in USD per interval, e.g. 20 or 19.99 (--amount): ");
    assertThat(r.out()).contains("Subscribed: $20.00 USD every month");
    assertExactlyOneChain();
  }

  @Test
  void onlyWhatIsMissingIsAskedFor() {
    cli.terminal("jenny@example.com");
    CliRun.Result r = run("--name", "Jenny Rosen", "--amount", "2000", "--currency", "jpy", "--dry-run");
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.err()).contains("Customer email (--email): ").doesNotContain("--name): ").doesNotContain("--amount): ");
    assertThat(r.out()).contains("jenny@example.com");
  }

  @Test
  void anAnswerIsCheckedLikeTheFlagAndNothingIsSent() {
    cli.terminal("Jenny Rosen", "not-an-email", "20");
    CliRun.Result r = run();
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--email");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void endOfInputAtThePromptIsTheUsualError() {
    cli.terminal();
    CliRun.Result r = run("--email", "jenny@example.com", "--amount", "20");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("Customer name (--name): ").contains("--name: is required");
    assertThat(fake.requests()).isEmpty();
  }

  /** Also as a process of the jar and of the launcher, whose standard input is not a terminal. */
  @Test
  void withoutATerminalNothingIsAskedForAndAMissingFlagIsExit2() {
    CliRun.Result r = run("--email", "jenny@example.com", "--amount", "20");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--name: is required").doesNotContain("(--name): ");
    assertThat(fake.requests()).isEmpty();
  }
}
