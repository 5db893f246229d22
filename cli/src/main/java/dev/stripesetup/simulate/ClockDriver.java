package dev.stripesetup.simulate;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.net.StripeResponse;
import com.stripe.model.testhelpers.TestClock;
import com.stripe.param.testhelpers.TestClockAdvanceParams;
import com.stripe.param.testhelpers.TestClockCreateParams;
import com.stripe.param.testhelpers.TestClockListParams;
import dev.stripesetup.billing.ChainCalls;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Creates, finds, advances and deletes one test clock. An advance is asynchronous at Stripe: the clock
 * says {@code advancing} until the billing in between is done, then {@code ready} (or
 * {@code internal_failure}); this waits with a doubling back-off, so a wait costs a handful of requests,
 * far below the test-mode rate limit of 25 per second.
 */
final class ClockDriver {
  /**
   * @param first the first wait after an advance; doubled after each poll up to max
   * @param timeout how long an advance may take before giving up
   */
  record Polling(Duration first, Duration max, Duration timeout) {
    static final Polling DEFAULT = new Polling(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofMinutes(10));
  }

  private final StripeClient client;
  private final Polling polling;
  private final Consumer<String> progress;

  ClockDriver(StripeClient client, Polling polling, Consumer<String> progress) {
    this.client = client;
    this.polling = polling;
    this.progress = progress;
  }

  /** The live clock with this exact name, or null. Clocks carry no metadata: the name is the marker. */
  TestClock find(String name) throws StripeException {
    for (TestClock c : client.v1().testHelpers().testClocks()
        .list(TestClockListParams.builder().setLimit(100L).build()).autoPagingIterable()) {
      if (name.equals(c.getName()) && !Boolean.TRUE.equals(c.getDeleted())) {
        return c;
      }
    }
    return null;
  }

  /**
   * Creates the clock. The idempotency key names the simulation and the start time, so a retried
   * create replays instead of making a second clock; a replayed clock that has since been deleted is
   * replaced under a successor key.
   */
  TestClock create(String name, String simulationId, long frozenTime) throws StripeException {
    String key = "stripe-setup-v1:" + simulationId + ":test_clock:" + frozenTime;
    TestClockCreateParams params = TestClockCreateParams.builder().setName(name).setFrozenTime(frozenTime).build();
    TestClock clock = client.v1().testHelpers().testClocks().create(params, ChainCalls.withKey(key));
    // Each replayed clock that was deleted since gets a successor, checked in turn (a third run
    // after two deleted clocks replays the second one).
    while (replayed(clock.getLastResponse()) && gone(clock.getId())) {
      clock = client.v1().testHelpers().testClocks().create(params, ChainCalls.withKey(key + ":after:" + clock.getId()));
    }
    progress.accept("Created test clock " + clock.getId() + " (" + name + ")");
    return clock;
  }

  private boolean gone(String clockId) throws StripeException {
    try {
      return Boolean.TRUE.equals(client.v1().testHelpers().testClocks().retrieve(clockId).getDeleted());
    } catch (com.stripe.exception.InvalidRequestException e) {
      if ("resource_missing".equals(e.getCode())) {
        return true;
      }
      throw e;
    }
  }

  private static boolean replayed(StripeResponse r) {
    return r != null && r.headers().firstValue("Idempotent-Replayed").map("true"::equals).orElse(false);
  }

  /**
   * Advances to frozenTime (a no-op if the clock is already there) and waits until it is ready. The
   * key names the simulation and the target, so a retry after a lost response replays the advance
   * rather than being refused because the clock is advancing.
   */
  TestClock advanceTo(TestClock clock, long frozenTime, String simulationId) throws StripeException {
    TestClock ready = waitReady(clock);
    if (ready.getFrozenTime() >= frozenTime) {
      return ready;
    }
    TestClock advancing = client.v1().testHelpers().testClocks().advance(clock.getId(),
        TestClockAdvanceParams.builder().setFrozenTime(frozenTime).build(),
        ChainCalls.withKey("stripe-setup-v1:" + simulationId + ":advance:" + clock.getId() + ":" + frozenTime));
    return waitReady(advancing);
  }

  /** Polls until ready, with back-off; internal_failure and a timeout end the simulation with a reason. */
  TestClock waitReady(TestClock clock) throws StripeException {
    long deadline = System.nanoTime() + polling.timeout().toNanos();
    Duration wait = polling.first();
    TestClock now = clock;
    while (true) {
      String status = now.getStatus();
      if ("ready".equals(status)) {
        return now;
      }
      if ("internal_failure".equals(status)) {
        throw new SimulationException(SimulationException.Kind.STRIPE_FAILED, "test clock " + clock.getId()
            + " failed inside Stripe (internal_failure); delete it (stripe-setup cleanup) and run again");
      }
      if (System.nanoTime() > deadline) {
        throw new SimulationException(SimulationException.Kind.STRIPE_FAILED, "test clock " + clock.getId()
            + " was still " + status + " after " + polling.timeout().toSeconds() + " s; run the same command "
            + "again later to continue");
      }
      sleep(wait);
      wait = wait.multipliedBy(2).compareTo(polling.max()) > 0 ? polling.max() : wait.multipliedBy(2);
      now = client.v1().testHelpers().testClocks().retrieve(clock.getId());
    }
  }

  void delete(String clockId) throws StripeException {
    client.v1().testHelpers().testClocks().delete(clockId);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SimulationException(SimulationException.Kind.CANNOT_CONTINUE, "interrupted while waiting for the test clock");
    }
  }
}
