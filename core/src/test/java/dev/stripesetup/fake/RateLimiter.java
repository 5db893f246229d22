package dev.stripesetup.fake;

import java.util.ArrayDeque;

/** Sliding one-second window over all accepted requests; 0 = unlimited. */
final class RateLimiter {
  private static final long WINDOW_NANOS = 1_000_000_000L;
  private final ArrayDeque<Long> accepted = new ArrayDeque<>();
  private int perSecond;

  synchronized void setPerSecond(int perSecond) {
    this.perSecond = perSecond;
    accepted.clear();
  }

  /** True if the request may proceed. Rejected requests do not count, so throughput stays at the limit. */
  synchronized boolean tryAcquire() {
    if (perSecond <= 0) return true;
    long now = System.nanoTime();
    while (!accepted.isEmpty() && now - accepted.peekFirst() >= WINDOW_NANOS) accepted.pollFirst();
    if (accepted.size() >= perSecond) return false;
    accepted.addLast(now);
    return true;
  }
}
