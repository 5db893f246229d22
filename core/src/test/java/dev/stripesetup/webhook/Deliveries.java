package dev.stripesetup.webhook;

import com.google.gson.JsonObject;
import com.stripe.Stripe;
import com.stripe.net.Webhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Stripe-shaped events and their signatures, built the way Stripe signs: HMAC-SHA256 of
 * {@code "<t>.<payload>"} keyed by the endpoint secret (stripe-java's own test helper).
 */
public final class Deliveries {
  /** A short, obviously fake signing secret. */
  public static final String SECRET = "whsec_test_secret";
  public static final String OTHER_SECRET = "whsec_other_secret";

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Deliveries() {}

  public static long now() {
    return System.currentTimeMillis() / 1000;
  }

  public static String sign(String payload, String secret, long timestamp) {
    try {
      return Webhook.Signature.generateSignatureHeader(payload, secret, timestamp);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String sign(String payload) {
    return sign(payload, SECRET, now());
  }

  public static String event(String id, String type, long created, String apiVersion, JsonObject object) {
    JsonObject data = new JsonObject();
    data.add("object", object);
    JsonObject e = new JsonObject();
    e.addProperty("id", id);
    e.addProperty("object", "event");
    e.addProperty("api_version", apiVersion);
    e.addProperty("created", created);
    e.addProperty("livemode", false);
    e.addProperty("pending_webhooks", 1);
    e.addProperty("type", type);
    e.add("data", data);
    return e.toString();
  }

  /** An invoice as API 2025-03-31 and later shape it (subscription under parent). */
  public static JsonObject invoice(String id, String sub, String status, long amountDue, String currency, int attempts,
      Long nextAttempt) {
    JsonObject inv = new JsonObject();
    inv.addProperty("id", id);
    inv.addProperty("object", "invoice");
    inv.addProperty("customer", "cus_test1");
    inv.addProperty("customer_email", "jenny@example.com");
    inv.addProperty("amount_due", amountDue);
    inv.addProperty("currency", currency);
    inv.addProperty("attempt_count", attempts);
    inv.addProperty("status", status);
    if (nextAttempt != null) {
      inv.addProperty("next_payment_attempt", nextAttempt);
    }
    inv.addProperty("hosted_invoice_url", "https://invoice.stripe.com/i/acct_test/" + id);
    JsonObject details = new JsonObject();
    details.addProperty("subscription", sub);
    JsonObject parent = new JsonObject();
    parent.addProperty("type", "subscription_details");
    parent.add("subscription_details", details);
    inv.add("parent", parent);
    return inv;
  }

  public static String paymentFailed(String eventId, long created, String sub, String invoiceId, int attempts) {
    return event(eventId, "invoice.payment_failed", created, Stripe.API_VERSION,
        invoice(invoiceId, sub, "open", 2000, "usd", attempts, 1798736400L));
  }

  public static String invoicePaid(String eventId, long created, String sub, String invoiceId) {
    return event(eventId, "invoice.paid", created, Stripe.API_VERSION, invoice(invoiceId, sub, "paid", 2000, "usd", 1, null));
  }

  public static String subscription(String eventId, String type, long created, String sub, String status) {
    JsonObject s = new JsonObject();
    s.addProperty("id", sub);
    s.addProperty("object", "subscription");
    s.addProperty("customer", "cus_test1");
    s.addProperty("status", status);
    return event(eventId, type, created, Stripe.API_VERSION, s);
  }

  public static HttpResponse<String> post(URI url, String payload, String signature) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(payload)).header("Content-Type", "application/json");
    if (signature != null) {
      b.header("Stripe-Signature", signature);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  public static HttpResponse<String> send(HttpRequest request) throws Exception {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
