package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** --collect checkout|invoice end to end: the link, its exit code 13, its completion, the invoice. */
class CollectCommandTest extends FakeStripeCli {
  static final String[] CHECKOUT = with(JENNY, "--collect", "checkout", "--success-url", "https://example.com/thanks");

  @Test
  void checkoutLinkIsPrintedOnceAcrossReRunsAndOncePaidTheReRunShowsTheSubscription() {
    CliRun.Result first = run(with(CHECKOUT, "--no-wait"));
    CliRun.Result second = run(with(CHECKOUT, "--no-wait", "--json"));

    assertThat(first.exitCode()).as(first.all()).isEqualTo(ExitCode.LINK_NOT_COMPLETED);
    assertThat(fake.count("checkout.session")).isEqualTo(1);
    String session = fake.objects("checkout.session").get(0).get("id").getAsString();
    assertThat(first.out()).contains("Payment link not paid yet").contains("https://checkout.stripe.com/c/pay/" + session)
        .contains(session + " (created)").doesNotContain("\u2588"); // no QR code without a terminal
    assertThat(second.exitCode()).as(second.all()).isEqualTo(ExitCode.LINK_NOT_COMPLETED);
    JsonObject json = JsonParser.parseString(second.out()).getAsJsonObject();
    assertThat(json.get("outcome").getAsString()).isEqualTo("link_open");
    assertThat(json.get("exit_code").getAsInt()).isEqualTo(13);
    assertThat(json.getAsJsonObject("checkout_session").get("id").getAsString()).isEqualTo(session);
    assertThat(json.getAsJsonObject("checkout_session").get("reused").getAsBoolean()).isTrue();
    assertThat(fake.count("subscription")).isZero();
    CliRun.Result open = cli.run("status", "jenny@example.com", "--api-base", fake.baseUrl());
    assertThat(open.exitCode()).as(open.all()).isZero();
    assertThat(open.out()).contains("Payment link " + session + "  open, not paid yet")
        .contains("https://checkout.stripe.com/c/pay/" + session).contains("No subscriptions");

    String sub = fake.completeCheckoutSession(session, "tok_visa");
    CliRun.Result paid = run(with(CHECKOUT, "--no-wait"));

    assertThat(paid.exitCode()).as(paid.all()).isZero();
    assertThat(paid.out()).contains("Already subscribed").contains(sub).contains("visa ending 4242");
    assertThat(fake.count("subscription")).isEqualTo(1);
    assertThat(fake.count("checkout.session")).isEqualTo(1);
    assertThat(fake.count("customer")).isEqualTo(1);
    CliRun.Result status = cli.run("status", "jenny@example.com", "--json", "--api-base", fake.baseUrl());
    JsonObject link = JsonParser.parseString(status.out()).getAsJsonObject().getAsJsonArray("payment_links")
        .get(0).getAsJsonObject();
    assertThat(link.get("paid").getAsBoolean()).isTrue();
    assertThat(link.get("subscription").getAsString()).isEqualTo(sub);
  }

  @Test
  void waitingEndsWithExit13WhenTheLinkExpires() throws Exception {
    cli.env("STRIPE_SETUP_POLL_MS", "50");
    CompletableFuture<CliRun.Result> waiting = CompletableFuture.supplyAsync(() -> run(with(CHECKOUT, "--wait")));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (fake.count("checkout.session") == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    fake.expireCheckoutSession(fake.objects("checkout.session").get(0).get("id").getAsString());
    CliRun.Result r = waiting.get(30, TimeUnit.SECONDS);

    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.LINK_NOT_COMPLETED);
    assertThat(r.out()).contains("Payment link: send it to the customer").contains("Payment link expired unpaid");
    assertThat(fake.count("subscription")).isZero();
  }

  @Test
  void aWaitingRunWhoseLinkAnotherRunReplacedSaysSoAndPointsAtTheNewerLink() throws Exception {
    // The first check comes after the other run below has replaced the link (expire, then create).
    cli.env("STRIPE_SETUP_POLL_MS", "3000");
    CompletableFuture<CliRun.Result> waiting = CompletableFuture.supplyAsync(() -> run(with(CHECKOUT, "--wait", "--json")));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (fake.count("checkout.session") == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    // Another run for the same customer and plan, with other flags: it replaces the link.
    CliRun.Result other = run(with(CHECKOUT, "--no-wait", "--description", "corrected"));
    CliRun.Result r = waiting.get(30, TimeUnit.SECONDS);

    assertThat(other.exitCode()).as(other.all()).isEqualTo(ExitCode.LINK_NOT_COMPLETED);
    String newer = fake.objects("checkout.session").get(1).get("id").getAsString();
    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.LINK_NOT_COMPLETED);
    JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(json.get("outcome").getAsString()).as(r.all()).isEqualTo("link_replaced");
    assertThat(json.getAsJsonObject("replaced_by").get("id").getAsString()).isEqualTo(newer);
    assertThat(fake.count("subscription")).isZero();
  }

  @Test
  void invoiceCreatesASendInvoiceSubscriptionAndShowsWhereToPay() {
    CliRun.Result r = run(with(JENNY, "--collect", "invoice", "--days-until-due", "14"));

    assertThat(r.exitCode()).as(r.all()).isZero();
    JsonObject sub = fake.objects("subscription").get(0);
    assertThat(sub.get("collection_method").getAsString()).isEqualTo("send_invoice");
    assertThat(sub.get("days_until_due").getAsInt()).isEqualTo(14);
    assertThat(r.out()).contains("Subscribed: $20.00 USD every month").contains("Pay here")
        .contains("https://invoice.stripe.com/");
    assertThat(fake.count("payment_method")).isZero();
  }

  @Test
  void liveKeyCollectsWithoutATestCardOnlyWithLiveAndConfirmation() {
    cli.key(CliRun.LIVE_KEY);
    CliRun.Result refused = run(with(JENNY, "--collect", "invoice"));
    assertThat(refused.exitCode()).as(refused.all()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(fake.requests()).isEmpty();

    CliRun.Result r = run(with(JENNY, "--collect", "invoice", "--live", "--yes"));

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.err()).contains("LIVE MODE");
    assertThat(r.out()).contains("(live mode)").contains("Pay here");
    assertThat(fake.objects("subscription").get(0).get("livemode").getAsBoolean()).isTrue();
  }

  @Test
  void batchWritesOneLinkPerCheckoutRowIntoTheReportAndALaterRunPicksUpThePaidOnes() throws Exception {
    Path file = dir.resolve("customers.csv");
    Files.writeString(file, String.join("\n", "name,email,amount,collect",
        "Jenny Rosen,jenny@example.com,20,checkout",
        "Bob Smith,bob@example.com,20,invoice",
        "Ann Lee,ann@example.com,20,") + "\n", StandardCharsets.UTF_8);
    String[] batch = {"batch", file.toString(), "--success-url", "https://example.com/thanks", "--api-base", fake.baseUrl()};

    CliRun.Result first = cli.run(batch);
    CliRun.Result second = cli.run(batch);

    assertThat(first.exitCode()).as(first.all()).isEqualTo(ExitCode.LINK_NOT_COMPLETED);
    assertThat(second.exitCode()).as(second.all()).isEqualTo(ExitCode.LINK_NOT_COMPLETED);
    assertThat(fake.count("checkout.session")).as("one link across two runs").isEqualTo(1);
    String session = fake.objects("checkout.session").get(0).get("id").getAsString();
    List<String> report = Files.readAllLines(dir.resolve("customers.csv.stripe-setup-report.csv"));
    assertThat(report.get(1)).contains("jenny@example.com,awaiting-payment")
        .contains("pay here: https://checkout.stripe.com/c/pay/" + session);
    assertThat(report.get(2)).contains("bob@example.com,created").contains("invoice sent; pay here: https://invoice.stripe.com/");
    assertThat(report.get(3)).contains("ann@example.com,created");
    assertThat(fake.count("subscription")).isEqualTo(2);

    String sub = fake.completeCheckoutSession(session, "tok_visa");
    CliRun.Result paid = cli.run(batch);

    assertThat(paid.exitCode()).as(paid.all()).isZero();
    List<String> after = Files.readAllLines(dir.resolve("customers.csv.stripe-setup-report.csv"));
    assertThat(after.get(1)).contains("jenny@example.com,created").contains(sub);
    assertThat(fake.count("subscription")).isEqualTo(3);
    assertThat(fake.count("checkout.session")).isEqualTo(1);
  }

  /**
   * Issue 19 item 3: one email on two plans, both by Checkout. A link is replaced only by a run for
   * its own plan (no flip-flop across runs), and the report never shows an expired link as payable.
   */
  @ParameterizedTest(name = "allow second subscription: {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void batchRowsOfOneEmailOnTwoPlansDoNotExpireEachOthersLinks(boolean allowSecond) throws Exception {
    Path file = dir.resolve("two-plans.csv");
    Files.writeString(file, String.join("\n", "name,email,amount,collect",
        "Jenny Rosen,jenny@example.com,20,checkout",
        "Jenny Rosen,jenny@example.com,30,checkout") + "\n", StandardCharsets.UTF_8);
    List<String> batch = new java.util.ArrayList<>(List.of("batch", file.toString(), "--success-url",
        "https://example.com/thanks", "--api-base", fake.baseUrl()));
    if (allowSecond) {
      batch.add("--allow-second-subscription");
    }

    cli.run(batch.toArray(String[]::new));
    CliRun.Result second = cli.run(batch.toArray(String[]::new));

    assertThat(second.exitCode()).as(second.all()).isIn(ExitCode.LINK_NOT_COMPLETED, ExitCode.BATCH_ROWS_FAILED);
    assertThat(fake.objects("checkout.session")).as("no link is ever expired by the other plan's row")
        .allMatch(s -> s.get("status").getAsString().equals("open")).hasSize(allowSecond ? 2 : 1);
    List<String> report = Files.readAllLines(dir.resolve("two-plans.csv.stripe-setup-report.csv"));
    for (String line : report.subList(1, report.size())) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("Checkout (cs_\\w+)").matcher(line);
      if (m.find()) {
        assertThat(fake.get(m.group(1)).get("status").getAsString()).as(line).isEqualTo("open");
      }
    }
    if (!allowSecond) {
      assertThat(report.get(2)).contains("failed").contains("--allow-second-subscription");
    }
  }

  @Test
  void theBatchReportDoesNotShowALinkALaterRowExpiredAsPayable() throws Exception {
    Path file = dir.resolve("link-then-card.csv");
    Files.writeString(file, String.join("\n", "name,email,amount,collect",
        "Jenny Rosen,jenny@example.com,20,checkout",
        "Jenny Rosen,jenny@example.com,30,") + "\n", StandardCharsets.UTF_8);

    CliRun.Result r = cli.run("batch", file.toString(), "--success-url", "https://example.com/thanks",
        "--api-base", fake.baseUrl());

    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.BATCH_ROWS_FAILED);
    String session = fake.objects("checkout.session").get(0).get("id").getAsString();
    assertThat(fake.get(session).get("status").getAsString()).isEqualTo("expired");
    List<String> report = Files.readAllLines(dir.resolve("link-then-card.csv.stripe-setup-report.csv"));
    assertThat(report.get(1)).doesNotContain("pay here").contains("failed").contains(session + " was expired");
    assertThat(report.get(2)).contains("created");
  }

  /** Issue 19 item 5: a corrected --success-url or --link-expires replaces the open link once. */
  @ParameterizedTest(name = "corrected {0}")
  @CsvSource({
      "--success-url, https://example.com/corrected",
      "--link-expires, 1h",
  })
  void aReRunWithACorrectedUrlOrExpiryReplacesTheOpenLink(String flag, String value) {
    String[] fixed = flag.equals("--success-url") ? with(JENNY, "--collect", "checkout", flag, value, "--no-wait")
        : with(CHECKOUT, flag, value, "--no-wait");
    CliRun.Result first = run(with(CHECKOUT, "--no-wait"));
    CliRun.Result corrected = run(fixed);
    CliRun.Result again = run(fixed);

    assertThat(first.exitCode()).as(first.all()).isEqualTo(ExitCode.LINK_NOT_COMPLETED);
    assertThat(corrected.exitCode()).as(corrected.all()).isEqualTo(ExitCode.LINK_NOT_COMPLETED);
    List<JsonObject> sessions = fake.objects("checkout.session");
    assertThat(sessions).as("the old link replaced once, the new one reused").hasSize(2);
    assertThat(sessions.get(0).get("status").getAsString()).isEqualTo("expired");
    JsonObject now = sessions.get(1);
    assertThat(now.get("status").getAsString()).isEqualTo("open");
    if (flag.equals("--success-url")) {
      assertThat(now.get("success_url").getAsString()).isEqualTo(value);
    } else {
      assertThat(now.get("expires_at").getAsLong() - now.get("created").getAsLong()).isBetween(3600L - 5, 3600L);
    }
    assertThat(again.out()).contains(now.get("id").getAsString() + " (reused)");
  }

  @Test
  void theSuccessUrlRuleAndItsMessageAgree() {
    CliRun.Result plain = run(with(JENNY, "--collect", "checkout", "--success-url", "http://example.com/thanks"));
    assertThat(plain.exitCode()).as(plain.all()).isEqualTo(ExitCode.USAGE);
    assertThat(plain.err()).contains("must be an https:// URL with a host (http:// only for localhost)");
    assertThat(fake.requests()).isEmpty();

    CliRun.Result local = run(with(JENNY, "--collect", "checkout", "--success-url", "http://localhost:8080/thanks",
        "--no-wait"));
    assertThat(local.exitCode()).as(local.all()).isEqualTo(ExitCode.LINK_NOT_COMPLETED);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "--collect checkout                                             | --success-url: is required with --collect checkout",
      "--collect checkout --success-url https://x.example --test-card visa | --collect: the customer gives the card",
      "--collect invoice --payment-method pm_card_visa                 | --collect: the customer gives the card",
      "--collect link                                                 | --collect: 'link' is not one of checkout|invoice",
      "--collect checkout --success-url https://x.example --link-expires 25h | --link-expires: must be between 30m and 24h",
      "--no-wait                                                      | --no-wait: only applies with --collect checkout",
  })
  void badCollectFlagIsRefusedBeforeAnyCall(String args, String expected) {
    CliRun.Result r = run(with(JENNY, args.strip().split("\\s+")));

    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains(expected);
    assertThat(fake.requests()).isEmpty();
  }
}
