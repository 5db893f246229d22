package dev.stripesetup.bench;

/**
 * Keeps one core busy for the given number of seconds, then exits: the "busy machine" of
 * {@link WebhookBenchmark} ({@code -Dbench.busy=1}), run as a separate process so that it competes
 * for the CPU as another program would, not as a thread the server's JVM could favour.
 */
public final class BusyCore {
  private BusyCore() {}

  public static void main(String[] args) {
    long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000_000L;
    long x = 0;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 100_000; i++) {
        x = x * 6364136223846793005L + 1442695040888963407L;
      }
    }
    // Printed so the loop cannot be optimised away.
    System.out.println(x == 42 ? "" : "done");
  }
}
