package dev.stripesetup.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** /v1/subscriptions: create (charging the first invoice per the card's behaviour), list, update, cancel. */
final class Subscriptions {
  private static final Set<String> CREATE_PARAMS = Set.of("customer", "items", "default_payment_method",
      "trial_period_days", "description", "metadata", "payment_behavior", "expand", "off_session",
      "collection_method", "days_until_due", "discounts");
  private static final Set<String> UPDATE_PARAMS = Set.of("cancel_at_period_end", "metadata",
      "default_payment_method", "description", "expand", "cancellation_details", "items", "proration_behavior",
      "proration_date", "pause_collection");
  private static final Set<String> PAUSE_BEHAVIOURS = Set.of("void", "keep_as_draft", "mark_uncollectible");
  /** What a canceled subscription still accepts. */
  private static final Set<String> CANCELED_UPDATE_PARAMS = Set.of("metadata", "expand", "cancellation_details");
  private static final Set<String> BEHAVIOURS = Set.of("allow_incomplete", "default_incomplete", "error_if_incomplete");
  private static final Set<String> STATUSES = Set.of("active", "all", "canceled", "ended", "incomplete",
      "incomplete_expired", "past_due", "paused", "trialing", "unpaid");

  private final Store store;
  private final PaymentMethods paymentMethods;
  private final Invoices invoices;
  private final ClockBilling billing;
  private final Coupons coupons;

  Subscriptions(Store store, PaymentMethods paymentMethods, Invoices invoices, ClockBilling billing, Coupons coupons) {
    this.coupons = coupons;
    this.store = store;
    this.paymentMethods = paymentMethods;
    this.invoices = invoices;
    this.billing = billing;
  }

  void register(Routes r) {
    r.add("POST", "/v1/subscriptions", "subscription", this::create);
    r.add("GET", "/v1/subscriptions", "list:subscription", this::list);
    r.add("GET", "/v1/subscriptions/" + Routes.ID, "subscription", this::retrieve);
    r.add("POST", "/v1/subscriptions/" + Routes.ID, "subscription", this::update);
    r.add("DELETE", "/v1/subscriptions/" + Routes.ID, "subscription", this::cancel);
  }

  private Reply create(Routes.Call c) {
    FormParams p = c.params();
    p.allowOnly(CREATE_PARAMS);
    // 1. Validate everything; nothing is stored until the outcome is known.
    String customerId = p.str("customer");
    if (customerId == null) throw ApiError.missingParam("customer");
    JsonObject customer = store.require("customer", "customer", customerId, "customer");
    List<Object> items = p.list("items");
    if (items.isEmpty()) throw ApiError.missingParam("items");
    List<JsonObject> prices = new ArrayList<>();
    List<Long> quantities = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      prices.add(itemPrice(p, i, prices.isEmpty() ? null : prices.get(0)));
      Long q = p.integer("items", String.valueOf(i), "quantity");
      if (q != null && q < 0) throw ApiError.invalid("Invalid non-negative integer", "items[" + i + "][quantity]");
      quantities.add(q == null ? 1 : q);
    }
    String behaviour = p.str("payment_behavior");
    if (behaviour == null) behaviour = "allow_incomplete";
    if (!BEHAVIOURS.contains(behaviour)) {
      throw ApiError.invalid("Invalid payment_behavior: " + behaviour, "payment_behavior");
    }
    Long trialDays = p.integer("trial_period_days");
    if (trialDays != null && (trialDays < 0 || trialDays > 730)) {
      throw ApiError.invalid("trial_period_days must be between 0 and 730", "trial_period_days");
    }
    boolean trial = trialDays != null && trialDays > 0;
    List<JsonObject> discountCoupons = coupons.discountCoupons(p);
    String dpm = p.str("default_payment_method");
    if (dpm != null && dpm.isEmpty()) dpm = null;
    if (dpm != null) paymentMethods.requireAttached(dpm, customerId, "default_payment_method");
    String paying = dpm != null ? dpm
        : Json.str(customer.getAsJsonObject("invoice_settings"), "default_payment_method");
    SendInvoice sendInvoice = SendInvoice.of(p);
    if (paying == null && !trial && !behaviour.equals("default_incomplete") && sendInvoice == null) {
      throw ApiError.invalid("This customer has no attached payment source or default payment method.", null);
    }
    Invoices.Charge charge = sendInvoice != null ? (trial ? Invoices.Charge.TRIAL : Invoices.Charge.NOT_ATTEMPTED)
        : charge(trial, behaviour, paying);

    // 2. Act: subscription, items, first invoice (+ payment intent).
    long now = TestClocks.now(store, customer); // a customer on a test clock lives in the clock's time
    String subId = Store.randomId("sub_");
    Long trialEnd = trial ? now + trialDays * 86_400 : null;
    JsonObject firstPrice = prices.get(0);
    long periodEnd = trial ? trialEnd : periodEnd(now, firstPrice.getAsJsonObject("recurring"));
    JsonArray data = new JsonArray();
    long amount = 0;
    for (int i = 0; i < prices.size(); i++) {
      JsonObject price = prices.get(i);
      amount += Json.lng(price, "unit_amount") * quantities.get(i);
      data.add(Json.obj("id", Store.randomId("si_"), "object", "subscription_item", "price", store.render(price),
          "quantity", quantities.get(i), "subscription", subId, "current_period_start", now,
          "current_period_end", periodEnd, "metadata", Store.metadataOf(p, "items", String.valueOf(i), "metadata"),
          "created", now));
    }
    String currency = Json.str(firstPrice, "currency");
    // The first invoice is reduced by the discounts (later renewals are not modelled with them).
    amount = Coupons.discounted(amount, currency, discountCoupons);
    String invoiceId = invoices.createFirstInvoice(subId, customerId, currency, amount, paying, charge,
        c.livemode(), now);
    String status = switch (charge) {
      case TRIAL -> "trialing";
      case PAID -> "active";
      default -> sendInvoice != null ? "active" : "incomplete";
    };
    if (sendInvoice != null) sendInvoice.applyTo(store.find(invoiceId), now);
    JsonObject sub = Json.obj("id", subId, "object", "subscription", "customer", customerId, "status", status,
        "items", Json.obj("object", "list", "data", data, "has_more", false, "total_count", data.size(),
            "url", "/v1/subscription_items?subscription=" + subId),
        "default_payment_method", dpm, "latest_invoice", invoiceId, "cancel_at_period_end", false,
        "cancel_at", null, "canceled_at", null, "ended_at", null, "pause_collection", null,
        "cancellation_details", Json.obj("comment", null, "feedback", null, "reason", null),
        "trial_start", trial ? now : null, "trial_end", trialEnd, "description", p.str("description"),
        "metadata", Store.metadataOf(p, "metadata"), "currency", currency,
        "collection_method", sendInvoice != null ? "send_invoice" : "charge_automatically",
        "days_until_due", sendInvoice != null ? sendInvoice.days() : null, "created", now, "start_date", now,
        "billing_cycle_anchor", trial ? trialEnd : now, "livemode", c.livemode());
    sub.add("discounts", coupons.apply(discountCoupons, p, subId, customerId, now));
    store.put(sub);
    return Reply.ok(store.expand(store.render(sub), p.expand()));
  }

  /** items[i][price]: must exist, be active and recurring, and match the first item's currency/interval. */
  private JsonObject itemPrice(FormParams p, int i, JsonObject first) {
    String idx = String.valueOf(i);
    p.allowOnlyUnder(Set.of("price", "quantity", "metadata"), "items", idx);
    String param = "items[" + i + "][price]";
    String priceId = p.str("items", idx, "price");
    if (priceId == null) throw ApiError.missingParam(param);
    JsonObject price = store.require("price", "price", priceId, param);
    if (!Json.isTrue(price, "active")) {
      throw ApiError.invalid("The price specified is inactive. This field only accepts active prices.", param);
    }
    if (!"recurring".equals(Json.str(price, "type"))) {
      throw ApiError.invalid("The price specified is set to `type=one_time` but this field only accepts prices "
          + "with `type=recurring`.", param);
    }
    if (first != null && (!Json.str(first, "currency").equals(Json.str(price, "currency"))
        || !first.get("recurring").equals(price.get("recurring")))) {
      throw ApiError.invalid("All prices on a subscription must have the same currency and recurring interval.", param);
    }
    return price;
  }

  /** The first charge's outcome from the paying card's behaviour; error_if_incomplete turns failures into 402s. */
  private Invoices.Charge charge(boolean trial, String behaviour, String paying) {
    if (trial) return Invoices.Charge.TRIAL;
    if (behaviour.equals("default_incomplete")) return Invoices.Charge.NOT_ATTEMPTED;
    PaymentMethods.Card card = store.cards.get(paying);
    PaymentMethods.Behaviour b = card == null ? PaymentMethods.Behaviour.NORMAL : card.behaviour();
    boolean strict = behaviour.equals("error_if_incomplete");
    switch (b) {
      case NORMAL:
        return Invoices.Charge.PAID;
      case REQUIRES_ACTION:
        if (strict) {
          throw ApiError.card("authentication_required", "authentication_required",
              "Your card was declined. This transaction requires authentication.");
        }
        return Invoices.Charge.REQUIRES_ACTION;
      default:
        if (strict) throw ApiError.card("card_declined", "generic_decline", "Your card was declined.");
        return Invoices.Charge.DECLINED;
    }
  }

  /** Calendar math in UTC, so "1 month" from Jan 31 is Feb 28/29 like Stripe, not +30 days. */
  static long periodEnd(long start, JsonObject recurring) {
    ZonedDateTime t = Instant.ofEpochSecond(start).atZone(ZoneOffset.UTC);
    long n = Json.lng(recurring, "interval_count");
    ZonedDateTime end = switch (Json.str(recurring, "interval")) {
      case "day" -> t.plusDays(n);
      case "week" -> t.plusWeeks(n);
      case "year" -> t.plusYears(n);
      default -> t.plusMonths(n);
    };
    return end.toEpochSecond();
  }

  private Reply list(Routes.Call c) {
    FormParams p = c.params();
    String customer = p.str("customer");
    String price = p.str("price");
    String status = p.str("status");
    if (status != null && !STATUSES.contains(status)) throw ApiError.invalid("Invalid status: " + status, "status");
    return Reply.ok(store.page("/v1/subscriptions", store.all("subscription", false), sub ->
        (customer == null ? !TestClocks.onClock(store, sub) : customer.equals(Json.str(sub, "customer")))
            && (price == null || hasPrice(sub, price))
            && statusMatches(status, Json.str(sub, "status")),
        p));
  }

  /** Stripe's default list hides canceled subscriptions; "all" shows everything; "ended" = canceled/expired. */
  private static boolean statusMatches(String wanted, String actual) {
    boolean ended = actual.equals("canceled") || actual.equals("incomplete_expired");
    if (wanted == null) return !ended;
    if (wanted.equals("all")) return true;
    if (wanted.equals("ended")) return ended;
    return wanted.equals(actual);
  }

  private static boolean hasPrice(JsonObject sub, String priceId) {
    for (var item : sub.getAsJsonObject("items").getAsJsonArray("data")) {
      if (priceId.equals(Json.str(item.getAsJsonObject().getAsJsonObject("price"), "id"))) return true;
    }
    return false;
  }

  private Reply retrieve(Routes.Call c) {
    JsonObject sub = store.require("subscription", "subscription", c.id(), "id");
    return Reply.ok(store.expand(store.render(sub), c.params().expand()));
  }

  private Reply update(Routes.Call c) {
    FormParams p = c.params();
    JsonObject sub = store.require("subscription", "subscription", c.id(), "id");
    p.allowOnly(UPDATE_PARAMS);
    if ("canceled".equals(Json.str(sub, "status"))) {
      for (String key : p.flat().keySet()) {
        String top = key.contains("[") ? key.substring(0, key.indexOf('[')) : key;
        if (!CANCELED_UPDATE_PARAMS.contains(top)) {
          throw ApiError.invalid(
              "A canceled subscription can only update its cancellation_details and metadata.", null);
        }
      }
    }
    String dpm = p.str("default_payment_method");
    if (dpm != null && !dpm.isEmpty()) {
      paymentMethods.requireAttached(dpm, Json.str(sub, "customer"), "default_payment_method");
    }
    JsonObject pause = pauseCollection(p);
    String behaviour = p.str("proration_behavior");
    if (behaviour == null) behaviour = "create_prorations";
    if (!Prorations.BEHAVIOURS.contains(behaviour)) {
      throw ApiError.invalid("Invalid proration_behavior: must be one of create_prorations, none, or always_invoice",
          "proration_behavior");
    }
    Long prorationDate = p.integer("proration_date");
    JsonObject newPrice = itemChange(sub, p);
    // Validated above; acting starts here.
    if (newPrice != null) {
      changeItem(sub, newPrice, behaviour, prorationDate);
    }
    if (p.has("pause_collection")) sub.add("pause_collection", Json.el(pause));
    Boolean atPeriodEnd = p.bool("cancel_at_period_end");
    if (atPeriodEnd != null) {
      sub.addProperty("cancel_at_period_end", atPeriodEnd);
      sub.add("cancel_at", Json.el(atPeriodEnd ? currentPeriodEnd(sub) : null));
    }
    if (dpm != null) sub.add("default_payment_method", Json.unsetIfEmpty(dpm));
    if (p.has("description")) sub.add("description", Json.unsetIfEmpty(p.str("description")));
    applyCancellationDetails(sub, p);
    Store.applyMetadata(sub, p, "metadata");
    return Reply.ok(store.expand(store.render(sub), p.expand()));
  }

  /** pause_collection[behavior] and [resumes_at], or null for pause_collection= (resume). */
  private static JsonObject pauseCollection(FormParams p) {
    if (!p.has("pause_collection")) return null;
    if (p.node("pause_collection") instanceof String s) {
      if (!s.isEmpty()) throw ApiError.invalid("Invalid object", "pause_collection");
      return null;
    }
    p.allowOnlyUnder(Set.of("behavior", "resumes_at"), "pause_collection");
    String behaviour = p.str("pause_collection", "behavior");
    if (behaviour == null) throw ApiError.missingParam("pause_collection[behavior]");
    if (!PAUSE_BEHAVIOURS.contains(behaviour)) {
      throw ApiError.invalid("Invalid pause_collection[behavior]: must be one of keep_as_draft, mark_uncollectible, "
          + "or void", "pause_collection[behavior]");
    }
    Long resumesAt = p.integer("pause_collection", "resumes_at");
    if (resumesAt != null && resumesAt <= Store.now()) {
      throw ApiError.invalid("pause_collection[resumes_at] must be in the future.", "pause_collection[resumes_at]");
    }
    return Json.obj("behavior", behaviour, "resumes_at", resumesAt);
  }

  /** items[0][id] + items[0][price]: the new price of the subscription's one item, checked; null if no items. */
  private JsonObject itemChange(JsonObject sub, FormParams p) {
    List<Object> items = p.list("items");
    if (items.isEmpty()) return null;
    if (items.size() > 1) throw ApiError.invalid("The fake models a change of one item.", "items");
    p.allowOnlyUnder(Set.of("id", "price"), "items", "0");
    String itemId = p.str("items", "0", "id");
    if (itemId == null) throw ApiError.invalid("The fake models changing an existing item: pass items[0][id].", "items[0][id]");
    if (!itemId.equals(Json.str(firstItem(sub), "id"))) {
      throw ApiError.missing("subscription_item", itemId, "items[0][id]");
    }
    return changedPrice(store, sub, p.str("items", "0", "price"), "items[0][price]");
  }

  /**
   * The price an item moves to: active, recurring, in the subscription's currency. Moving to another
   * interval resets the billing cycle on Stripe; the fake does not model that and says so.
   */
  static JsonObject changedPrice(Store store, JsonObject sub, String priceId, String param) {
    if (priceId == null) throw ApiError.missingParam(param);
    JsonObject price = store.require("price", "price", priceId, param);
    if (!Json.isTrue(price, "active")) {
      throw ApiError.invalid("The price specified is inactive. This field only accepts active prices.", param);
    }
    if (!"recurring".equals(Json.str(price, "type"))) {
      throw ApiError.invalid("The price specified is set to `type=one_time` but this field only accepts prices "
          + "with `type=recurring`.", param);
    }
    if (!Json.str(price, "currency").equals(Json.str(sub, "currency"))) {
      throw ApiError.invalid("The price's currency (" + Json.str(price, "currency") + ") must match the "
          + "subscription's (" + Json.str(sub, "currency") + ").", param);
    }
    if (!firstItem(sub).getAsJsonObject("price").get("recurring").equals(price.get("recurring"))) {
      throw ApiError.invalid("The fake does not model a change of billing interval (Stripe resets the billing "
          + "cycle then).", param);
    }
    return price;
  }

  /** Moves the item to price; prorations become pending invoice items, or are invoiced and charged now. */
  private void changeItem(JsonObject sub, JsonObject price, String behaviour, Long prorationDate) {
    JsonObject item = firstItem(sub);
    long at = prorationDate != null ? prorationDate : TestClocks.now(store, store.find(Json.str(sub, "customer")));
    List<JsonObject> lines = behaviour.equals("none") ? List.of() : Prorations.lines(sub, item, price, at);
    item.add("price", store.render(price));
    if (lines.isEmpty()) return;
    Prorations.storePending(store, sub, lines);
    if (behaviour.equals("always_invoice")) billing.invoiceNow(sub, at);
  }

  static JsonObject firstItem(JsonObject sub) {
    return sub.getAsJsonObject("items").getAsJsonArray("data").get(0).getAsJsonObject();
  }

  private static long currentPeriodEnd(JsonObject sub) {
    JsonObject item = sub.getAsJsonObject("items").getAsJsonArray("data").get(0).getAsJsonObject();
    return Json.lng(item, "current_period_end");
  }

  private static void applyCancellationDetails(JsonObject sub, FormParams p) {
    JsonObject details = sub.getAsJsonObject("cancellation_details");
    for (String field : new String[] {"comment", "feedback"}) {
      if (p.has("cancellation_details", field)) {
        details.add(field, Json.unsetIfEmpty(p.str("cancellation_details", field)));
      }
    }
  }

  private Reply cancel(Routes.Call c) {
    FormParams p = c.params();
    JsonObject sub = store.require("subscription", "subscription", c.id(), "id");
    p.allowOnly(Set.of("invoice_now", "prorate", "cancellation_details", "expand"));
    p.bool("invoice_now"); // validated, but no final invoice is modelled
    p.bool("prorate");
    if ("canceled".equals(Json.str(sub, "status"))) {
      throw ApiError.invalid("This subscription has already been canceled.", null);
    }
    applyCancellationDetails(sub, p);
    markCanceled(sub, Store.now());
    return Reply.ok(store.expand(store.render(sub), p.expand()));
  }

  static void markCanceled(JsonObject sub, long now) {
    sub.addProperty("status", "canceled");
    sub.addProperty("canceled_at", now);
    sub.addProperty("ended_at", now);
    sub.getAsJsonObject("cancellation_details").addProperty("reason", "cancellation_requested");
  }
}
