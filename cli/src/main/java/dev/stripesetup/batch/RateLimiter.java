package dev.stripesetup.batch;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One client-side limit for every HTTP attempt of a batch, retries included. Two rules, both needed:
 * attempts are spaced evenly at the current rate (no bursts), and no one-second window holds more
 * than the rate's worth of attempts by the time they actually go out. The second rule matters after
 * a stall (a GC pause, a starved CPU): threads whose slots have passed would otherwise all send at
 * once, and Stripe counts requests in a sliding window, so that burst is a 429.
 *
 * <p>A 429 halves the rate (at most once per second, since several in-flight requests see the same
 * overload); after a quiet second it climbs back linearly to the target over two seconds.
 */
public final class RateLimiter {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final double FLOOR = 1.0;

  private final double target;
  private final LongSupplier clock;
  private double rate;
  private long nextFree;
  private long lastSlowdown = Long.MIN_VALUE / 2;
  private long lastRecovery;
  private long slowdowns;
  /** When the attempts of the last second went out. */
  private final ArrayDeque<Long> sent = new ArrayDeque<>();

  public RateLimiter(double perSecond) {
    this(perSecond, System::nanoTime);
  }

  RateLimiter(double perSecond, LongSupplier clock) {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive");
    }
    this.target = perSecond;
    this.rate = perSecond;
    this.clock = clock;
    this.nextFree = clock.getAsLong();
    this.lastRecovery = nextFree;
  }

  /** Waits for this attempt's slot, then for room in the last second's window. */
  public void acquire() throws InterruptedException {
    long wait = reserve();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
    for (long w = admit(); w > 0; w = admit()) {
      TimeUnit.NANOSECONDS.sleep(w);
    }
  }

  /** Records a send now if the last second has room (returns 0), else returns how long to wait. */
  synchronized long admit() {
    long now = clock.getAsLong();
    while (!sent.isEmpty() && now - sent.peekFirst() >= SECOND) {
      sent.pollFirst();
    }
    if (sent.size() < Math.max(1, (int) rate)) {
      sent.addLast(now);
      return 0;
    }
    return Math.max(1, sent.peekFirst() + SECOND - now);
  }

  /** Takes the next slot and returns how long to wait for it (nanoseconds). */
  synchronized long reserve() {
    long now = clock.getAsLong();
    recover(now);
    long slot = Math.max(now, nextFree);
    nextFree = slot + (long) (SECOND / rate);
    return slot - now;
  }

  /** Stripe said 429: slow down. */
  public synchronized void rateLimited() {
    long now = clock.getAsLong();
    if (now - lastSlowdown < SECOND) {
      return;
    }
    lastSlowdown = now;
    lastRecovery = now;
    slowdowns++;
    rate = Math.max(FLOOR, rate / 2);
    // Push the next slot out so the new spacing applies at once.
    nextFree = Math.max(nextFree, now + (long) (SECOND / rate));
  }

  private void recover(long now) {
    if (rate >= target || now - lastSlowdown < SECOND) {
      lastRecovery = now;
      return;
    }
    long from = Math.max(lastRecovery, lastSlowdown + SECOND); // recovery starts after the quiet second
    double seconds = (now - from) / (double) SECOND;
    rate = Math.min(target, rate + target * seconds / 2);
    lastRecovery = now;
  }

  public synchronized double rate() {
    return rate;
  }

  public double target() {
    return target;
  }

  public synchronized long slowdowns() {
    return slowdowns;
  }
}
