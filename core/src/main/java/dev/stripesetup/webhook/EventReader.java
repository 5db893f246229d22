package dev.stripesetup.webhook;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.model.Event;
import com.stripe.model.EventDataObjectDeserializer;
import com.stripe.model.Invoice;
import com.stripe.model.StripeObject;
import com.stripe.model.Subscription;

/**
 * Reads the facts this tool needs from a verified event.
 *
 * <p>Endpoints often send an older API version than the one stripe-java pins; then
 * {@code getObject()} is empty by design and {@code deserializeUnsafe()} reads the object with
 * today's model. Fields that moved between versions are read from where either version keeps them:
 * since 2025-03-31 an invoice's subscription is at {@code parent.subscription_details.subscription},
 * before that at {@code subscription}.
 */
public final class EventReader {
  private EventReader() {}

  /** The facts, or null when the event's type is not one this tool acts on. */
  public static EventFacts read(Event event) {
    EventFacts.Kind kind = EventFacts.Kind.of(event.getType());
    if (kind == null) {
      return null;
    }
    EventDataObjectDeserializer data = event.getDataObjectDeserializer();
    StripeObject object = object(data);
    JsonObject raw = JsonParser.parseString(data.getRawJson()).getAsJsonObject();
    long created = event.getCreated() == null ? 0 : event.getCreated();
    boolean livemode = Boolean.TRUE.equals(event.getLivemode());
    if (kind.isInvoice()) {
      Invoice invoice = (Invoice) object;
      String sub = invoice.getParent() != null && invoice.getParent().getSubscriptionDetails() != null
          ? invoice.getParent().getSubscriptionDetails().getSubscription() : string(raw, "subscription");
      PaymentFailure failure = null;
      if (kind == EventFacts.Kind.PAYMENT_FAILED) {
        long amount = invoice.getAmountDue() != null ? invoice.getAmountDue() : 0;
        failure = new PaymentFailure(event.getId(), created, livemode, invoice.getId(), invoice.getCustomer(),
            invoice.getCustomerEmail(), sub, amount, invoice.getCurrency(),
            invoice.getAttemptCount() != null ? invoice.getAttemptCount() : 0, invoice.getNextPaymentAttempt(),
            declineReasonInPayload(raw), invoice.getHostedInvoiceUrl(), false);
      }
      return new EventFacts(event.getId(), event.getType(), created, kind, sub, invoice.getCustomer(), null,
          invoice.getId(), kind == EventFacts.Kind.INVOICE_PAID ? "paid" : "payment_failed", failure);
    }
    Subscription s = (Subscription) object;
    // A deleted subscription's status is "canceled"; say so even if an old payload omits it.
    String status = kind == EventFacts.Kind.SUBSCRIPTION_DELETED && s.getStatus() == null ? "canceled" : s.getStatus();
    return new EventFacts(event.getId(), event.getType(), created, kind, s.getId(), s.getCustomer(), status,
        null, null, null);
  }

  private static StripeObject object(EventDataObjectDeserializer data) {
    return data.getObject().orElseGet(() -> {
      try {
        return data.deserializeUnsafe();
      } catch (EventDataObjectDeserializationException e) {
        throw new IllegalArgumentException("cannot read the event's object: " + e.getMessage(), e);
      }
    });
  }

  /**
   * The decline reason when the payload carries one. Webhook payloads usually reference the charge or
   * payment by ID only; an account's own integration may expand it (older API versions put an expanded
   * {@code charge} or {@code payment_intent} on the invoice).
   */
  static String declineReasonInPayload(JsonObject invoice) {
    JsonObject pi = object(invoice, "payment_intent");
    if (pi != null && object(pi, "last_payment_error") != null) {
      return DeclineReasons.describe(object(pi, "last_payment_error"));
    }
    JsonObject charge = object(invoice, "charge");
    if (charge != null && string(charge, "failure_code") != null) {
      return string(charge, "failure_code") + ": " + string(charge, "failure_message");
    }
    return null;
  }

  static JsonObject object(JsonObject o, String name) {
    JsonElement e = o == null ? null : o.get(name);
    return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
  }

  static String string(JsonObject o, String name) {
    JsonElement e = o == null ? null : o.get(name);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
  }
}
