package dev.stripesetup.fake;

import java.util.List;
import java.util.Map;

/**
 * Which expand[] paths are valid, per returned type. Stripe rejects an unknown path with a 400 before
 * doing anything; notably the pre-"basil" latest_invoice.payment_intent, which no longer exists.
 */
final class Expansions {
  /** type -> expandable field (dots go through plain sub-objects) -> type it expands to. */
  private static final Map<String, Map<String, String>> SCHEMA = Map.of(
      "customer", Map.of("invoice_settings.default_payment_method", "payment_method"),
      "payment_method", Map.of("customer", "customer"),
      "price", Map.of("product", "product"),
      "product", Map.of("default_price", "price"),
      "subscription", Map.of("customer", "customer", "default_payment_method", "payment_method",
          "latest_invoice", "invoice", "items", "list:subscription_item"),
      "subscription_item", Map.of("price", "price"),
      "invoice", Map.of("customer", "customer", "payments", "list:invoice_payment",
          "parent.subscription_details.subscription", "subscription"),
      "invoice_payment", Map.of("invoice", "invoice", "payment.payment_intent", "payment_intent"),
      "payment_intent", Map.of("customer", "customer", "payment_method", "payment_method"),
      "checkout.session", Map.of("customer", "customer", "subscription", "subscription"));

  private Expansions() {}

  static void check(String type, List<String> paths) {
    for (String path : paths) {
      if (!valid(type, path.split("\\."))) {
        throw ApiError.invalid("This property cannot be expanded (" + path + ").", "expand");
      }
    }
  }

  private static boolean valid(String type, String[] segs) {
    int i = 0;
    while (i < segs.length) {
      if (type.startsWith("list:")) {
        if (!segs[i].equals("data")) return false;
        type = type.substring(5);
        i++;
        continue;
      }
      Map<String, String> fields = SCHEMA.getOrDefault(type, Map.of());
      String next = null;
      for (int j = segs.length; j > i && next == null; j--) { // longest match: payment.payment_intent
        next = fields.get(String.join(".", List.of(segs).subList(i, j)));
        if (next != null) i = j;
      }
      if (next == null) return false;
      type = next;
    }
    return true;
  }
}
