package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.stripesetup.fake.FakeStripe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real program in its own JVM against a fake Stripe in this one: killed with SIGKILL mid-run,
 * then stopped with SIGTERM (what Ctrl-C does: the shutdown hook), then run to the end. Every row
 * ends with exactly one customer and one subscription, and the report says so.
 *
 * <p>The child runs from this JVM's own class path (surefire runs before the jar is packaged).
 */
class BatchProcessTest {
  static final int ROWS = 40;

  @TempDir
  Path dir;
  FakeStripe fake;

  @BeforeEach
  void start() {
    fake = FakeStripe.start();
    fake.setLatencyMillis(20);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  Process launch(Path csv, String name) throws IOException {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", classPath, "dev.stripesetup.cli.Main",
        "batch", "--api-base", fake.baseUrl(), "--rate", "40", "--concurrency", "4", csv.toString())
        .directory(dir.toFile())
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile());
    pb.environment().put("STRIPE_API_KEY", CliRun.TEST_KEY);
    pb.environment().put("STRIPE_SETUP_RETRY_BASE_MS", "20");
    return pb.start();
  }

  void waitForSubscriptions(int n, Process p) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (fake.count("subscription") < n) {
      assertThat(p.isAlive()).as("the batch is still running").isTrue();
      assertThat(System.nanoTime()).as("waiting for %d subscriptions", n).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  String read(String name) throws IOException {
    return Files.readString(dir.resolve(name));
  }

  @Test
  void killedThenInterruptedThenResumedEndsWithExactlyOneSubscriptionPerRow() throws Exception {
    List<String> lines = new ArrayList<>(List.of("name,email,amount"));
    for (int i = 0; i < ROWS; i++) {
      lines.add("Customer " + i + ",p" + i + "@example.com," + (i % 2 == 0 ? "20" : "30"));
    }
    Path csv = dir.resolve("customers.csv");
    Files.write(csv, lines);

    Process first = launch(csv, "killed");
    waitForSubscriptions(8, first);
    first.destroyForcibly(); // SIGKILL: no hook, no summary, the journal as it was at that instant
    assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
    int afterKill = fake.count("subscription");
    assertThat(afterKill).isLessThan(ROWS);

    Process second = launch(csv, "interrupted");
    waitForSubscriptions(afterKill + 8, second);
    second.destroy(); // SIGTERM runs the shutdown hook, like Ctrl-C
    assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(read("interrupted.out")).as(read("interrupted.err")).contains("Batch stopped").contains("pending");
    assertThat(read("interrupted.err")).contains("Re-run the same command to finish the pending rows");
    List<CSVRecord> partial = BatchCommandTest.report(dir.resolve("customers.csv.stripe-setup-report.csv"));
    assertThat(partial).extracting(r -> r.get("status")).contains("created", "pending").doesNotContain("failed");

    Process last = launch(csv, "finished");
    assertThat(last.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(last.exitValue()).as(read("finished.err")).isZero();
    assertThat(read("finished.out")).contains(ROWS + " rows: " + ROWS + " created, 0 reused");

    Map<String, List<JsonObject>> customers = fake.objects("customer").stream()
        .collect(Collectors.groupingBy(c -> c.get("email").getAsString()));
    assertThat(customers).hasSize(ROWS);
    assertThat(customers.values()).allSatisfy(c -> assertThat(c).hasSize(1));
    Map<String, Long> subs = fake.objects("subscription").stream()
        .collect(Collectors.groupingBy(s -> s.get("customer").getAsString(), Collectors.counting()));
    assertThat(subs).hasSize(ROWS);
    assertThat(subs.values()).containsOnly(1L);
    assertThat(fake.count("price")).isEqualTo(2);
    List<CSVRecord> report = BatchCommandTest.report(dir.resolve("customers.csv.stripe-setup-report.csv"));
    assertThat(report).hasSize(ROWS).allSatisfy(r -> {
      assertThat(r.get("status")).isEqualTo("created");
      assertThat(subs).containsKey(r.get("customer"));
    });
  }
}
