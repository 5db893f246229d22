package dev.stripesetup.bench;

import dev.stripesetup.cli.CliContext;
import dev.stripesetup.cli.Main;
import dev.stripesetup.cli.Prompter;
import dev.stripesetup.fake.FakeStripe;
import dev.stripesetup.output.Console;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The batch's throughput against its bound: N rows against the fake Stripe with a per-request
 * latency and a server-side rate limit. The bound is (rate limit / requests per row), with requests
 * per row counted from the fake's log (accepted requests only: 429s do not use the server's budget).
 * Also: the same kind of row run one at a time with the single command, and the peak heap of
 * validating 100,000 rows.
 *
 * <p>Run: {@code ./mvnw -q test-compile exec:java@bench-batch} (optional args: rows latency-ms
 * rate-limit one-at-a-time-rows).
 */
public final class BatchBenchmark {
  private static final String KEY = "sk_test_bench_0000000000004242";

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    long latency = args.length > 1 ? Long.parseLong(args[1]) : 100;
    int limit = args.length > 2 ? Integer.parseInt(args[2]) : 25;
    int single = args.length > 3 ? Integer.parseInt(args[3]) : 30;
    String serverLimit = System.getProperty("bench.serverLimit");
    Path dir = Files.createTempDirectory("bench-batch");
    try (FakeStripe fake = FakeStripe.start()) {
      fake.setLatencyMillis(latency);
      fake.setRateLimit(serverLimit != null ? Integer.parseInt(serverLimit) : limit);

      double rate = measure(fake, dir, "new customers", writeCsv(dir.resolve("customers.csv"), rows, "b"), rows, limit);
      // The same number of rows for customers that exist already (made beforehand, outside the count).
      seedCustomers(fake, rows, "x", serverLimit != null ? Integer.parseInt(serverLimit) : limit);
      measure(fake, dir, "existing customers", writeCsv(dir.resolve("existing.csv"), rows, "x"), rows, limit);
      String[] out = new String[1];

      long s0 = System.nanoTime();
      for (int i = 0; i < single; i++) {
        int c = run(out, "--api-base", fake.baseUrl(), "--name", "One " + i, "--email", "one" + i + "@example.com",
            "--amount", "20");
        if (c != 0) {
          throw new IllegalStateException("single run failed with exit code " + c + "\n" + out[0]);
        }
      }
      if (single > 0) {
        double singleRate = single / ((System.nanoTime() - s0) / 1e9);
        System.out.printf("one at a time: %d single commands = %.2f rows/s (batch is %.1fx faster)%n",
            single, singleRate, rate / singleRate);
      } else {
        System.out.println("one at a time: skipped (0 rows asked)");
      }
    }

    Path big = writeCsv(dir.resolve("big.csv"), 100_000, "m");
    System.gc();
    resetPeakHeap();
    long v0 = System.nanoTime();
    String[] out = new String[1];
    int code = run(out, "batch", "--check", big.toString());
    System.out.printf("validate 100,000 rows (--check): %.1f s, exit %d, peak heap %d MB%n",
        (System.nanoTime() - v0) / 1e9, code, peakHeap() >> 20);
  }

  /** One batch over {@code csv}, measured: requests per row from the fake's log, rows/s, the bound. */
  private static double measure(FakeStripe fake, Path dir, String kind, Path csv, int rows, int limit) {
    fake.clearRequests();
    System.gc();
    resetPeakHeap();
    long t0 = System.nanoTime();
    String[] out = new String[1];
    int code = run(out, "batch", "--api-base", fake.baseUrl(), "--concurrency",
        System.getProperty("bench.concurrency", "8"), csv.toString());
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (code != 0) {
      throw new IllegalStateException("batch failed with exit code " + code + "\n" + out[0]);
    }
    long peakMb = peakHeap() >> 20;
    var log = fake.requests();
    long accepted = log.stream().filter(r -> r.status() != 429).count();
    double span = (log.get(log.size() - 1).startNanos() - log.get(0).startNanos()) / 1e9;
    int[] perSecond = new int[(int) span + 1];
    for (var r : log) {
      if (r.status() != 429) {
        perSecond[(int) ((r.startNanos() - log.get(0).startNanos()) / 1_000_000_000L)]++;
      }
    }
    int[] sorted = java.util.Arrays.copyOf(perSecond, Math.max(1, perSecond.length - 1)); // last second is partial
    java.util.Arrays.sort(sorted);
    System.out.printf("%s: requests: %d accepted, %.1f/s from the first to the last (per whole second: min %d,"
        + " median %d, max %d)%n", kind, accepted, accepted / span, sorted[0], sorted[sorted.length / 2],
        sorted[sorted.length - 1]);
    double perRow = accepted / (double) rows;
    double bound = limit / perRow;
    double rate = rows / seconds;
    System.out.printf("batch, %s: %d rows in %.1f s = %.2f rows/s | %.2f requests/row (fake's log; target <= 3 for"
        + " new) | bound %d/s / %.2f = %.2f rows/s | ratio %.2f (target >= 0.9) | 429s %d | peak heap %d MB%n",
        kind, rows, seconds, rate, perRow, limit, perRow, bound, rate / bound, fake.rateLimited(), peakMb);
    return rate;
  }

  /** Customers with these emails, made straight through the API with the rate limit lifted. */
  private static void seedCustomers(FakeStripe fake, int rows, String prefix, int limit) throws Exception {
    com.stripe.Stripe.enableTelemetry = false;
    com.stripe.StripeClient client = com.stripe.StripeClient.builder().setApiKey(KEY).setApiBase(fake.baseUrl()).build();
    fake.setRateLimit(100_000);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(16);
    try {
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int i = 0; i < rows; i++) {
        String email = prefix + i + "@example.com";
        done.add(pool.submit(() -> client.v1().customers().create(
            com.stripe.param.CustomerCreateParams.builder().setEmail(email).setName("Existing").build())));
      }
      for (var f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    fake.setRateLimit(limit);
  }

  private static Path writeCsv(Path file, int rows, String prefix) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write("name,email,amount\n");
      for (int i = 0; i < rows; i++) {
        w.write("Customer " + i + "," + prefix + i + "@example.com,20\n");
      }
    }
    return file;
  }

  private static final Path LOCKS = tempDir();

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("stripe-setup-bench-cache");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int run(String[] out, String... args) {
    StringWriter sink = new StringWriter();
    PrintWriter w = new PrintWriter(sink);
    // A cache directory as a person has one, so each row takes its per-email lock (EmailLock).
    CliContext ctx = new CliContext(Map.of("STRIPE_API_KEY", KEY, "XDG_CACHE_HOME", LOCKS.toString()),
        Path.of("").toAbsolutePath(),
        new Console(w, w), Prompter.none());
    int code = Main.run(ctx, args);
    out[0] = sink.toString();
    return code;
  }

  private static void resetPeakHeap() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** Sum of the heap pools' peaks: an upper bound on the heap in use at any one moment. */
  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
