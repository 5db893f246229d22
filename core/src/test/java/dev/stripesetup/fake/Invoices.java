package dev.stripesetup.fake;

import com.google.gson.JsonObject;

/**
 * Invoices, invoice payments and payment intents (read endpoints), plus creating the first invoice of a
 * subscription. Post-"basil" shape: invoices carry no payment_intent; an invoice_payment links the two.
 */
final class Invoices {
  /** How the first charge went; decides invoice and payment intent states. */
  enum Charge {
    /** Trial: a paid 0-amount invoice and no payment intent. */
    TRIAL,
    /** Charged fine. */
    PAID,
    /** Card declined on charge (tok_chargeCustomerFail). */
    DECLINED,
    /** 3-D Secure required (tok_threeDSecure2Required). */
    REQUIRES_ACTION,
    /** payment_behavior=default_incomplete: invoice finalized, payment intent left unconfirmed. */
    NOT_ATTEMPTED
  }

  private final Store store;

  Invoices(Store store) {
    this.store = store;
  }

  void register(Routes r) {
    r.add("GET", "/v1/invoices", "list:invoice", this::list);
    r.add("GET", "/v1/invoices/" + Routes.ID, "invoice", c -> retrieve(c, "invoice"));
    r.add("GET", "/v1/invoice_payments", "list:invoice_payment", this::listPayments);
    r.add("GET", "/v1/invoice_payments/" + Routes.ID, "invoice_payment", c -> retrieve(c, "invoice_payment"));
    r.add("GET", "/v1/payment_intents/" + Routes.ID, "payment_intent", c -> retrieve(c, "payment_intent"));
  }

  /** Stripe's 404 for these names the type as-is ("No such invoice: 'in_x'"). */
  private Reply retrieve(Routes.Call c, String type) {
    return Reply.ok(store.expand(store.render(store.require(type, type, c.id(), "id")), c.params().expand()));
  }

  private Reply list(Routes.Call c) {
    FormParams p = c.params();
    String customer = p.str("customer");
    String subscription = p.str("subscription");
    String status = p.str("status");
    return Reply.ok(store.page("/v1/invoices", store.all("invoice", false), inv ->
        (customer == null || customer.equals(Json.str(inv, "customer")))
            && (subscription == null || subscription.equals(subscriptionOf(inv)))
            && (status == null || status.equals(Json.str(inv, "status"))),
        p));
  }

  private static String subscriptionOf(JsonObject invoice) {
    return Json.str(invoice.getAsJsonObject("parent").getAsJsonObject("subscription_details"), "subscription");
  }

  private Reply listPayments(Routes.Call c) {
    FormParams p = c.params();
    String invoice = p.str("invoice");
    return Reply.ok(store.page("/v1/invoice_payments", store.all("invoice_payment", false),
        ip -> invoice == null || invoice.equals(Json.str(ip, "invoice")), p));
  }

  /** Creates the subscription's first invoice (and its payment intent + invoice_payment); returns its id. */
  String createFirstInvoice(String subId, String customer, String currency, long amount, String paymentMethod,
      Charge charge, boolean livemode, long now) {
    String invoiceId = Store.randomId("in_");
    boolean paid = charge == Charge.TRIAL || charge == Charge.PAID;
    long due = charge == Charge.TRIAL ? 0 : amount;
    int attempts = switch (charge) {
      case PAID, DECLINED, REQUIRES_ACTION -> 1;
      default -> 0;
    };
    JsonObject invoice = Json.obj("id", invoiceId, "object", "invoice", "customer", customer,
        "currency", currency, "amount_due", due, "amount_paid", paid ? due : 0,
        "amount_remaining", paid ? 0 : due, "subtotal", due, "total", due,
        "attempt_count", attempts, "attempted", attempts > 0, "status", paid ? "paid" : "open",
        "hosted_invoice_url", "https://invoice.stripe.com/i/acct_fake/test_" + invoiceId,
        "invoice_pdf", "https://pay.stripe.com/invoice/acct_fake/test_" + invoiceId + "/pdf",
        // Stripe does not auto-retry the first invoice of an incomplete subscription.
        "next_payment_attempt", null,
        "billing_reason", "subscription_create", "collection_method", "charge_automatically",
        "parent", Json.obj("type", "subscription_details", "quote_details", null,
            "subscription_details", Json.obj("subscription", subId, "metadata", null)),
        "period_start", now, "period_end", now,
        "status_transitions", Json.obj("finalized_at", now, "paid_at", paid ? now : null,
            "marked_uncollectible_at", null, "voided_at", null),
        "metadata", new JsonObject(), "created", now, "livemode", livemode);
    store.put(invoice);
    if (charge != Charge.TRIAL) {
      String pi = createPaymentIntent(customer, currency, due, paymentMethod, charge, livemode, now);
      store.put(Json.obj("id", Store.randomId("inpay_"), "object", "invoice_payment", "invoice", invoiceId,
          "status", paid ? "paid" : "open", "is_default", true, "amount_requested", due,
          "amount_paid", paid ? due : null, "currency", currency,
          "payment", Json.obj("type", "payment_intent", "payment_intent", pi),
          "status_transitions", Json.obj("paid_at", paid ? now : null, "canceled_at", null),
          "created", now, "livemode", livemode));
    }
    return invoiceId;
  }

  private String createPaymentIntent(String customer, String currency, long amount, String paymentMethod,
      Charge charge, boolean livemode, long now) {
    String id = Store.randomId("pi_");
    String status = switch (charge) {
      case PAID -> "succeeded";
      case DECLINED -> "requires_payment_method";
      case REQUIRES_ACTION -> "requires_action";
      default -> paymentMethod == null ? "requires_payment_method" : "requires_confirmation";
    };
    JsonObject error = charge != Charge.DECLINED ? null : Json.obj("type", "card_error", "code", "card_declined",
        "decline_code", "generic_decline", "message", "Your card was declined.");
    store.put(Json.obj("id", id, "object", "payment_intent", "amount", amount, "amount_received",
        charge == Charge.PAID ? amount : 0, "currency", currency, "customer", customer, "status", status,
        "payment_method", charge == Charge.DECLINED ? null : paymentMethod,
        "last_payment_error", error, "client_secret", id + "_secret_" + Store.randomId(""),
        "next_action", charge == Charge.REQUIRES_ACTION ? Json.obj("type", "use_stripe_sdk") : null,
        "payment_method_types", Json.GSON.toJsonTree(new String[] {"card"}),
        "metadata", new JsonObject(), "created", now, "livemode", livemode));
    return id;
  }
}
