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
    return Reply.ok(store.page("/v1/customers", store.all("customer", false),
        cus -> (email == null || email.equals(Json.str(cus, "email"))) && TestClocks.listed(cus, clock), c.params()));
  }

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
