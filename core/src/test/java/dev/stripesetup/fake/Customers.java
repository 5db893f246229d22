package dev.stripesetup.fake;

import com.google.gson.JsonObject;
import java.util.Set;

/** /v1/customers: create, list (email filter), retrieve, update, delete (cascades to subscriptions). */
final class Customers {
  private static final Set<String> CREATE_PARAMS =
      Set.of("name", "email", "description", "metadata", "payment_method", "invoice_settings", "expand",
          "test_clock");
  private static final Set<String> UPDATE_PARAMS =
      Set.of("name", "email", "description", "metadata", "invoice_settings", "expand");

  private final Store store;
  private final PaymentMethods paymentMethods;

  Customers(Store store, PaymentMethods paymentMethods) {
    this.store = store;
    this.paymentMethods = paymentMethods;
  }

  void register(Routes r) {
    r.add("POST", "/v1/customers", "customer", this::create);
    r.add("GET", "/v1/customers", "list:customer", this::list);
    // Before the ID route, which would otherwise take "search" for a customer ID.
    r.add("GET", "/v1/customers/search", "list:customer", this::search);
    r.add("GET", "/v1/customers/" + Routes.ID, "customer", this::retrieve);
    r.add("POST", "/v1/customers/" + Routes.ID, "customer", this::update);
    r.add("DELETE", "/v1/customers/" + Routes.ID, "customer", this::delete);
  }

  private Reply create(Routes.Call c) {
    FormParams p = c.params();
    p.allowOnly(CREATE_PARAMS);
    p.allowOnlyUnder(Set.of("default_payment_method"), "invoice_settings");
    String id = Store.randomId("cus_");
    String pmParam = p.str("payment_method");
    String dpm = p.str("invoice_settings", "default_payment_method");
    if (dpm != null && dpm.isEmpty()) dpm = null;
    // A brand-new customer can only have the payment_method passed alongside as its default.
    if (dpm != null && !dpm.equals(pmParam)) {
      paymentMethods.requireAttached(dpm, id, "invoice_settings[default_payment_method]");
    }
    JsonObject cus = Json.obj("id", id, "object", "customer", "name", p.str("name"), "email", p.str("email"),
        "description", p.str("description"), "metadata", Store.metadataOf(p, "metadata"),
        "created", Store.now(), "livemode", c.livemode(),
        "invoice_settings", Json.obj("default_payment_method", null));
    TestClocks.placeOnClock(store, cus, p.str("test_clock"));
    store.put(cus);
    writtenAt.put(id, System.currentTimeMillis());
    if (pmParam != null) {
      try {
        // A magic id (pm_card_visa) attaches as a fresh clone, so the default must use the clone's id.
        String attached = Json.str(paymentMethods.attach(pmParam, id, c.livemode(), "payment_method"), "id");
        if (dpm != null) cus.getAsJsonObject("invoice_settings").addProperty("default_payment_method", attached);
      } catch (ApiError e) {
        store.remove(id); // attach validates before changing anything, so only the customer needs undoing
        throw e;
      }
    }
    return Reply.ok(store.expand(store.render(cus), p.expand()));
  }

  private Reply list(Routes.Call c) {
    String email = c.params().str("email"); // exact and case-sensitive, like Stripe's list filter
    String clock = c.params().str("test_clock");
    // created[gte]: customers created at or after (seconds), as Stripe's list filter.
    String gte = c.params().str("created", "gte");
    long from = gte == null ? Long.MIN_VALUE : Long.parseLong(gte);
    return Reply.ok(store.page("/v1/customers", store.all("customer", false),
        cus -> (email == null || email.equals(Json.str(cus, "email"))) && TestClocks.listed(cus, clock)
            && cus.get("created").getAsLong() >= from, c.params()));
  }

  /**
   * Stripe's Search API for {@code email:"..."} (OR-ed clauses too): case-insensitive, and eventually
   * consistent: a customer created or changed less than {@link #searchLagMillis} ago is not found yet.
   * With search off it answers as a server without the endpoint does (404, unrecognized URL).
   */
  private Reply search(Routes.Call c) {
    if (!searchEnabled) {
      throw new ApiError(404, "invalid_request_error", null, "Unrecognized request URL (GET: /v1/customers/search).",
          null, null);
    }
    String query = c.params().str("query");
    if (query == null) throw ApiError.missingParam("query");
    java.util.List<String> emails = new java.util.ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("email:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(query);
    while (m.find()) emails.add(m.group(1).replaceAll("\\\\(.)", "$1").toLowerCase(java.util.Locale.ROOT));
    if (emails.isEmpty()) throw ApiError.invalid("Only email:\"...\" queries are modelled here", "query");
    long visibleBefore = System.currentTimeMillis() - searchLagMillis;
    java.util.List<JsonObject> hits = store.all("customer", false).stream()
        .filter(cus -> Json.str(cus, "email") != null
            && emails.contains(Json.str(cus, "email").toLowerCase(java.util.Locale.ROOT)))
        .filter(cus -> writtenAt.getOrDefault(Json.str(cus, "id"), 0L) <= visibleBefore)
        .toList();
    // Search pages by an opaque next_page token (here: the last ID of the page before), not starting_after.
    String after = c.params().str("page");
    if (after != null && !after.isEmpty()) {
      java.util.List<JsonObject> newestFirst = new java.util.ArrayList<>(hits);
      java.util.Collections.reverse(newestFirst);
      int at = newestFirst.stream().map(h -> Json.str(h, "id")).toList().indexOf(after);
      java.util.List<JsonObject> rest = new java.util.ArrayList<>(newestFirst.subList(at + 1, newestFirst.size()));
      java.util.Collections.reverse(rest);
      hits = rest;
    }
    JsonObject page = store.page("/v1/customers/search", hits, cus -> true, c.params());
    page.addProperty("object", "search_result");
    com.google.gson.JsonArray data = page.getAsJsonArray("data");
    boolean more = page.get("has_more").getAsBoolean() && data.size() > 0;
    page.add("next_page", more ? Json.el(Json.str(data.get(data.size() - 1).getAsJsonObject(), "id"))
        : com.google.gson.JsonNull.INSTANCE);
    return Reply.ok(page);
  }

  /** When each customer was last written, for the search lag. */
  private final java.util.Map<String, Long> writtenAt = new java.util.concurrent.ConcurrentHashMap<>();
  volatile long searchLagMillis;
  volatile boolean searchEnabled = true;

  private Reply retrieve(Routes.Call c) {
    JsonObject cus = store.find(c.id());
    if (cus == null || !"customer".equals(Json.str(cus, "object"))) throw ApiError.missing("customer", c.id(), "id");
    if (Json.isTrue(cus, "deleted")) return Reply.ok(store.render(cus));
    return Reply.ok(store.expand(store.render(cus), c.params().expand()));
  }

  private Reply update(Routes.Call c) {
    FormParams p = c.params();
    JsonObject cus = store.require("customer", "customer", c.id(), "id");
    p.allowOnly(UPDATE_PARAMS);
    p.allowOnlyUnder(Set.of("default_payment_method"), "invoice_settings");
    String dpm = p.str("invoice_settings", "default_payment_method");
    if (dpm != null && !dpm.isEmpty()) {
      paymentMethods.requireAttached(dpm, c.id(), "invoice_settings[default_payment_method]");
    }
    for (String field : new String[] {"name", "email", "description"}) {
      if (p.has(field)) {
        cus.add(field, Json.unsetIfEmpty(p.str(field)));
      }
    }
    if (dpm != null) cus.getAsJsonObject("invoice_settings").add("default_payment_method", Json.unsetIfEmpty(dpm));
    Store.applyMetadata(cus, p, "metadata");
    writtenAt.put(c.id(), System.currentTimeMillis());
    return Reply.ok(store.expand(store.render(cus), p.expand()));
  }

  /** Deleting a customer cancels its subscriptions and detaches its payment methods, as Stripe does. */
  private Reply delete(Routes.Call c) {
    JsonObject cus = store.require("customer", "customer", c.id(), "id");
    deleteCustomer(cus, TestClocks.now(store, cus));
    return Reply.ok(store.render(cus));
  }

  /** Also used when a test clock is deleted with its customers. */
  void deleteCustomer(JsonObject cus, long now) {
    String id = Json.str(cus, "id");
    for (JsonObject sub : store.all("subscription", false)) {
      if (id.equals(Json.str(sub, "customer")) && !"canceled".equals(Json.str(sub, "status"))) {
        Subscriptions.markCanceled(sub, now);
      }
    }
    for (JsonObject pm : store.all("payment_method", false)) {
      if (id.equals(Json.str(pm, "customer"))) paymentMethods.detachFrom(pm);
    }
    cus.addProperty("deleted", true);
  }
}
