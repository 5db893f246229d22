package dev.stripesetup.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * POST /v1/invoices/create_preview for an existing subscription, optionally with
 * subscription_details (items moved to another price, proration_behavior, proration_date): the invoice
 * Stripe would create next. With create_prorations that is the renewal at the period end, carrying the
 * proration lines; with always_invoice the invoice made right away for the prorations; with none the
 * plain renewal. Nothing is stored.
 */
final class InvoicePreviews {
  private static final Set<String> PARAMS = Set.of("subscription", "subscription_details", "customer", "expand");
  private static final Set<String> DETAILS = Set.of("items", "proration_behavior", "proration_date");

  private final Store store;

  InvoicePreviews(Store store) {
    this.store = store;
  }

  void register(Routes r) {
    r.add("POST", "/v1/invoices/create_preview", "invoice", this::preview);
  }

  private Reply preview(Routes.Call c) {
    FormParams p = c.params();
    p.allowOnly(PARAMS);
    p.allowOnlyUnder(DETAILS, "subscription_details");
    String subId = p.str("subscription");
    if (subId == null) throw ApiError.invalid("The fake models previews of existing subscriptions only: "
        + "pass subscription.", "subscription");
    JsonObject sub = store.require("subscription", "subscription", subId, "subscription");
    if ("canceled".equals(Json.str(sub, "status"))) {
      throw ApiError.invalid("invoice_upcoming_none", "No upcoming invoices for a canceled subscription.", null);
    }
    String behaviour = p.str("subscription_details", "proration_behavior");
    if (behaviour == null) behaviour = "create_prorations";
    if (!Prorations.BEHAVIOURS.contains(behaviour)) {
      throw ApiError.invalid("Invalid subscription_details[proration_behavior]: must be one of create_prorations, "
          + "none, or always_invoice", "subscription_details[proration_behavior]");
    }
    Long date = p.integer("subscription_details", "proration_date");
    long at = date != null ? date : TestClocks.now(store, store.find(Json.str(sub, "customer")));
    JsonObject item = Subscriptions.firstItem(sub);
    JsonObject price = item.getAsJsonObject("price");
    List<Object> items = p.list("subscription_details", "items");
    if (items.size() > 1) throw ApiError.invalid("The fake models a change of one item.", "subscription_details[items]");
    if (!items.isEmpty()) {
      p.allowOnlyUnder(Set.of("id", "price"), "subscription_details", "items", "0");
      String itemId = p.str("subscription_details", "items", "0", "id");
      if (!Json.str(item, "id").equals(itemId)) {
        throw ApiError.missing("subscription_item", itemId, "subscription_details[items][0][id]");
      }
      price = Subscriptions.changedPrice(store, sub, p.str("subscription_details", "items", "0", "price"),
          "subscription_details[items][0][price]");
    }
    List<JsonObject> lines = new ArrayList<>(Prorations.pending(store, subId));
    List<JsonObject> prorations = behaviour.equals("none") ? List.of() : Prorations.lines(sub, item, price, at);
    lines.addAll(prorations);
    boolean now = behaviour.equals("always_invoice") && !prorations.isEmpty();
    if (!now) lines.add(Prorations.nextPeriod(sub, item, price));
    long total = Prorations.total(lines);
    JsonArray data = new JsonArray();
    lines.forEach(data::add);
    long periodEnd = Json.lng(item, "current_period_end");
    JsonObject invoice = Json.obj("id", "upcoming_" + Store.randomId("in_"), "object", "invoice",
        "customer", Json.str(sub, "customer"), "currency", Json.str(price, "currency"), "status", "draft",
        "amount_due", Math.max(0, total), "amount_paid", 0, "amount_remaining", Math.max(0, total),
        "subtotal", total, "total", total, "starting_balance", 0, "ending_balance", Math.min(0, total),
        "billing_reason", now ? "subscription_update" : "upcoming",
        "collection_method", Json.str(sub, "collection_method"),
        "parent", Json.obj("type", "subscription_details", "quote_details", null,
            "subscription_details", Json.obj("subscription", subId, "metadata", null)),
        "lines", Json.obj("object", "list", "data", data, "has_more", false, "total_count", data.size(),
            "url", "/v1/invoices/upcoming/lines"),
        "period_start", now ? at : Json.lng(item, "current_period_start"), "period_end", now ? at : periodEnd,
        "next_payment_attempt", now ? at : periodEnd + ClockBilling.FINALIZE_DELAY,
        "created", now ? at : periodEnd, "livemode", c.livemode());
    return Reply.ok(store.expand(invoice, p.expand()));
  }
}
