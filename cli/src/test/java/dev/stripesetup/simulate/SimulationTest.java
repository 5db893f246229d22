package dev.stripesetup.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stripesetup.billing.ChainCalls;
import dev.stripesetup.billing.SetupRequest;
import dev.stripesetup.billing.SetupRequestParser;
import org.junit.jupiter.api.Test;

/** The chain's optional test clock: on the customer when given, and no change at all when not. */
class SimulationTest {
  private static SetupRequest jenny() {
    return SetupRequestParser.parse(SetupRequestParser.Raw.builder().name("Jenny Rosen")
        .email("jenny@example.com").amount("20").build());
  }

  @Test
  void withoutAClockARequestKeepsItsRunIdAndSendsNoTestClock() {
    SetupRequest r = jenny();

    // The run ID the README shows for this customer, from before the clock existed: keys stay the same.
    assertThat(r.runId()).isEqualTo("run_29a2785042701e71");
    assertThat(r.testClock()).isNull();
    assertThat(new ChainCalls(r).createCustomer().toMap()).doesNotContainKey("test_clock");
    assertThat(new ChainCalls(r).findCustomer().toMap()).doesNotContainKey("test_clock");
  }

  @Test
  void onAClockTheCustomerIsCreatedAndLookedForOnItUnderItsOwnRunId() {
    Simulation sim = new Simulation("sim_0123456789abcdef", jenny(), 3, 2, null);

    SetupRequest r = sim.onClock("clock_1");

    assertThat(new ChainCalls(r).createCustomer().toMap()).containsEntry("test_clock", "clock_1");
    assertThat(new ChainCalls(r).findCustomer().toMap()).containsEntry("test_clock", "clock_1");
    assertThat(new ChainCalls(r).runMetadata()).containsEntry("created_by", "stripe-setup")
        .containsEntry(Simulation.META_SIMULATION, "sim_0123456789abcdef");
    assertThat(r.runId()).isNotEqualTo(jenny().runId()).isNotEqualTo(sim.onClock("clock_2").runId());
    assertThat(Simulation.isClockName(sim.clockName())).isTrue();
    assertThat(Simulation.isClockName("stripe-setup something else")).isFalse();
  }

  @Test
  void periodsAreCountedFromTheAnchorSoTheThirtyFirstComesBack() {
    Simulation sim = new Simulation("sim_0123456789abcdef", jenny(), 3, null, null);
    long jan31 = 1_801_353_600L; // 2027-01-31T00:00Z

    assertThat(TimelineText.date(sim.periodEnd(jan31, 1))).isEqualTo("2027-02-28");
    assertThat(TimelineText.date(sim.periodEnd(jan31, 2))).isEqualTo("2027-03-31");
    assertThat(sim.snapshotTime(jan31, 1)).isEqualTo(sim.periodEnd(jan31, 1) - 60);
  }
}
