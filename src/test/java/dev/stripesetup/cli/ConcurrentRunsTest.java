package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Two runs for the same new email at the same moment, on different plans: each looks the email up,
 * finds nothing, and would create its own customer. Runs for one email take turns on this machine
 * (see EmailLock), so the second finds the first's customer. Through the jar and the launcher (see
 * CliRun) the two runs are two processes.
 */
class ConcurrentRunsTest extends FakeStripeCli {

  @Test
  void twoRunsForTheSameEmailAtOnceMakeOneCustomer() throws Exception {
    fake.setLatencyMillis(150);
    cli.env("XDG_CACHE_HOME", dir.resolve("cache").toString());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<CliRun.Result>> runs = new ArrayList<>();
      for (String amount : List.of("20", "30")) {
        Callable<CliRun.Result> run = () -> run("--name", "Jenny Rosen", "--email", "jenny@example.com",
            "--amount", amount, "--allow-second-subscription");
        runs.add(pool.submit(run));
      }
      for (Future<CliRun.Result> r : runs) {
        assertThat(r.get().exitCode()).as(r.get().all()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(fake.count("customer")).isEqualTo(1);
    assertThat(fake.count("subscription")).isEqualTo(2);
  }

  @Test
  void withoutACacheDirectoryRunsAreStillLocked() {
    // The lock no longer lives in the user's cache (issue 14 item 4), so no HOME still means a lock.
    cli.env("XDG_CACHE_HOME", "/dev/null/not-a-directory").env("HOME", null);
    CliRun.Result r = run(JENNY);
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.err()).doesNotContain("without the per-email lock");
    assertExactlyOneChain();
  }

  @Test
  void aRunWaitsForAnotherProcessWorkingOnTheSameEmail() throws Exception {
    CliRun.requireInProcess("this test starts the other process itself");
    java.nio.file.Path cache = dir.resolve("cache");
    cli.env("XDG_CACHE_HOME", cache.toString());
    java.nio.file.Path locks = dev.stripesetup.stripe.EmailLock.directory(java.util.Map.of("XDG_CACHE_HOME", cache.toString()));
    // Another process (a child JVM) takes the email's lock, says so, and keeps it for 1.5 s.
    Process other = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), HoldLock.class.getName(), locks.toString(), "jenny@example.com",
        "1500").redirectErrorStream(true).start();
    try (java.io.BufferedReader said = new java.io.BufferedReader(new java.io.InputStreamReader(other.getInputStream()))) {
      assertThat(said.readLine()).isEqualTo("held");
      long start = System.nanoTime();
      CliRun.Result r = run(JENNY);
      long waited = (System.nanoTime() - start) / 1_000_000;
      assertThat(r.exitCode()).as(r.all()).isZero();
      assertThat(r.err()).contains("Waiting for another stripe-setup run on this machine that works on this email");
      assertThat(other.waitFor()).isZero();
      assertThat(waited).as("ran after the other process let go").isGreaterThan(500);
    }
    assertExactlyOneChain();
  }

  /** A separate process that holds an email's lock for a while. */
  public static final class HoldLock {
    public static void main(String[] args) throws Exception {
      try (dev.stripesetup.stripe.EmailLock held = dev.stripesetup.stripe.EmailLock.acquire(
          java.nio.file.Path.of(args[0]), args[1], line -> { })) {
        System.out.println("held");
        System.out.flush();
        Thread.sleep(Long.parseLong(args[2]));
      }
    }
  }
}
