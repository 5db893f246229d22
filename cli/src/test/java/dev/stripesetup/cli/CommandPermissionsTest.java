package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stripesetup.fake.FakeStripe;
import dev.stripesetup.permissions.ApiCalls;
import dev.stripesetup.permissions.CommandPermissions;
import dev.stripesetup.permissions.Permission;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The permissions table against the calls each command really makes: every command runs against
 * the test server (which sees every request), each request is mapped to the permission it needs,
 * and the row must equal (not just contain) what was seen over the command's ways of running.
 */
class CommandPermissionsTest extends OperateCli {
  static final String[] CHECKOUT = with(JENNY, "--collect", "checkout", "--success-url", "https://example.com/thanks");
  static final String[] BOB = {"--name", "Bob Smith", "--email", "bob@example.com", "--amount", "20"};

  private final List<FakeStripe.RecordedRequest> seen = new ArrayList<>();

  /** Runs and keeps the requests it made; the set-up steps of a scenario use run()/op() directly. */
  CliRun.Result measured(CliRun.Result r, int... expected) {
    seen.addAll(fake.requests());
    fake.clearRequests();
    if (expected.length > 0) {
      assertThat(r.exitCode()).as(r.all()).isIn(java.util.Arrays.stream(expected).boxed().toArray());
    }
    return r;
  }

  Set<Permission> needed() {
    List<Permission> all = new ArrayList<>();
    for (FakeStripe.RecordedRequest q : seen) {
      all.addAll(ApiCalls.needs(q.method(), q.path(), q.params()));
    }
    return ApiCalls.collapse(all);
  }

  void assertRow(String command, String variant) {
    CommandPermissions.Row row = CommandPermissions.of(command).stream()
        .filter(r -> java.util.Objects.equals(r.variant(), variant)).findFirst().orElseThrow();
    assertThat(seen).as("requests made").isNotEmpty();
    assertThat(needed()).as(row.title() + ": what its calls needed").containsExactlyElementsOf(row.permissions());
  }

  @Test
  void theSubscriptionCommandWithACard() {
    // A new customer; then an existing customer who holds an open Checkout link (expired first).
    measured(run(JENNY), ExitCode.OK);
    run(with(BOB, "--collect", "checkout", "--success-url", "https://example.com/t", "--no-wait"));
    fake.clearRequests();
    measured(run(BOB), ExitCode.OK);
    measured(run(JENNY), ExitCode.OK); // already subscribed
    // A declined first payment: the decline reason is read from the invoice's payment.
    measured(run("--name", "Ann Lee", "--email", "ann@example.com", "--amount", "20", "--test-card", "declined"),
        ExitCode.PAYMENT_DECLINED);
    assertThat(seen).anyMatch(q -> q.path().endsWith("/expire"));
    assertRow("setup", "(a card: --test-card or --payment-method)");
  }

  @Test
  void theSubscriptionCommandWithADiscount() throws Exception {
    Seed seed = new Seed(fake);
    seed.coupon("SUMMER", 20, 3L);
    seed.promotionCode("WELCOME20", "SUMMER");
    fake.clearRequests();
    measured(run(with(JENNY, "--coupon", "SUMMER")), ExitCode.OK);
    run(with(BOB, "--collect", "checkout", "--success-url", "https://example.com/t", "--no-wait"));
    fake.clearRequests();
    measured(run(with(BOB, "--promotion-code", "WELCOME20")), ExitCode.OK);
    measured(run("--name", "Ann Lee", "--email", "ann@example.com", "--amount", "20", "--test-card", "declined",
        "--coupon", "SUMMER"), ExitCode.PAYMENT_DECLINED);
    assertRow("setup", "--coupon or --promotion-code (a card)");
  }

  @Test
  void theSubscriptionCommandCollectingWithCheckout() {
    measured(run(with(CHECKOUT, "--no-wait")), ExitCode.LINK_NOT_COMPLETED);
    measured(run(with(CHECKOUT, "--no-wait")), ExitCode.LINK_NOT_COMPLETED); // reuses the link
    fake.completeCheckoutSession(fake.objects("checkout.session").get(0).get("id").getAsString(), "tok_visa");
    measured(run(with(CHECKOUT, "--no-wait")), ExitCode.OK); // paid: that subscription
    assertRow("setup", "--collect checkout");
  }

  @Test
  void theSubscriptionCommandCollectingWithAnInvoice() {
    measured(run(with(JENNY, "--collect", "invoice")), ExitCode.OK);
    run(with(BOB, "--collect", "checkout", "--success-url", "https://example.com/t", "--no-wait"));
    fake.clearRequests();
    measured(run(with(BOB, "--collect", "invoice")), ExitCode.OK);
    assertThat(seen).anyMatch(q -> q.path().endsWith("/expire"));
    assertRow("setup", "--collect invoice");
  }

  @Test
  void batch() throws Exception {
    Path file = dir.resolve("customers.csv");
    Files.writeString(file, String.join("\n", "name,email,amount,collect,test_card",
        "Jenny Rosen,jenny@example.com,20,checkout,",
        "Bob Smith,bob@example.com,20,invoice,",
        "Ann Lee,ann@example.com,20,,",
        "Cy Young,cy@example.com,20,,declined") + "\n", StandardCharsets.UTF_8);
    String[] batch = {"batch", file.toString(), "--success-url", "https://example.com/thanks", "--api-base", fake.baseUrl()};
    // Ann already exists (her subscription to another plan canceled): her row attaches the test card;
    // the batch still creates its own plan's price.
    assertThat(fake.objects("customer")).isEmpty();
    run("--name", "Ann Lee", "--email", "ann@example.com", "--amount", "25", "--collect", "invoice");
    assertThat(op("cancel", fake.objects("subscription").get(0).get("id").getAsString(), "--now", "--yes")
        .exitCode()).isZero();
    fake.clearRequests();
    measured(cli.run(batch), ExitCode.LINK_NOT_COMPLETED, ExitCode.BATCH_ROWS_FAILED);
    measured(cli.run(batch), ExitCode.LINK_NOT_COMPLETED, ExitCode.BATCH_ROWS_FAILED);
    assertRow("batch", null);
  }

  @Test
  void status() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");
    run(with(BOB, "--collect", "checkout", "--success-url", "https://example.com/t", "--no-wait"));
    fake.clearRequests();
    measured(op("status", sub), ExitCode.OK);
    measured(op("status", fake.objects("customer").get(0).get("id").getAsString()), ExitCode.OK);
    measured(op("status", "bob@example.com"), ExitCode.OK);
    assertRow("status", null);
  }

  @Test
  void cancel() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");
    measured(op("cancel", sub, "--yes"), ExitCode.OK);
    String now = subscribe("Bob Smith", "bob@example.com", "20");
    measured(op("cancel", now, "--now", "--yes"), ExitCode.OK);
    assertRow("cancel", null);
  }

  @Test
  void cleanup() {
    assertThat(op("simulate", "--amount", "20", "--months", "1", "--keep").exitCode()).isZero();
    subscribe("Jenny Rosen", "jenny@example.com", "20");
    run(with(BOB, "--collect", "checkout", "--success-url", "https://example.com/t", "--no-wait"));
    fake.clearRequests();
    measured(op("cleanup", "--yes"), ExitCode.OK);
    assertRow("cleanup", null);
  }

  @Test
  void simulate() {
    // Failing renewals, then a fixed card that pays the open invoices.
    fake.setDunning("past_due", 3, 5, 7);
    measured(op("simulate", "--amount", "20", "--months", "4", "--fail-from", "2", "--recover-at", "3"), ExitCode.OK);
    assertRow("simulate", null);
  }

  /** listen reads a failed payment's decline reason from Stripe when it has a key. */
  @Test
  void listen() throws Exception {
    CliRun.requireInProcess("listen is stopped by interrupting its thread");
    assertThat(run(with(JENNY, "--test-card", "declined")).exitCode()).isEqualTo(ExitCode.PAYMENT_DECLINED);
    String invoice = fake.objects("invoice").get(0).get("id").getAsString();
    String sub = fake.objects("subscription").get(0).get("id").getAsString();
    fake.clearRequests();
    cli.env("STRIPE_WEBHOOK_SECRET", dev.stripesetup.webhook.Deliveries.SECRET);
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    java.util.concurrent.atomic.AtomicReference<CliRun.Result> result = new java.util.concurrent.atomic.AtomicReference<>();
    Thread listening = new Thread(() -> result.set(
        cli.run("listen", "--port", String.valueOf(port), "--api-base", fake.baseUrl())));
    listening.start();
    java.net.URI url = java.net.URI.create("http://127.0.0.1:" + port + "/webhook");
    long deadline = System.currentTimeMillis() + 15_000;
    String payload = dev.stripesetup.webhook.Deliveries.paymentFailed("evt_perm1", dev.stripesetup.webhook.Deliveries.now(),
        sub, invoice, 1);
    while (true) {
      try {
        dev.stripesetup.webhook.Deliveries.post(url, payload, dev.stripesetup.webhook.Deliveries.sign(payload));
        break;
      } catch (java.io.IOException notYet) {
        assertThat(System.currentTimeMillis()).as("listen started").isLessThan(deadline);
        Thread.sleep(20);
      }
    }
    while (fake.requests().stream().noneMatch(q -> q.path().equals("/v1/invoice_payments"))
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    listening.interrupt();
    listening.join(20_000);
    measured(result.get(), ExitCode.OK);
    assertRow("listen", null);
  }

  @Test
  void theCommandsWithoutCallsMakeNone() {
    measured(cli.run("failures"), ExitCode.OK);
    measured(cli.run("config"), ExitCode.OK);
    assertThat(seen).isEmpty();
    assertThat(CommandPermissions.of("failures").get(0).permissions()).isEmpty();
    assertThat(CommandPermissions.of("config").get(0).permissions()).isEmpty();
  }
}
