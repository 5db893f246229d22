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
    java.nio.file.Path locks = dir.resolve("locks");
    cli.env(dev.stripesetup.billing.EmailLock.DIRECTORY_VARIABLE, locks.toString());
    // Another process (a child JVM) takes the email's lock, says so, and keeps it until told to let go.
    Process other = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), HoldLock.class.getName(), locks.toString(), "jenny@example.com")
        .redirectErrorStream(true).start();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (java.io.BufferedReader said = new java.io.BufferedReader(new java.io.InputStreamReader(other.getInputStream()))) {
      assertThat(said.readLine()).isEqualTo("held");
      java.util.concurrent.atomic.AtomicReference<Thread> runner = new java.util.concurrent.atomic.AtomicReference<>();
      Future<CliRun.Result> run = pool.submit(() -> {
        runner.set(Thread.currentThread());
        return run(JENNY);
      });
      // A condition, not a sleep: the run is blocked on the other process's file lock.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      while (!blockedOnTheFileLock(runner.get())) {
        assertThat(run.isDone()).as("the run must wait, not finish: %s", run.isDone() ? run.get().all() : "").isFalse();
        assertThat(System.nanoTime()).as("the run reaches the email lock within 30 s").isLessThan(deadline);
        java.util.concurrent.locks.LockSupport.parkNanos(2_000_000); // polling the condition
      }
      assertThat(fake.count("customer")).as("nothing created while the other run holds the email").isZero();
      other.getOutputStream().write("release\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      other.getOutputStream().flush();
      CliRun.Result r = run.get(60, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(r.exitCode()).as(r.all()).isZero();
      assertThat(r.err()).contains("Waiting for another stripe-setup run on this machine that works on this email");
      assertThat(other.waitFor()).isZero();
    } finally {
      pool.shutdownNow();
      other.destroy();
    }
    assertExactlyOneChain();
  }

  /** Whether this thread waits in FileChannel.lock() called from EmailLock.acquire. */
  private static boolean blockedOnTheFileLock(Thread t) {
    if (t == null) {
      return false;
    }
    boolean inAcquire = false;
    boolean inLock = false;
    for (StackTraceElement f : t.getStackTrace()) {
      inAcquire |= f.getClassName().equals(dev.stripesetup.billing.EmailLock.class.getName()) && f.getMethodName().equals("acquire");
      inLock |= f.getClassName().endsWith("FileChannelImpl") && f.getMethodName().equals("lock");
    }
    return inAcquire && inLock;
  }

  /** A separate process that holds an email's lock until a line arrives on its stdin. */
  public static final class HoldLock {
    public static void main(String[] args) throws Exception {
      try (dev.stripesetup.billing.EmailLock held = dev.stripesetup.billing.EmailLock.acquire(
          java.nio.file.Path.of(args[0]), args[1], line -> { })) {
        System.out.println("held");
        System.out.flush();
        new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
      }
    }
  }
}
