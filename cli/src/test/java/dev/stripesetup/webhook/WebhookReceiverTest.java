package dev.stripesetup.webhook;

import dev.stripesetup.listen.EventJournal;
import dev.stripesetup.listen.EventProcessor;
import dev.stripesetup.listen.JournalInbox;

import static dev.stripesetup.webhook.Deliveries.SECRET;
import static dev.stripesetup.webhook.Deliveries.now;
import static dev.stripesetup.webhook.Deliveries.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verification, the journal and handling, without HTTP. */
class WebhookReceiverTest {
  @TempDir
  Path dir;
  EventJournal journal;
  EventProcessor processor;
  RecordingOutput out = new RecordingOutput();
  WebhookReceiver receiver;

  @BeforeEach
  void start() {
    journal = EventJournal.open(dir.resolve("events.db"));
    processor = new EventProcessor(journal, DeclineReasons.NONE, null, out);
    receiver = WebhookReceiver.journaled(new SignatureVerifier(WebhookSecret.of(SECRET, "test")), new JournalInbox(journal, processor), out);
  }

  @AfterEach
  void stop() {
    processor.close();
    journal.close();
  }

  private WebhookReceiver.Reply deliver(String payload, String header) {
    return receiver.receive(payload.getBytes(StandardCharsets.UTF_8), header, "127.0.0.1");
  }

  private void settle() throws InterruptedException {
    assertThat(processor.awaitIdle(5000)).as("handled in time").isTrue();
  }

  @Test
  void validFailureIsRecordedAcknowledgedAndPrintedAsOneLine() throws Exception {
    String payload = Deliveries.paymentFailed("evt_1", now(), "sub_1", "in_1", 2);
    WebhookReceiver.Reply r = deliver(payload, sign(payload));
    assertThat(r.status()).isEqualTo(200);
    assertThat(journal.eventCount()).isEqualTo(1);
    settle();
    assertThat(out.failures).hasSize(1);
    String line = out.failures.get(0).line();
    assertThat(line).startsWith("Payment failed: jenny@example.com, $20.00 USD, attempt 2, next retry 2026-12-31 ")
        .contains("reason not in the event").contains("https://invoice.stripe.com/i/acct_test/in_1")
        .contains("in_1").contains("sub_1").contains("evt_1");
    assertThat(journal.failures(10)).singleElement().satisfies(f -> {
      assertThat(f.customerEmail()).isEqualTo("jenny@example.com");
      assertThat(f.amount()).isEqualTo(2000);
      assertThat(f.attemptCount()).isEqualTo(2);
      assertThat(f.subscriptionId()).isEqualTo("sub_1");
    });
    assertThat(journal.subscription("sub_1").latestInvoiceStatus()).isEqualTo("payment_failed");
  }

  @Test
  void tamperedBodyIsRefusedAsMismatchAndNeverRecorded() throws Exception {
    String payload = Deliveries.paymentFailed("evt_1", now(), "sub_1", "in_1", 1);
    String header = sign(payload);
    WebhookReceiver.Reply r = deliver(payload.replace("2000", "1"), header);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("signature_mismatch");
    assertThat(out.notes).anyMatch(n -> n.contains("signature_mismatch") && n.contains("wrong STRIPE_WEBHOOK_SECRET"));
    assertThat(journal.eventCount()).isZero();
  }

  @Test
  void wrongSecretIsRefusedAndTheLogNeverShowsTheSecret() {
    String payload = Deliveries.paymentFailed("evt_1", now(), "sub_1", "in_1", 1);
    WebhookReceiver.Reply r = deliver(payload, sign(payload, Deliveries.OTHER_SECRET, now()));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("signature_mismatch");
    assertThat(out.all()).doesNotContain(SECRET).doesNotContain(Deliveries.OTHER_SECRET);
    assertThat(journal.eventCount()).isZero();
  }

  @Test
  void staleTimestampIsToldApartFromAWrongSecret() {
    String payload = Deliveries.paymentFailed("evt_1", now(), "sub_1", "in_1", 1);
    WebhookReceiver.Reply stale = deliver(payload, sign(payload, SECRET, now() - 301));
    assertThat(stale.status()).isEqualTo(400);
    assertThat(stale.body()).contains("stale_timestamp");
    assertThat(out.notes).anyMatch(n -> n.contains("older than the 5-minute tolerance"));
    WebhookReceiver.Reply staleAndWrong = deliver(payload, sign(payload, Deliveries.OTHER_SECRET, now() - 600));
    assertThat(staleAndWrong.body()).contains("signature_mismatch");
    assertThat(deliver(payload, sign(payload, SECRET, now() - 290)).status()).isEqualTo(200);
  }

  @Test
  void missingAndMalformedHeadersAreRefusedEachWithItsReason() {
    String payload = Deliveries.paymentFailed("evt_1", now(), "sub_1", "in_1", 1);
    String good = sign(payload);
    String v1 = good.substring(good.indexOf("v1="));
    assertThat(deliver(payload, null).body()).contains("missing_header");
    assertThat(deliver(payload, "  ").body()).contains("missing_header");
    for (String bad : new String[] {"garbage", "t=abc," + v1, "t=," + v1, "t", "v1", "t=" + now(),
        "t=" + now() + ",v0=abc", v1}) {
      WebhookReceiver.Reply r = deliver(payload, bad);
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.body()).as(bad).contains("malformed_header");
    }
    assertThat(journal.eventCount()).isZero();
  }

  @Test
  void signedGarbageIsRefusedNotCrashed() {
    String payload = "{not json";
    WebhookReceiver.Reply r = deliver(payload, sign(payload));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("not_an_event");
  }

  @Test
  void duplicateDeliveryIsAcknowledgedButProcessedOnce() throws Exception {
    String payload = Deliveries.paymentFailed("evt_dup", now(), "sub_1", "in_1", 1);
    assertThat(deliver(payload, sign(payload)).status()).isEqualTo(200);
    settle();
    WebhookReceiver.Reply again = deliver(payload, sign(payload, SECRET, now()));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).contains("duplicate");
    settle();
    assertThat(out.failures).hasSize(1);
    assertThat(journal.failures(10)).hasSize(1);
    assertThat(journal.eventCount()).isEqualTo(1);
  }

  @Test
  void olderEventsNeverMoveASubscriptionBackwards() throws Exception {
    long t = now();
    String newer = Deliveries.subscription("evt_new", "customer.subscription.updated", t, "sub_1", "past_due");
    String older = Deliveries.subscription("evt_old", "customer.subscription.updated", t - 60, "sub_1", "active");
    deliver(newer, sign(newer));
    settle();
    deliver(older, sign(older));
    settle();
    assertThat(journal.subscription("sub_1").status()).isEqualTo("past_due");
    assertThat(journal.subscription("sub_1").statusEventId()).isEqualTo("evt_new");
    assertThat(out.notes).anyMatch(n -> n.contains("sub_1") && n.contains("state unchanged"));

    // Invoice events: a late payment_failed does not undo a newer paid, and is marked superseded.
    String paid = Deliveries.invoicePaid("evt_paid", t, "sub_1", "in_2");
    String failed = Deliveries.paymentFailed("evt_failed", t - 30, "sub_1", "in_2", 1);
    deliver(paid, sign(paid));
    settle();
    deliver(failed, sign(failed));
    settle();
    assertThat(journal.subscription("sub_1").latestInvoiceStatus()).isEqualTo("paid");
    assertThat(journal.failures(10)).singleElement().satisfies(f -> assertThat(f.superseded()).isTrue());

    // Deleted is final, even against an update stamped the same second.
    String deleted = Deliveries.subscription("evt_del", "customer.subscription.deleted", t + 10, "sub_1", "canceled");
    String sameSecond = Deliveries.subscription("evt_upd", "customer.subscription.updated", t + 10, "sub_1", "active");
    deliver(deleted, sign(deleted));
    settle();
    deliver(sameSecond, sign(sameSecond));
    settle();
    assertThat(journal.subscription("sub_1").status()).isEqualTo("canceled");
  }

  @Test
  void otherEventTypesAreAcknowledgedAndIgnored() {
    JsonObject customer = new JsonObject();
    customer.addProperty("id", "cus_1");
    customer.addProperty("object", "customer");
    String payload = Deliveries.event("evt_c", "customer.created", now(), com.stripe.Stripe.API_VERSION, customer);
    WebhookReceiver.Reply r = deliver(payload, sign(payload));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("ignored");
    assertThat(journal.eventCount()).isZero();
  }

  @Test
  void anOlderApiVersionIsReadWhereThatVersionKeepsItsFields() throws Exception {
    JsonObject inv = Deliveries.invoice("in_old", "ignored", "open", 1500, "eur", 3, null);
    inv.remove("parent");
    inv.addProperty("subscription", "sub_old");
    String payload = Deliveries.event("evt_old_api", "invoice.payment_failed", now(), "2024-06-20", inv);
    assertThat(deliver(payload, sign(payload)).status()).isEqualTo(200);
    settle();
    PaymentFailure f = out.failures.get(0);
    assertThat(f.subscriptionId()).isEqualTo("sub_old");
    assertThat(f.line()).contains("€15.00 EUR").contains("attempt 3").contains("no automatic retry");
  }

  @Test
  void eventsAcknowledgedButNotHandledBeforeACrashAreHandledAtTheNextStart() throws Exception {
    processor.close();
    journal.close();
    Path file = dir.resolve("crash.db");
    try (EventJournal j = EventJournal.open(file)) {
      // What a crash right after the acknowledgement leaves: recorded, not handled.
      j.record("evt_crash", "invoice.payment_failed", now(), Deliveries.paymentFailed("evt_crash", now(), "sub_9", "in_9", 1));
    }
    journal = EventJournal.open(file);
    processor = new EventProcessor(journal, DeclineReasons.NONE, null, out);
    processor.wake();
    settle();
    assertThat(out.failures).extracting(PaymentFailure::eventId).containsExactly("evt_crash");
  }

  @Test
  void declineReasonIsLookedUpWhenTheEventLacksIt() throws Exception {
    processor.close();
    processor = new EventProcessor(journal, id -> "insufficient_funds: Your card has insufficient funds.", null, out);
    receiver = WebhookReceiver.journaled(new SignatureVerifier(WebhookSecret.of(SECRET, "test")), new JournalInbox(journal, processor), out);
    String payload = Deliveries.paymentFailed("evt_r", now(), "sub_1", "in_1", 1);
    deliver(payload, sign(payload));
    settle();
    assertThat(out.failures.get(0).line()).contains("insufficient_funds: Your card has insufficient funds.");
    assertThat(journal.failures(1).get(0).declineReason()).startsWith("insufficient_funds");
  }

  @Test
  void secretsAreCheckedAndMasked() {
    assertThat(WebhookSecret.of(SECRET, "x").masked()).isEqualTo("whsec_...").doesNotContain("secret");
    assertThat(WebhookSecret.mask("whsec_" + "a".repeat(30) + "wxyz")).isEqualTo("whsec_...wxyz");
    assertThat(WebhookSecret.of(SECRET, "x").toString()).doesNotContain(SECRET);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> WebhookSecret.of("sk_test_abc123456789", "env"))
        .hasMessageContaining("API key").hasMessageContaining("whsec_").hasMessageNotContaining("sk_test_abc123456789");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> WebhookSecret.of(null, null))
        .hasMessageContaining("STRIPE_WEBHOOK_SECRET");
  }
}
