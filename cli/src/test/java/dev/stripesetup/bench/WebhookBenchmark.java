package dev.stripesetup.bench;

import dev.stripesetup.webhook.DeclineReasons;
import dev.stripesetup.webhook.Deliveries;
import dev.stripesetup.webhook.Output;
import dev.stripesetup.webhook.PaymentFailure;
import dev.stripesetup.webhook.SignatureVerifier;
import dev.stripesetup.webhook.WebhookSecret;
import dev.stripesetup.listen.WebhookListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The listen server's acknowledge latency: signed deliveries over loopback at a steady rate (default
 * 200/s for 10 s), each to the real server with its SQLite journal (WAL, synchronous=FULL) in a
 * temporary directory, and handling running behind it as in production.
 *
 * <p>Latency is measured from each delivery's scheduled send time to its response, so a server that
 * falls behind is charged for the queueing too. Bounded: a fixed number of deliveries, 127.0.0.1 only,
 * and a hard stop 30 s after the last one is due.
 *
 * <p>Run: {@code ./mvnw -q test-compile exec:java@bench-webhook} (optional args: rate-per-second seconds).
 * {@code -Dbench.busy=N} starts N other processes ({@link BusyCore}) that each keep one core busy from
 * before the warm-up to the end, for the target on a busy machine.
 */
public final class WebhookBenchmark {
  static final double TARGET_P99_MS = 50;

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int count = rate * seconds;
    Path dir = Files.createTempDirectory("webhook-bench");
    AtomicInteger failuresHandled = new AtomicInteger();
    Output quiet = new Output() {
      @Override
      public void failure(PaymentFailure failure) {
        failuresHandled.incrementAndGet();
      }

      @Override
      public void note(String line) {}
    };
    WebhookListener.Config config = new WebhookListener.Config("127.0.0.1", 0, "/webhook", dir.resolve("events.db"),
        new SignatureVerifier(WebhookSecret.of(Deliveries.SECRET, "benchmark")), DeclineReasons.NONE, null);
    List<Process> busy = startBusyCores(Integer.getInteger("bench.busy", 0), seconds + 40);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    try (WebhookListener listener = WebhookListener.start(config, quiet)) {
      URI url = URI.create(listener.url());
      run(http, url, "warm", rate, Math.min(count, rate * 2), false);
      long[] latencies = run(http, url, "run", rate, count, true);
      Arrays.sort(latencies);
      double p50 = ms(latencies[(int) (latencies.length * 0.50)]);
      double p99 = ms(latencies[Math.min(latencies.length - 1, (int) Math.ceil(latencies.length * 0.99) - 1)]);
      double max = ms(latencies[latencies.length - 1]);
      listener.processor().awaitIdle(30_000);
      System.out.printf("webhook acknowledge latency, %d signed deliveries at %d/s over loopback, journal WAL synchronous=FULL%s:%n",
          latencies.length, rate, busy.isEmpty() ? "" : ", " + busy.size() + " other process(es) each keeping a core busy");
      System.out.printf("  p50 %.1f ms | p99 %.1f ms | max %.1f ms | p99 / %.0f ms = %.2f (%s)%n", p50, p99, max,
          TARGET_P99_MS, p99 / TARGET_P99_MS, p99 < TARGET_P99_MS ? "within target" : "OVER TARGET");
      System.out.printf("  journal events %d, payment failures handled %d%n", listener.journal().eventCount(),
          failuresHandled.get());
    } finally {
      busy.forEach(Process::destroy);
      try (var files = Files.list(dir)) {
        files.forEach(p -> p.toFile().delete());
      }
      Files.deleteIfExists(dir);
    }
  }

  /** Other processes spinning one core each, bounded: each stops by itself after {@code seconds}. */
  private static List<Process> startBusyCores(int count, int seconds) throws Exception {
    List<Process> busy = new ArrayList<>();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int i = 0; i < count; i++) {
      busy.add(new ProcessBuilder(java, "-cp", Path.of(BusyCore.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(), BusyCore.class.getName(),
          String.valueOf(seconds)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }
    return busy;
  }

  private static long[] run(HttpClient http, URI url, String prefix, int rate, int count, boolean measure) throws Exception {
    // Signed up front so signing is not part of the measurement.
    List<HttpRequest> requests = new ArrayList<>(count);
    long ts = Deliveries.now();
    for (int i = 0; i < count; i++) {
      String payload = Deliveries.paymentFailed("evt_" + prefix + i, ts, "sub_" + (i % 500), "in_" + prefix + i, 1);
      requests.add(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
          .header("Stripe-Signature", Deliveries.sign(payload, Deliveries.SECRET, ts))
          .POST(HttpRequest.BodyPublishers.ofString(payload)).build());
    }
    long[] latencies = new long[count];
    AtomicLong errors = new AtomicLong();
    List<CompletableFuture<?>> pending = new ArrayList<>(count);
    long interval = TimeUnit.SECONDS.toNanos(1) / rate;
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
    for (int i = 0; i < count; i++) {
      long due = start + i * interval;
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      int n = i;
      pending.add(http.sendAsync(requests.get(i), HttpResponse.BodyHandlers.discarding()).handle((r, e) -> {
        latencies[n] = System.nanoTime() - due;
        if (e != null || r.statusCode() != 200) {
          errors.incrementAndGet();
        }
        return null;
      }));
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    if (errors.get() > 0) {
      System.out.println("  " + errors.get() + " of " + count + " deliveries were not answered 200");
    }
    return latencies;
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }
}
