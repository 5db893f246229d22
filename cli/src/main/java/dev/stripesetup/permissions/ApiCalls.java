package dev.stripesetup.permissions;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which restricted-key permissions one API call needs: the resource of its path (GET reads, POST
 * and DELETE write), plus Read on every object it expands (Stripe checks those too), plus Products:
 * Write for a price created with {@code product_data} (that call makes a product).
 */
public final class ApiCalls {
  public static final String CUSTOMERS = "Customers";
  public static final String PAYMENT_METHODS = "PaymentMethods";
  public static final String PAYMENT_INTENTS = "PaymentIntents";
  public static final String PRODUCTS = "Products";
  public static final String PRICES = "Prices";
  public static final String SUBSCRIPTIONS = "Subscriptions";
  public static final String INVOICES = "Invoices";
  public static final String CHECKOUT_SESSIONS = "Checkout Sessions";
  public static final String TEST_CLOCKS = "Test clocks";
  /** As the Dashboard's restricted-key page names them. */
  public static final String COUPONS = "Coupons";
  public static final String PROMOTION_CODES = "Promotion Codes";

  /** Path prefixes after /v1/, longest first where they overlap. */
  private static final List<Map.Entry<String, String>> RESOURCES = List.of(
      Map.entry("customers/*/payment_methods", PAYMENT_METHODS),
      Map.entry("customers", CUSTOMERS),
      Map.entry("payment_methods", PAYMENT_METHODS),
      Map.entry("payment_intents", PAYMENT_INTENTS),
      Map.entry("products", PRODUCTS),
      Map.entry("prices", PRICES),
      Map.entry("subscriptions", SUBSCRIPTIONS),
      Map.entry("invoices", INVOICES),
      Map.entry("invoice_payments", INVOICES),
      Map.entry("checkout/sessions", CHECKOUT_SESSIONS),
      Map.entry("test_helpers/test_clocks", TEST_CLOCKS),
      Map.entry("coupons", COUPONS),
      Map.entry("promotion_codes", PROMOTION_CODES));

  /** What an expand[] of a field (its last segment) reads. */
  private static final Map<String, String> EXPANDED = Map.of(
      "customer", CUSTOMERS,
      "latest_invoice", INVOICES,
      "default_payment_method", PAYMENT_METHODS,
      "payment_intent", PAYMENT_INTENTS,
      "payments", INVOICES,
      "subscription", SUBSCRIPTIONS);

  private ApiCalls() {}

  /** The resource a path such as /v1/customers/cus_1 belongs to, or null if this tool never calls it. */
  public static String resourceOf(String path) {
    String p = path.startsWith("/v1/") ? path.substring(4) : path;
    int query = p.indexOf('?');
    if (query >= 0) {
      p = p.substring(0, query);
    }
    for (Map.Entry<String, String> e : RESOURCES) {
      if (matches(p, e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }

  /** A "*" segment matches any one segment; a pattern without one matches itself and the paths below it. */
  private static boolean matches(String path, String pattern) {
    if (!pattern.contains("*")) {
      return path.equals(pattern) || path.startsWith(pattern + "/");
    }
    String[] want = pattern.split("/");
    String[] got = path.split("/");
    if (got.length != want.length) {
      return false;
    }
    for (int i = 0; i < want.length; i++) {
      if (!want[i].equals("*") && !want[i].equals(got[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * The permissions this call needs. params: the decoded form or query keys and values as sent
   * ("expand[0]" or "expand[]" for expansions). Throws for a path outside the table, so that a new
   * kind of call cannot go unlisted.
   */
  public static Set<Permission> needs(String method, String path, Map<String, ? extends Collection<String>> params) {
    String resource = resourceOf(path);
    if (resource == null) {
      throw new IllegalArgumentException("no restricted-key permission known for " + method + " " + path);
    }
    Set<Permission> needed = new TreeSet<>();
    needed.add(method.equalsIgnoreCase("GET") ? Permission.read(resource) : Permission.write(resource));
    params.forEach((key, values) -> {
      if (key.startsWith("expand[")) {
        for (String field : values) {
          String last = field.substring(field.lastIndexOf('.') + 1);
          String expanded = EXPANDED.get(last);
          if (expanded != null) {
            needed.add(Permission.read(expanded));
          }
        }
      } else if (key.startsWith("product_data[") && resource.equals(PRICES)) {
        needed.add(Permission.write(PRODUCTS));
      }
    });
    return collapse(needed);
  }

  /** Keeps the highest level per resource: Write includes Read on the Dashboard's form. */
  public static Set<Permission> collapse(Collection<Permission> permissions) {
    Map<String, Permission> best = new TreeMap<>();
    for (Permission p : permissions) {
      best.merge(p.resource(), p, (a, b) -> a.access().compareTo(b.access()) >= 0 ? a : b);
    }
    return new TreeSet<>(best.values());
  }
}
