package dev.stripesetup.cli;

import static dev.stripesetup.webhook.Deliveries.now;
import static dev.stripesetup.webhook.Deliveries.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.stripesetup.webhook.Deliveries;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** `stripe-setup listen` and `stripe-setup failures`, run in-process like the other commands. */
class ListenCommandTest extends FakeStripeCli {

  /** A listen run on its own thread, stopped by interrupting it (as SIGTERM's hook would stop it). */
  private final class Listening implements AutoCloseable {
    final Thread thread;
    final AtomicReference<CliRun.Result> result = new AtomicReference<>();
    final URI url;

    Listening(String... extra) throws Exception {
      CliRun.requireInProcess("listen is stopped by interrupting its thread");
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      url = URI.create("http://127.0.0.1:" + port + "/webhook");
      List<String> args = new ArrayList<>(List.of("listen", "--port", String.valueOf(port), "--api-base", fake.baseUrl()));
      args.addAll(List.of(extra));
      thread = new Thread(() -> result.set(cli.run(args.toArray(String[]::new))));
      thread.start();
      long deadline = System.currentTimeMillis() + 10_000;
      while (true) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
          break;
        } catch (java.io.IOException e) {
          if (System.currentTimeMillis() > deadline || !thread.isAlive()) {
            throw new IllegalStateException("listen did not start: " + result.get());
          }
          Thread.sleep(20);
        }
      }
    }

    CliRun.Result stop() throws InterruptedException {
      thread.interrupt();
      thread.join(20_000);
      return result.get();
    }

    @Override
    public void close() throws InterruptedException {
      if (thread.isAlive()) {
        stop();
      }
    }
  }

  private static void waitFor(Path file) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!(Files.exists(file) && Files.size(file) > 0 && Files.readString(file).endsWith("\n"))) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("no " + file.getFileName() + " within 10 s");
      }
      Thread.sleep(20);
    }
  }

  /** The UTC time, to the second, that starts every line listen prints while it listens. */
  private static final java.util.regex.Pattern STAMP = java.util.regex.Pattern.compile(
      "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ ");

  @Test
  void linesAreTimestampedAndListeningBeyondLoopbackIsWarnedAbout() throws Exception {
    cli.env("STRIPE_WEBHOOK_SECRET", Deliveries.SECRET);
    Path received = dir.resolve("failure.json");
    CliRun.Result r;
    try (Listening l = new Listening("--host", "0.0.0.0", "--journal", "events.db", "--on-failure", "cat > failure.json")) {
      String payload = Deliveries.paymentFailed("evt_ts", now(), "sub_ts", "in_ts", 1);
      assertThat(Deliveries.post(l.url, payload, sign(payload)).statusCode()).isEqualTo(200);
      assertThat(Deliveries.post(l.url, payload, "t=" + now() + ",v1=deadbeef").statusCode()).isEqualTo(400);
      waitFor(received);
      r = l.stop();
    }
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out().lines().toList()).singleElement()
        .satisfies(line -> assertThat(line).matches(STAMP.pattern() + "Payment failed: .*"));
    assertThat(r.err()).contains("warning: listening on http://0.0.0.0:").contains("other machines");
    assertThat(r.err().lines().filter(line -> line.contains("Listening on") || line.contains("signature_mismatch")
        || line.contains("Stopping") || line.contains("other machines")).toList())
        .hasSize(4).allSatisfy(line -> assertThat(STAMP.matcher(line).lookingAt()).as(line).isTrue());
  }

  @Test
  void missingWebhookSecretExits3NamingTheVariable() {
    CliRun.Result r = cli.run("listen", "--port", "0");
    assertThat(r.exitCode()).isEqualTo(ExitCode.CONFIG);
    assertThat(r.err()).contains("STRIPE_WEBHOOK_SECRET").contains("whsec_");
  }

  @Test
  void anUnresolvableHostIsABadFlagNotACrash() {
    cli.env("STRIPE_WEBHOOK_SECRET", dev.stripesetup.webhook.Deliveries.SECRET);
    CliRun.Result r = cli.run("listen", "--port", "0", "--host", "no-such-host.invalid", "--journal", "events.db");
    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--host: cannot resolve 'no-such-host.invalid'").doesNotContain("\tat ");
  }

  @Test
  void anApiKeyGivenAsTheWebhookSecretIsRecognisedAndExplained() {
    cli.env("STRIPE_WEBHOOK_SECRET", CliRun.TEST_KEY);
    CliRun.Result r = cli.run("listen", "--port", "0");
    assertThat(r.exitCode()).isEqualTo(ExitCode.CONFIG);
    assertThat(r.err()).contains("holds a Stripe API key (sk_test_...").contains("starts with whsec_");
  }

  @Test
  void theSecretCanComeFromDotEnv() throws Exception {
    Files.writeString(dir.resolve(".env"), "STRIPE_WEBHOOK_SECRET=" + Deliveries.SECRET + "\n");
    try (Listening l = new Listening("--journal", "events.db")) {
      CliRun.Result r = l.stop();
      assertThat(r.exitCode()).as(r.all()).isZero();
      assertThat(r.err()).contains("Listening on " + l.url).contains(".env (STRIPE_WEBHOOK_SECRET)").contains("whsec_...")
          .doesNotContain("other machines");
    }
  }

  @Test
  void aFailedPaymentPrintsOneLineRunsTheCommandAndIsListedByFailures() throws Exception {
    // A real declined first payment on the fake Stripe, so the decline reason can be looked up.
    CliRun.Result chain = run(with(JENNY, "--test-card", "declined"));
    assertThat(chain.exitCode()).as(chain.all()).isEqualTo(ExitCode.PAYMENT_DECLINED);
    JsonObject invoice = fake.objects("invoice").get(0);
    String invoiceId = invoice.get("id").getAsString();
    String sub = fake.objects("subscription").get(0).get("id").getAsString();

    cli.env("STRIPE_WEBHOOK_SECRET", Deliveries.SECRET);
    Path received = dir.resolve("failure.json");
    CliRun.Result r;
    try (Listening l = new Listening("--on-failure", "cat > failure.json")) {
      String payload = Deliveries.paymentFailed("evt_cli1", now(), sub, invoiceId, 1);
      assertThat(Deliveries.post(l.url, payload, sign(payload)).statusCode()).isEqualTo(200);
      assertThat(Deliveries.post(l.url, payload, "t=" + now() + ",v1=deadbeef").statusCode()).isEqualTo(400);
      waitFor(received);
      r = l.stop();
    }
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out().lines().filter(line -> STAMP.matcher(line).lookingAt() && line.contains(" Payment failed: ")))
        .singleElement().satisfies(line -> assertThat(line)
            .contains("jenny@example.com, $20.00 USD, attempt 1")
            .contains("generic_decline: Your card was declined.")
            .contains("https://invoice.stripe.com/i/acct_test/" + invoiceId));
    assertThat(r.err()).contains("signature_mismatch").doesNotContain(Deliveries.SECRET);
    JsonObject json = JsonParser.parseString(Files.readString(received)).getAsJsonObject();
    assertThat(json.get("event_id").getAsString()).isEqualTo("evt_cli1");
    assertThat(json.get("customer_email").getAsString()).isEqualTo("jenny@example.com");
    assertThat(json.get("amount").getAsLong()).isEqualTo(2000);
    assertThat(json.get("decline_reason").getAsString()).startsWith("generic_decline");

    CliRun.Result table = cli.run("failures");
    assertThat(table.exitCode()).as(table.all()).isZero();
    List<String> lines = table.out().lines().toList();
    assertThat(lines.get(0)).startsWith("WHEN (UTC)").contains("CUSTOMER").contains("AMOUNT").contains("NEXT RETRY");
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).contains("jenny@example.com").contains("$20.00 USD").contains("generic_decline")
        .contains(invoiceId);

    CliRun.Result asJson = cli.run("failures", "--json");
    JsonObject listed = JsonParser.parseString(asJson.out()).getAsJsonObject();
    assertThat(listed.get("ok").getAsBoolean()).isTrue();
    assertThat(listed.get("exit_code").getAsInt()).isZero();
    JsonArray list = listed.getAsJsonArray("failures");
    assertThat(list).hasSize(1);
    assertThat(list.get(0).getAsJsonObject().get("subscription").getAsString()).isEqualTo(sub);
  }

  @Test
  void failuresMarksAFailureRecoveredOnceListenSawItsInvoicePaid() throws Exception {
    cli.env("STRIPE_WEBHOOK_SECRET", Deliveries.SECRET);
    try (Listening l = new Listening()) {
      List<String> payloads = List.of(Deliveries.paymentFailed("evt_r1", now() - 10, "sub_r", "in_recovered", 1),
          Deliveries.paymentFailed("evt_r2", now() - 5, "sub_s", "in_stillopen", 1),
          Deliveries.invoicePaid("evt_r3", now(), "sub_r", "in_recovered"));
      for (String payload : payloads) {
        assertThat(Deliveries.post(l.url, payload, sign(payload)).statusCode()).isEqualTo(200);
      }
      long deadline = System.currentTimeMillis() + 10_000;
      while (System.currentTimeMillis() < deadline) {
        try (dev.stripesetup.listen.EventJournal j = dev.stripesetup.listen.EventJournal.openReadOnly(dir.resolve("stripe-setup-events.db"))) {
          if (j.unhandled(1).isEmpty() && j.eventCount() == 3) {
            break;
          }
        }
        Thread.sleep(50);
      }
      l.stop();
    }

    CliRun.Result table = cli.run("failures");
    CliRun.Result asJson = cli.run("failures", "--json");

    assertThat(table.exitCode()).as(table.all()).isZero();
    assertThat(table.out().lines().toList().get(0)).contains("STATE");
    assertThat(table.out().lines().filter(line -> line.contains("in_recovered"))).singleElement()
        .satisfies(line -> assertThat(line).contains(" recovered "));
    assertThat(table.out().lines().filter(line -> line.contains("in_stillopen"))).singleElement()
        .satisfies(line -> assertThat(line).contains(" unpaid "));
    JsonArray list = JsonParser.parseString(asJson.out()).getAsJsonObject().getAsJsonArray("failures");
    assertThat(list).hasSize(2).allSatisfy(f -> assertThat(f.getAsJsonObject().get("recovered").getAsBoolean())
        .isEqualTo(f.getAsJsonObject().get("invoice").getAsString().equals("in_recovered")));
  }

  @Test
  void aFailingOnFailureCommandIsLoggedAndListeningGoesOn() throws Exception {
    cli.env("STRIPE_WEBHOOK_SECRET", Deliveries.SECRET);
    CliRun.Result r;
    try (Listening l = new Listening("--on-failure", "cat > /dev/null; echo paging; exit 7", "--json")) {
      for (String id : List.of("evt_f1", "evt_f2")) {
        String payload = Deliveries.paymentFailed(id, now(), "sub_x", "in_" + id, 1);
        assertThat(Deliveries.post(l.url, payload, sign(payload)).statusCode()).isEqualTo(200);
      }
      long deadline = System.currentTimeMillis() + 10_000;
      while (System.currentTimeMillis() < deadline) {
        try (dev.stripesetup.listen.EventJournal j = dev.stripesetup.listen.EventJournal.openReadOnly(dir.resolve("stripe-setup-events.db"))) {
          if (j.unhandled(1).isEmpty() && j.failures(10).size() == 2) {
            break;
          }
        }
        Thread.sleep(50);
      }
      r = l.stop();
    }
    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).contains("--on-failure: the command exited with 7 (evt_f1)")
        .contains("--on-failure: the command exited with 7 (evt_f2)");
    // --json: stdout is one JSON object per failure, nothing else (the command's own output went to stderr).
    assertThat(r.out().lines().toList()).hasSize(2)
        .allSatisfy(line -> assertThat(JsonParser.parseString(line).getAsJsonObject().get("event_id")).isNotNull());
  }

  @Test
  void failuresWithoutAJournalSaysSoAndAnExplicitMissingJournalIsBadInput() {
    CliRun.Result none = cli.run("failures");
    assertThat(none.exitCode()).isZero();
    assertThat(none.err()).contains("nothing recorded yet");
    assertThat(cli.run("failures", "--json").out().strip()).isEqualTo("{\"ok\":true,\"exit_code\":0,\"failures\":[]}");
    CliRun.Result missing = cli.run("failures", "--journal", "nope.db");
    assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(missing.err()).contains("--journal");
  }

  @Test
  void aLiveKeyWithoutLiveIsNotUsedAndNotAnnouncedAsUsed() throws Exception {
    cli.env("STRIPE_WEBHOOK_SECRET", Deliveries.SECRET).key(CliRun.LIVE_KEY);
    fake.clearRequests();
    CliRun.Result r;
    try (Listening l = new Listening()) {
      String payload = Deliveries.paymentFailed("evt_live1", now(), "sub_x", "in_live1", 1);
      assertThat(Deliveries.post(l.url, payload, sign(payload)).statusCode()).isEqualTo(200);
      r = l.stop();
    }
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.err()).contains("Not using the live key sk_live_...9999 from environment variable STRIPE_API_KEY "
        + "without --live").doesNotContain("Using live key");
    assertThat(r.out()).contains("Payment failed:");
    assertThat(fake.requests()).as("no call with the live key").isEmpty();
  }

  @Test
  void failuresOnlyReadsItsJournalAndRefusesAFileThatIsNotOne() throws Exception {
    java.nio.file.Path other = dir.resolve("other.db");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + other)) {
      c.createStatement().execute("CREATE TABLE notes (body TEXT)");
    }
    byte[] before = java.nio.file.Files.readAllBytes(other);
    CliRun.Result r = cli.run("failures", "--journal", "other.db");
    assertThat(r.exitCode()).isEqualTo(ExitCode.JOURNAL);
    assertThat(r.err()).contains("other.db is not a stripe-setup listen journal");
    assertThat(java.nio.file.Files.readAllBytes(other)).isEqualTo(before);
    assertThat(dir.resolve("other.db-wal")).doesNotExist();
  }

  @Test
  void aSecondListenOnTheSameJournalAndACorruptJournalAreRefusedAtStartWithExit8() throws Exception {
    cli.env("STRIPE_WEBHOOK_SECRET", Deliveries.SECRET);
    try (Listening first = new Listening()) {
      CliRun.Result second = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
          () -> cli.run("listen", "--port", "0"), "a second listen started on the same journal");
      assertThat(second.exitCode()).as(second.all()).isEqualTo(ExitCode.JOURNAL);
      assertThat(second.err()).contains("stripe-setup-events.db is in use by another stripe-setup listen");
      assertThat(first.thread.isAlive()).as("the first one goes on").isTrue();
    }
    Files.writeString(dir.resolve("bad.db"), "not a database at all, but long enough to have a header: ".repeat(20));
    CliRun.Result listen = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
        () -> cli.run("listen", "--port", "0", "--journal", "bad.db"), "listen started on a bad journal");
    assertThat(listen.exitCode()).as(listen.all()).isEqualTo(ExitCode.JOURNAL);
    assertThat(listen.err()).contains("bad.db is not a SQLite database");
    assertThat(dir.resolve("bad.db-lock")).as("a refused journal leaves no lock file behind").doesNotExist();
    CliRun.Result failures = cli.run("failures", "--journal", "bad.db");
    assertThat(failures.exitCode()).as(failures.all()).isEqualTo(ExitCode.JOURNAL);
  }

  @Test
  void badListenOptionsAreRefusedNamingTheFlag() {
    cli.env("STRIPE_WEBHOOK_SECRET", Deliveries.SECRET);
    assertThat(cli.run("listen", "--port", "70000").err()).contains("--port");
    assertThat(cli.run("listen", "--path", "webhook").err()).contains("--path");
  }
}
