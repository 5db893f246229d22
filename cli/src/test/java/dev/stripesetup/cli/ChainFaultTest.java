package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stripesetup.fake.FakeStripe.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every step and every kind of fault: a run that meets the fault, then a re-run of the same
 * command, ends with exactly one customer, one attached payment method, one price and one
 * subscription. Retries run with STRIPE_SETUP_MAX_RETRIES=2 to keep the failing runs short.
 */
class ChainFaultTest extends FakeStripeCli {
  /** A new customer is created with its test card (pm_card_visa): no payment-method create or attach. */
  static final String[][] STEPS = {
      {"GET", "/v1/customers"},
      {"GET", "/v1/prices"},
      {"POST", "/v1/customers"},
      {"POST", "/v1/prices"},
      {"POST", "/v1/subscriptions"},
  };

  static Stream<Arguments> everyStepAndFault() {
    List<Arguments> all = new ArrayList<>();
    for (String[] step : STEPS) {
      for (Fault fault : Fault.values()) {
        all.add(Arguments.of(step[0], step[1], fault));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{2} once at {0} {1}: retried within the run")
  @MethodSource("everyStepAndFault")
  void aSingleFaultIsRetriedWithinTheRun(String method, String path, Fault fault) {
    fake.injectFault(fault, method, path, 1);

    CliRun.Result r = run(JENNY);

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(fake.faultsInjected()).isEqualTo(1);
    assertExactlyOneChain();
  }

  @ParameterizedTest(name = "{2} persisting at {0} {1}: run fails, re-run resumes")
  @MethodSource("everyStepAndFault")
  void aPersistentFaultFailsTheRunAndTheReRunFinishesWithoutDuplicates(String method, String path, Fault fault) {
    // More faults than the retries can absorb (the JDK also resends a dropped request once by itself).
    fake.injectFault(fault, method, path, 100);

    CliRun.Result failed = run(JENNY);
    fake.clearFaults();

    assertThat(failed.exitCode()).as(failed.all())
        .isEqualTo(fault == Fault.RATE_LIMIT_429 ? ExitCode.RATE_LIMITED : ExitCode.NETWORK);
    assertThat(failed.err()).contains("failed:").contains("Re-run the same command to resume")
        .doesNotContain("\tat ");
    // A drop after acting at the last step leaves the subscription made but unconfirmed to us.
    assertThat(fake.count("subscription")).isLessThanOrEqualTo(fault == Fault.DROP_AFTER_ACTING ? 1 : 0);

    CliRun.Result resumed = run(JENNY);

    assertThat(resumed.exitCode()).as(resumed.all()).isZero();
    assertExactlyOneChain();
  }
}
