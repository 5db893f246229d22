package dev.stripesetup.webhook;

import static dev.stripesetup.webhook.Deliveries.SECRET;
import static dev.stripesetup.webhook.Deliveries.now;
import static dev.stripesetup.webhook.Deliveries.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.stripe.Stripe;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Deliveries that are signed (or claim to be) but must still be refused, through the verification
 * path the listen server and the Lambda handler share.
 */
class HostileDeliveryTest {
  final RecordingOutput out = new RecordingOutput();
  final WebhookReceiver receiver = WebhookReceiver.stateless(
      new SignatureVerifier(WebhookSecret.of(SECRET, "test")), DeclineReasons.NONE, out);

  private WebhookReceiver.Reply deliver(String payload, String header) {
    return receiver.receive(payload.getBytes(StandardCharsets.UTF_8), header, "127.0.0.1");
  }

  @Test
  void aTimestampBeyondTheToleranceInTheFutureIsRefused() {
    String payload = Deliveries.paymentFailed("evt_1", now(), "sub_1", "in_1", 1);
    WebhookReceiver.Reply r = deliver(payload, sign(payload, SECRET, now() + 3600));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("future_timestamp");
    assertThat(out.notes).anyMatch(n -> n.contains("in the future"));
    assertThat(out.failures).isEmpty();
    // A clock a little ahead is within the tolerance, as a little behind is.
    assertThat(deliver(payload, sign(payload, SECRET, now() + 290)).status()).isEqualTo(200);
    // With the wrong secret it is still a mismatch, whatever the time.
    assertThat(deliver(payload, sign(payload, Deliveries.OTHER_SECRET, now() + 3600)).body()).contains("signature_mismatch");
  }

  @Test
  void deeplyNestedSignedJsonIsAnswered400NotAStackOverflow() {
    int depth = 50_000;
    String payload = "{\"id\":\"evt_deep\",\"object\":\"event\",\"type\":\"invoice.payment_failed\",\"data\":{\"object\":"
        + "[".repeat(depth) + "]".repeat(depth) + "}}";
    WebhookReceiver.Reply r = deliver(payload, sign(payload));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("json_too_deep");
    // Unsigned, it is refused for its signature before its shape is looked at.
    assertThat(deliver(payload, "t=" + now() + ",v1=00").body()).contains("signature_mismatch");
  }

  @Test
  void nestingOfARealEventIsWellWithinTheBound() {
    JsonObject inv = Deliveries.invoice("in_1", "sub_1", "open", 2000, "usd", 1, null);
    JsonObject deep = inv;
    for (int i = 0; i < 20; i++) {
      JsonObject next = new JsonObject();
      deep.add("nested", next);
      deep = next;
    }
    String payload = Deliveries.event("evt_ok", "invoice.payment_failed", now(), Stripe.API_VERSION, inv);
    assertThat(deliver(payload, sign(payload)).status()).isEqualTo(200);
  }

  @Test
  void anEmptyOrBlankEventIdIsRefused() {
    for (String id : new String[] {"", " ", "evt_\n1"}) {
      String payload = Deliveries.paymentFailed(id, now(), "sub_1", "in_1", 1);
      WebhookReceiver.Reply r = deliver(payload, sign(payload));
      assertThat(r.status()).as("id '%s'", id).isEqualTo(400);
      assertThat(r.body()).contains("not_an_event");
    }
    assertThat(out.failures).isEmpty();
  }
}
