package dev.stripesetup.fake;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * What happens to subscriptions while a test clock moves: a renewal invoice at each period boundary
 * (a draft, finalized and charged an hour later as Stripe does), declines with attempt counts, retries
 * on a schedule (days after the previous attempt, like Stripe's custom retry schedule), and when the
 * last retry fails, the account's dunning setting: cancel the subscription, mark it unpaid, or leave it
 * past_due. Also POST /v1/invoices/{id}/pay, which a customer fixing their card amounts to.
 */
final class ClockBilling {
  private static final Set<String> RENEWING = Set.of("active", "past_due", "trialing", "unpaid");
  /** Stripe finalizes a renewal invoice about an hour after creating it, then charges it. */
  static final long FINALIZE_DELAY = 3600;

  private final Store store;
  private final PaymentMethods paymentMethods;
  /** Days after the previous failed attempt at which each retry happens. */
  volatile long[] retryDays = {3, 5, 7};
  /** canceled, unpaid or past_due: the subscription's state after the last retry failed. */
  volatile String dunningEnd = "canceled";

  ClockBilling(Store store, PaymentMethods paymentMethods) {
    this.store = store;
    this.paymentMethods = paymentMethods;
  }

  void register(Routes r) {
    r.add("POST", "/v1/invoices/" + Routes.ID + "/pay", "invoice", this::pay);
  }

  /** The latest time one advance may reach: two of the shortest live subscription interval; null = no limit. */
  Long advanceLimit(String clockId, long current) {
    Long limit = null;
    for (JsonObject sub : subscriptionsOn(clockId)) {
      JsonObject recurring = firstPrice(sub).getAsJsonObject("recurring");
      long end = TestClocks.plusIntervals(current, Json.str(recurring, "interval"),
          2 * Json.lng(recurring, "interval_count"));
      limit = limit == null ? end : Math.min(limit, end);
    }
    return limit;
  }

  /** Plays every renewal and payment attempt due up to target, in time order. */
  void runUntil(JsonObject clock, long target) {
    String clockId = Json.str(clock, "id");
    while (true) {
      long next = Long.MAX_VALUE;
      JsonObject renewing = null;
      JsonObject attempting = null;
      for (JsonObject sub : subscriptionsOn(clockId)) {
        long end = periodEnd(sub);
        if (end < next) {
          next = end;
          renewing = sub;
        }
      }
      for (JsonObject invoice : invoicesOn(clockId)) {
        JsonElement at = invoice.get("next_payment_attempt");
        boolean due = at != null && !at.isJsonNull()
            && ("draft".equals(Json.str(invoice, "status")) || "open".equals(Json.str(invoice, "status")));
        if (due && at.getAsLong() < next) {
          next = at.getAsLong();
          attempting = invoice;
          renewing = null;
        }
      }
      if (next > target || (renewing == null && attempting == null)) {
        return;
      }
      clock.addProperty("frozen_time", next);
      if (renewing != null) {
        renew(renewing, next);
      } else {
        attempt(attempting, next);
      }
    }
  }

  private List<JsonObject> subscriptionsOn(String clockId) {
    List<String> customers = TestClocks.customersOn(store, clockId).stream().map(c -> Json.str(c, "id")).toList();
    return store.all("subscription", false).stream()
        .filter(s -> customers.contains(Json.str(s, "customer")) && RENEWING.contains(Json.str(s, "status")))
        .toList();
  }

  private List<JsonObject> invoicesOn(String clockId) {
    List<String> customers = TestClocks.customersOn(store, clockId).stream().map(c -> Json.str(c, "id")).toList();
    return store.all("invoice", false).stream().filter(i -> customers.contains(Json.str(i, "customer"))).toList();
  }

  private static JsonObject firstItem(JsonObject sub) {
    return sub.getAsJsonObject("items").getAsJsonArray("data").get(0).getAsJsonObject();
  }

  private static JsonObject firstPrice(JsonObject sub) {
    return firstItem(sub).getAsJsonObject("price");
  }

  private static long periodEnd(JsonObject sub) {
    return Json.lng(firstItem(sub), "current_period_end");
  }

  /** A period boundary: the next period (counted from the anchor, so Jan 31 stays the 31st), and its invoice. */
  private void renew(JsonObject sub, long t) {
    if (Json.isTrue(sub, "cancel_at_period_end")) {
      Subscriptions.markCanceled(sub, t);
      return;
    }
    if ("trialing".equals(Json.str(sub, "status"))) {
      sub.addProperty("status", "active");
    }
    JsonObject recurring = firstPrice(sub).getAsJsonObject("recurring");
    long anchor = Json.lng(sub, "billing_cycle_anchor");
    long end = anchor;
    for (long k = 1; end <= t; k++) {
      end = TestClocks.plusIntervals(anchor, Json.str(recurring, "interval"), k * Json.lng(recurring, "interval_count"));
    }
    long amount = 0;
    long periodStart = Json.lng(firstItem(sub), "current_period_start");
    for (JsonElement el : sub.getAsJsonObject("items").getAsJsonArray("data")) {
      JsonObject item = el.getAsJsonObject();
      amount += Json.lng(item.getAsJsonObject("price"), "unit_amount") * Json.lng(item, "quantity");
      item.addProperty("current_period_start", t);
      item.addProperty("current_period_end", end);
    }
    String invoiceId = Store.randomId("in_");
    amount += Prorations.bill(store, Json.str(sub, "id"), invoiceId); // pending prorations ride along
    boolean unpaid = "unpaid".equals(Json.str(sub, "status")); // Stripe leaves an unpaid one's invoices as drafts
    JsonObject invoice = invoice(sub, invoiceId, amount, "subscription_cycle", periodStart, t, t);
    invoice.add("next_payment_attempt", Json.el(unpaid ? null : t + FINALIZE_DELAY));
    store.put(invoice);
    sub.addProperty("latest_invoice", invoiceId);
    paused(sub, invoice, t);
  }

  /**
   * pause_collection: past resumes_at the pause ends; while paused, a new invoice is voided, left as
   * a draft, or marked uncollectible, and never charged (Stripe's three behaviours).
   */
  private static void paused(JsonObject sub, JsonObject invoice, long t) {
    JsonElement pause = sub.get("pause_collection");
    if (pause == null || pause.isJsonNull()) return;
    JsonElement resumesAt = pause.getAsJsonObject().get("resumes_at");
    if (resumesAt != null && !resumesAt.isJsonNull() && resumesAt.getAsLong() <= t) {
      sub.add("pause_collection", Json.el(null));
      return;
    }
    invoice.add("next_payment_attempt", Json.el(null));
    String behaviour = Json.str(pause.getAsJsonObject(), "behavior");
    if (behaviour.equals("keep_as_draft")) return;
    invoice.addProperty("status", behaviour.equals("void") ? "void" : "uncollectible");
    invoice.getAsJsonObject("status_transitions").addProperty("finalized_at", t);
    invoice.getAsJsonObject("status_transitions")
        .addProperty(behaviour.equals("void") ? "voided_at" : "marked_uncollectible_at", t);
  }

  /** A draft invoice of the subscription (not stored). */
  private static JsonObject invoice(JsonObject sub, String invoiceId, long amount, String reason, long periodStart,
      long periodEnd, long t) {
    return Json.obj("id", invoiceId, "object", "invoice", "customer", Json.str(sub, "customer"),
        "currency", Json.str(sub, "currency"), "amount_due", Math.max(0, amount), "amount_paid", 0,
        "amount_remaining", Math.max(0, amount), "subtotal", amount, "total", amount, "attempt_count", 0,
        "attempted", false, "status", "draft",
        "hosted_invoice_url", "https://invoice.stripe.com/i/acct_fake/test_" + invoiceId,
        "invoice_pdf", "https://pay.stripe.com/invoice/acct_fake/test_" + invoiceId + "/pdf",
        "next_payment_attempt", null, "billing_reason", reason, "collection_method", "charge_automatically",
        "parent", Json.obj("type", "subscription_details", "quote_details", null,
            "subscription_details", Json.obj("subscription", Json.str(sub, "id"), "metadata", null)),
        "period_start", periodStart, "period_end", periodEnd,
        "status_transitions", Json.obj("finalized_at", null, "paid_at", null,
            "marked_uncollectible_at", null, "voided_at", null),
        "metadata", new JsonObject(), "created", t, "livemode", Json.isTrue(sub, "livemode"));
  }

  /**
   * proration_behavior=always_invoice: the pending prorations are invoiced now and the invoice is
   * finalized and charged at once (a net credit is not charged; it stays on the invoice as a negative total).
   */
  void invoiceNow(JsonObject sub, long t) {
    String invoiceId = Store.randomId("in_");
    long amount = Prorations.bill(store, Json.str(sub, "id"), invoiceId);
    JsonObject invoice = invoice(sub, invoiceId, amount, "subscription_update", t, t, t);
    store.put(invoice);
    sub.addProperty("latest_invoice", invoiceId);
    if (amount <= 0) {
      invoice.addProperty("status", "paid");
      invoice.getAsJsonObject("status_transitions").addProperty("finalized_at", t);
      invoice.getAsJsonObject("status_transitions").addProperty("paid_at", t);
      return;
    }
    charge(invoice, payingMethod(invoice, sub), t);
  }

  /** An automatic attempt (the first, or a retry) with the subscription's or customer's default card. */
  private void attempt(JsonObject invoice, long t) {
    JsonObject sub = store.find(subscriptionOf(invoice));
    if (charge(invoice, payingMethod(invoice, sub), t)) {
      return;
    }
    long attempts = Json.lng(invoice, "attempt_count");
    long[] schedule = retryDays;
    if (attempts <= schedule.length) {
      invoice.addProperty("next_payment_attempt", t + schedule[(int) attempts - 1] * 86_400);
      if (sub != null && "active".equals(Json.str(sub, "status"))) sub.addProperty("status", "past_due");
      return;
    }
    invoice.add("next_payment_attempt", Json.el(null));
    if (sub == null || "canceled".equals(Json.str(sub, "status"))) return;
    switch (dunningEnd) {
      case "canceled" -> {
        Subscriptions.markCanceled(sub, t);
        sub.getAsJsonObject("cancellation_details").addProperty("reason", "payment_failed");
      }
      case "unpaid" -> sub.addProperty("status", "unpaid");
      default -> sub.addProperty("status", "past_due");
    }
  }

  private String payingMethod(JsonObject invoice, JsonObject sub) {
    String pm = sub == null ? null : Json.str(sub, "default_payment_method");
    if (pm == null) {
      JsonObject customer = store.find(Json.str(invoice, "customer"));
      pm = Json.str(customer.getAsJsonObject("invoice_settings"), "default_payment_method");
    }
    return pm;
  }

  /**
   * Finalizes if needed and charges the invoice once with pmId: updates attempt count, the payment
   * intent (created at the first attempt, reused by retries) and, when paid, the invoice and subscription.
   */
  private boolean charge(JsonObject invoice, String pmId, long t) {
    if ("draft".equals(Json.str(invoice, "status"))) {
      invoice.addProperty("status", "open");
      invoice.getAsJsonObject("status_transitions").addProperty("finalized_at", t);
    }
    invoice.addProperty("attempt_count", Json.lng(invoice, "attempt_count") + 1);
    invoice.addProperty("attempted", true);
    PaymentMethods.Card card = pmId == null ? null : store.cards.get(pmId);
    boolean paid = card != null && card.behaviour() == PaymentMethods.Behaviour.NORMAL;
    JsonObject intent = paymentIntent(invoice, t);
    long amount = Json.lng(invoice, "amount_due");
    intent.addProperty("payment_method", paid ? pmId : null);
    intent.addProperty("status", paid ? "succeeded" : "requires_payment_method");
    intent.addProperty("amount_received", paid ? amount : 0);
    intent.add("last_payment_error", paid ? Json.el(null) : Json.obj("type", "card_error", "code", "card_declined",
        "decline_code", card == null || card.declineCode() == null ? "generic_decline" : card.declineCode(),
        "message", pmId == null ? "The customer has no default payment method." : "Your card was declined."));
    if (!paid) {
      return false;
    }
    invoice.addProperty("status", "paid");
    invoice.addProperty("amount_paid", amount);
    invoice.addProperty("amount_remaining", 0);
    invoice.add("next_payment_attempt", Json.el(null));
    invoice.getAsJsonObject("status_transitions").addProperty("paid_at", t);
    for (JsonObject ip : store.all("invoice_payment", false)) {
      if (Json.str(invoice, "id").equals(Json.str(ip, "invoice"))) {
        ip.addProperty("status", "paid");
        ip.addProperty("amount_paid", amount);
        ip.getAsJsonObject("status_transitions").addProperty("paid_at", t);
      }
    }
    JsonObject sub = store.find(subscriptionOf(invoice));
    if (sub != null && Json.str(invoice, "id").equals(Json.str(sub, "latest_invoice"))
        && Set.of("past_due", "unpaid", "incomplete").contains(Json.str(sub, "status"))) {
      sub.addProperty("status", "active");
    }
    return true;
  }

  /** The invoice's payment intent, made (with its invoice_payment) at the first attempt. */
  private JsonObject paymentIntent(JsonObject invoice, long t) {
    for (JsonObject ip : store.all("invoice_payment", false)) {
      if (Json.str(invoice, "id").equals(Json.str(ip, "invoice"))) {
        return store.find(Json.str(ip.getAsJsonObject("payment"), "payment_intent"));
      }
    }
    String pi = Store.randomId("pi_");
    long amount = Json.lng(invoice, "amount_due");
    String currency = Json.str(invoice, "currency");
    JsonObject intent = Json.obj("id", pi, "object", "payment_intent", "amount", amount, "amount_received", 0,
        "currency", currency, "customer", Json.str(invoice, "customer"), "status", "requires_payment_method",
        "payment_method", null, "last_payment_error", null, "client_secret", pi + "_secret_" + Store.randomId(""),
        "next_action", null, "payment_method_types", Json.GSON.toJsonTree(new String[] {"card"}),
        "metadata", new JsonObject(), "created", t, "livemode", false);
    store.put(intent);
    store.put(Json.obj("id", Store.randomId("inpay_"), "object", "invoice_payment", "invoice", Json.str(invoice, "id"),
        "status", "open", "is_default", true, "amount_requested", amount, "amount_paid", null, "currency", currency,
        "payment", Json.obj("type", "payment_intent", "payment_intent", pi),
        "status_transitions", Json.obj("paid_at", null, "canceled_at", null), "created", t, "livemode", false));
    return intent;
  }

  private static String subscriptionOf(JsonObject invoice) {
    JsonObject parent = invoice.getAsJsonObject("parent");
    return parent == null ? null : Json.str(parent.getAsJsonObject("subscription_details"), "subscription");
  }

  /** Pays an open (or draft) invoice now, with payment_method or the defaults; a decline is a 402. */
  private Reply pay(Routes.Call c) {
    FormParams p = c.params();
    p.allowOnly(Set.of("payment_method", "off_session", "expand"));
    JsonObject invoice = store.require("invoice", "invoice", c.id(), "id");
    String status = Json.str(invoice, "status");
    if ("paid".equals(status)) throw ApiError.invalid("Invoice is already paid", null);
    if (!"open".equals(status) && !"draft".equals(status)) {
      throw ApiError.invalid("You can only pay an invoice that is open; this one is " + status + ".", null);
    }
    String pm = p.str("payment_method");
    String customer = Json.str(invoice, "customer");
    if (pm != null) {
      paymentMethods.requireAttached(pm, customer, "payment_method");
    } else {
      pm = payingMethod(invoice, store.find(subscriptionOf(invoice)));
    }
    if (!charge(invoice, pm, TestClocks.now(store, store.find(customer)))) {
      PaymentMethods.Card card = pm == null ? null : store.cards.get(pm);
      String decline = card == null || card.declineCode() == null ? "generic_decline" : card.declineCode();
      throw ApiError.card("card_declined", decline, decline.equals("insufficient_funds")
          ? "Your card has insufficient funds." : "Your card was declined.");
    }
    return Reply.ok(store.expand(store.render(invoice), p.expand()));
  }
}
