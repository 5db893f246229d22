package dev.stripesetup.fake;

import com.google.gson.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * /v1/checkout/sessions in subscription mode: create, retrieve, list, expire, with the rules Stripe's
 * API reference gives for them (line items with a recurring price, success_url unless embedded,
 * expires_at 30 minutes to 24 hours ahead, only an open session can be expired). {@link #complete}
 * is the test-only stand-in for a customer paying on the hosted page: it creates the card, attaches
 * it, creates the subscription through the real endpoints, and marks the session complete.
 */
final class CheckoutSessions {
  private static final Set<String> CREATE_PARAMS = Set.of("mode", "customer", "line_items", "success_url",
      "cancel_url", "expires_at", "metadata", "subscription_data", "client_reference_id", "expand",
      "payment_method_collection", "saved_payment_method_options", "ui_mode", "customer_update", "locale",
      "discounts", "allow_promotion_codes");
  private static final Set<String> STATUSES = Set.of("open", "complete", "expired");
  private static final long MIN_EXPIRY = 30 * 60;
  private static final long MAX_EXPIRY = 24 * 60 * 60;

  private final Store store;
  private final Routes routes;
  private final Coupons coupons;

  CheckoutSessions(Store store, Routes routes, Coupons coupons) {
    this.coupons = coupons;
    this.store = store;
    this.routes = routes;
  }

  void register(Routes r) {
    r.add("POST", "/v1/checkout/sessions", "checkout.session", this::create);
    r.add("GET", "/v1/checkout/sessions", "list:checkout.session", this::list);
    r.add("GET", "/v1/checkout/sessions/" + Routes.ID, "checkout.session", this::retrieve);
    r.add("POST", "/v1/checkout/sessions/" + Routes.ID + "/expire", "checkout.session", this::expire);
  }

  private Reply create(Routes.Call c) {
    FormParams p = c.params();
    p.allowOnly(CREATE_PARAMS);
    String mode = p.str("mode");
    if (mode == null) throw ApiError.missingParam("mode");
    if (!mode.equals("subscription")) throw ApiError.invalid("Only mode=subscription is modelled here", "mode");
    String ui = p.str("ui_mode");
    boolean embedded = ui != null && !ui.equals("hosted");
    String successUrl = p.str("success_url");
    if (!embedded && (successUrl == null || successUrl.isEmpty())) throw ApiError.missingParam("success_url");
    if (successUrl != null && !(successUrl.startsWith("https://") || successUrl.startsWith("http://"))) {
      throw ApiError.invalid("Not a valid URL", "success_url");
    }
    String customerId = p.str("customer");
    if (customerId != null) store.require("customer", "customer", customerId, "customer");
    List<Object> items = p.list("line_items");
    if (items.isEmpty()) {
      throw ApiError.invalid("line_items is required in subscription mode", "line_items");
    }
    String priceId = null;
    for (int i = 0; i < items.size(); i++) {
      String idx = String.valueOf(i);
      p.allowOnlyUnder(Set.of("price", "quantity"), "line_items", idx);
      String param = "line_items[" + i + "][price]";
      String id = p.str("line_items", idx, "price");
      if (id == null) throw ApiError.missingParam(param);
      JsonObject price = store.require("price", "price", id, param);
      if (!Json.isTrue(price, "active")) throw ApiError.invalid("The price specified is inactive.", param);
      if (!"recurring".equals(Json.str(price, "type"))) {
        throw ApiError.invalid("You must provide at least one recurring price in `subscription` mode when using prices.", param);
      }
      Long q = p.integer("line_items", idx, "quantity");
      if (q == null) throw ApiError.missingParam("line_items[" + i + "][quantity]");
      if (i == 0) priceId = id;
    }
    p.allowOnlyUnder(Set.of("metadata", "description", "trial_period_days"), "subscription_data");
    coupons.discountCoupons(p);
    Boolean allowCodes = p.bool("allow_promotion_codes");
    if (Boolean.TRUE.equals(allowCodes) && !p.list("discounts").isEmpty()) {
      throw ApiError.invalid("You may only specify one of these parameters: allow_promotion_codes, discounts.",
          "allow_promotion_codes");
    }
    long now = Store.now();
    Long expiresAt = p.integer("expires_at");
    if (expiresAt != null && (expiresAt < now + MIN_EXPIRY - 5 || expiresAt > now + MAX_EXPIRY + 5)) {
      throw ApiError.invalid("The `expires_at` timestamp must be between 30 minutes and 24 hours from the "
          + "Checkout Session's creation.", "expires_at");
    }
    String id = "cs_test_" + Store.randomId("").substring(0, 14);
    JsonObject session = Json.obj("id", id, "object", "checkout.session", "mode", mode, "status", "open",
        "payment_status", "unpaid", "customer", customerId, "subscription", null,
        "url", "https://checkout.stripe.com/c/pay/" + id, "success_url", successUrl,
        "cancel_url", p.str("cancel_url"), "client_reference_id", p.str("client_reference_id"),
        "expires_at", expiresAt != null ? expiresAt : now + MAX_EXPIRY, "created", now,
        "metadata", Store.metadataOf(p, "metadata"), "livemode", c.livemode(),
        "allow_promotion_codes", allowCodes);
    // Not part of Stripe's JSON shape: what the subscription will be made of on completion.
    session.add("_price", Json.el(priceId));
    session.add("_subscription_data", Json.obj("metadata", Store.metadataOf(p, "subscription_data", "metadata"),
        "description", p.str("subscription_data", "description"),
        "trial_period_days", p.str("subscription_data", "trial_period_days"),
        "coupon", p.str("discounts", "0", "coupon"), "promotion_code", p.str("discounts", "0", "promotion_code")));
    store.put(session);
    return Reply.ok(show(session, p.expand()));
  }

  private Reply list(Routes.Call c) {
    FormParams p = c.params();
    String customer = p.str("customer");
    String status = p.str("status");
    String subscription = p.str("subscription");
    if (status != null && !STATUSES.contains(status)) throw ApiError.invalid("Invalid status: " + status, "status");
    store.all("checkout.session", false).forEach(o -> session(Json.str(o, "id"))); // expiry, as on read
    JsonObject page = store.page("/v1/checkout/sessions", store.all("checkout.session", false), s ->
        (customer == null || customer.equals(Json.str(s, "customer")))
            && (status == null || status.equals(Json.str(s, "status")))
            && (subscription == null || subscription.equals(Json.str(s, "subscription"))), p);
    page.getAsJsonArray("data").forEach(e -> strip(e.getAsJsonObject()));
    return Reply.ok(page);
  }

  private Reply retrieve(Routes.Call c) {
    return Reply.ok(show(session(c.id()), c.params().expand()));
  }

  private Reply expire(Routes.Call c) {
    JsonObject s = session(c.id());
    if (!"open".equals(Json.str(s, "status"))) {
      throw ApiError.invalid("Only Checkout Sessions with a status of `open` can be expired.", null);
    }
    s.addProperty("status", "expired");
    s.add("url", Json.el(null));
    return Reply.ok(show(s, c.params().expand()));
  }

  /** Sessions whose expires_at has passed are expired, as Stripe's own sweep would have made them. */
  private JsonObject session(String id) {
    JsonObject s = store.require("checkout.session", "checkout.session", id, "session");
    if ("open".equals(Json.str(s, "status")) && Json.lng(s, "expires_at") < Store.now()) {
      expireNow(id);
    }
    return s;
  }

  void expireNow(String id) {
    JsonObject s = store.require("checkout.session", "checkout.session", id, "session");
    s.addProperty("status", "expired");
    s.add("url", Json.el(null));
  }

  /**
   * The customer pays on the hosted page with this test token: a card is created and attached, the
   * subscription is created with it, and the session becomes complete. Returns the subscription ID.
   */
  String complete(String id, String token, boolean livemode) {
    JsonObject s = session(id);
    if (!"open".equals(Json.str(s, "status"))) {
      throw new IllegalStateException("session " + id + " is " + Json.str(s, "status") + ", not open");
    }
    String customer = Json.str(s, "customer");
    JsonObject pm = call("POST", "/v1/payment_methods", livemode, "type=card&card[token]=" + token);
    String pmId = Json.str(pm, "id");
    call("POST", "/v1/payment_methods/" + pmId + "/attach", livemode, "customer=" + customer);
    JsonObject data = s.getAsJsonObject("_subscription_data");
    StringBuilder form = new StringBuilder("customer=" + customer + "&items[0][price]=" + Json.str(s, "_price")
        + "&default_payment_method=" + pmId);
    for (var e : data.getAsJsonObject("metadata").entrySet()) {
      form.append("&metadata[").append(enc(e.getKey())).append("]=").append(enc(e.getValue().getAsString()));
    }
    if (Json.str(data, "description") != null) form.append("&description=").append(enc(Json.str(data, "description")));
    if (Json.str(data, "trial_period_days") != null) {
      form.append("&trial_period_days=").append(Json.str(data, "trial_period_days"));
    }
    if (Json.str(data, "coupon") != null) form.append("&discounts[0][coupon]=").append(enc(Json.str(data, "coupon")));
    if (Json.str(data, "promotion_code") != null) {
      form.append("&discounts[0][promotion_code]=").append(enc(Json.str(data, "promotion_code")));
    }
    JsonObject sub = call("POST", "/v1/subscriptions", livemode, form.toString());
    s.addProperty("status", "complete");
    s.addProperty("payment_status", "paid");
    s.addProperty("subscription", Json.str(sub, "id"));
    s.add("url", Json.el(null));
    return Json.str(sub, "id");
  }

  private JsonObject call(String method, String path, boolean livemode, String form) {
    Routes.Match m = routes.find(method, path);
    Reply r = m.endpoint().handle(new Routes.Call(method, path, m.ids(), FormParams.parse(form), livemode));
    return (JsonObject) r.body();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private JsonObject show(JsonObject session, List<String> expand) {
    return store.expand(strip(store.render(session)), expand);
  }

  private static JsonObject strip(JsonObject rendered) {
    rendered.remove("_price");
    rendered.remove("_subscription_data");
    return rendered;
  }
}
