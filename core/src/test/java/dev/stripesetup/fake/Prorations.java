package dev.stripesetup.fake;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Stripe's proration arithmetic for moving one subscription item to another price of the same
 * interval, shared by the invoice preview and the subscription update so both give the same numbers:
 * a credit for the unused time on the old price and a charge for the remaining time on the new one,
 * each the item's amount times the fraction of the period left (rounded to the minor unit). Also the
 * pending proration invoice items that the next invoice picks up.
 */
final class Prorations {
  static final Set<String> BEHAVIOURS = Set.of("create_prorations", "none", "always_invoice");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd MMM yyyy").withZone(ZoneOffset.UTC);

  private Prorations() {}

  /** The two proration lines of a price change at {@code at}; none when the price stays the same. */
  static List<JsonObject> lines(JsonObject sub, JsonObject item, JsonObject newPrice, long at) {
    JsonObject old = item.getAsJsonObject("price");
    if (Json.str(old, "id").equals(Json.str(newPrice, "id"))) return List.of();
    long start = Json.lng(item, "current_period_start");
    long end = Json.lng(item, "current_period_end");
    double left = end <= start ? 0 : Math.max(0, Math.min(1, (end - at) / (double) (end - start)));
    long qty = Json.lng(item, "quantity");
    String after = DAY.format(Instant.ofEpochSecond(at));
    long credit = -Math.round(Json.lng(old, "unit_amount") * qty * left);
    long charge = Math.round(Json.lng(newPrice, "unit_amount") * qty * left);
    List<JsonObject> lines = new ArrayList<>();
    lines.add(line(sub, item, old, credit, "Unused time on " + qty + " × " + name(old) + " after " + after, at, end, true));
    lines.add(line(sub, item, newPrice, charge, "Remaining time on " + qty + " × " + name(newPrice) + " after " + after,
        at, end, true));
    return lines;
  }

  /** The item's next full period on price, as the renewal invoice will bill it. */
  static JsonObject nextPeriod(JsonObject sub, JsonObject item, JsonObject price) {
    long end = Json.lng(item, "current_period_end");
    long next = Subscriptions.periodEnd(end, price.getAsJsonObject("recurring"));
    long qty = Json.lng(item, "quantity");
    return line(sub, item, price, Json.lng(price, "unit_amount") * qty, qty + " × " + name(price), end, next, false);
  }

  /** An invoice line item in the post-basil shape: what it is for sits under parent. */
  static JsonObject line(JsonObject sub, JsonObject item, JsonObject price, long amount, String description,
      long start, long end, boolean proration) {
    return Json.obj("id", Store.randomId("il_"), "object", "line_item", "amount", amount,
        "currency", Json.str(price, "currency"), "description", description,
        "period", Json.obj("start", start, "end", end), "quantity", Json.lng(item, "quantity"),
        "pricing", Json.obj("type", "price_details", "price_details",
            Json.obj("price", Json.str(price, "id"), "product", Json.str(price, "product")),
            "unit_amount_decimal", String.valueOf(Json.lng(price, "unit_amount"))),
        "parent", Json.obj("type", "subscription_item_details", "invoice_item_details", null,
            "subscription_item_details", Json.obj("subscription", Json.str(sub, "id"),
                "subscription_item", Json.str(item, "id"), "proration", proration, "invoice_item", null)),
        "livemode", Json.isTrue(sub, "livemode"));
  }

  /** Stores proration lines as pending invoice items of the subscription (picked up by its next invoice). */
  static void storePending(Store store, JsonObject sub, List<JsonObject> lines) {
    for (JsonObject l : lines) {
      JsonObject ii = l.deepCopy();
      ii.addProperty("id", Store.randomId("ii_"));
      ii.addProperty("object", "invoiceitem");
      ii.addProperty("customer", Json.str(sub, "customer"));
      ii.addProperty("subscription", Json.str(sub, "id"));
      ii.add("invoice", Json.el(null));
      ii.addProperty("created", Json.lng(l.getAsJsonObject("period"), "start"));
      store.put(ii);
    }
  }

  /** The subscription's proration invoice items not on an invoice yet, as invoice lines. */
  static List<JsonObject> pending(Store store, String subscriptionId) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonObject ii : pendingItems(store, subscriptionId)) {
      JsonObject l = ii.deepCopy();
      l.addProperty("id", Store.randomId("il_"));
      l.addProperty("object", "line_item");
      for (String f : new String[] {"customer", "subscription", "invoice", "created"}) l.remove(f);
      out.add(l);
    }
    return out;
  }

  static List<JsonObject> pendingItems(Store store, String subscriptionId) {
    return store.all("invoiceitem", false).stream()
        .filter(ii -> subscriptionId.equals(Json.str(ii, "subscription")) && Json.str(ii, "invoice") == null)
        .toList();
  }

  /** Marks the pending items as billed on invoiceId; returns their total. */
  static long bill(Store store, String subscriptionId, String invoiceId) {
    long total = 0;
    for (JsonObject ii : pendingItems(store, subscriptionId)) {
      ii.addProperty("invoice", invoiceId);
      total += Json.lng(ii, "amount");
    }
    return total;
  }

  static long total(List<JsonObject> lines) {
    long t = 0;
    for (JsonElement l : lines) t += Json.lng(l.getAsJsonObject(), "amount");
    return t;
  }

  private static String name(JsonObject price) {
    String nick = Json.str(price, "nickname");
    return nick != null ? nick : Json.str(price, "id");
  }
}
