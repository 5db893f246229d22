package dev.stripesetup.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The limiter's arithmetic on a fake clock: even spacing, halving on 429, gradual recovery. */
class RateLimiterTest {
  long now = 0;
  final long ms = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void spacesAttemptsEvenlyWithoutABurst() {
    RateLimiter limiter = new RateLimiter(20, () -> now);
    long[] waits = new long[21];
    for (int i = 0; i < waits.length; i++) {
      waits[i] = limiter.reserve();
    }
    assertThat(waits[0]).isZero();
    assertThat(waits[1]).isEqualTo(50 * ms);
    assertThat(waits[20]).as("21 attempts take a full second: never more than 20 in any second").isEqualTo(1000 * ms);
  }

  @Test
  void a429HalvesTheRateOncePerSecondThenItRecoversToTheTarget() {
    RateLimiter limiter = new RateLimiter(24, () -> now);
    limiter.rateLimited();
    limiter.rateLimited(); // the same overload seen by another in-flight request
    assertThat(limiter.rate()).isEqualTo(12);
    assertThat(limiter.slowdowns()).isEqualTo(1);

    now += 500 * ms;
    limiter.reserve();
    assertThat(limiter.rate()).as("no recovery within a second of a 429").isEqualTo(12);
    now += 1000 * ms;
    limiter.rateLimited();
    assertThat(limiter.rate()).isEqualTo(6);

    now += 1500 * ms; // the quiet second, then half a second of recovery: 6 + 24 * 0.5 / 2
    limiter.reserve();
    assertThat(limiter.rate()).isEqualTo(12);
    now += 5000 * ms;
    limiter.reserve();
    assertThat(limiter.rate()).isEqualTo(24);
  }

  @Test
  void neverBelowOneAttemptPerSecond() {
    RateLimiter limiter = new RateLimiter(3, () -> now);
    for (int i = 0; i < 10; i++) {
      limiter.rateLimited();
      now += 1100 * ms;
    }
    assertThat(limiter.rate()).isEqualTo(1);
  }

  @Test
  void afterAStallTheSlotsThatPassedDoNotGoOutAsABurst() {
    RateLimiter limiter = new RateLimiter(10, () -> now);
    for (int i = 0; i < 5; i++) { // five attempts sent on time, 100 ms apart
      now = limiter.reserve() + now;
      assertThat(limiter.admit()).isZero();
    }
    now += 500 * ms; // a stall: t = 900 ms, and five more slots have passed while nobody sent
    int admitted = 0;
    for (int i = 0; i < 10; i++) { // everyone whose slot passed wakes up at once
      if (limiter.admit() == 0) {
        admitted++;
      }
    }
    assertThat(admitted).as("the window since t=0 has room for 5 more, not 10").isEqualTo(5);
  }
}
