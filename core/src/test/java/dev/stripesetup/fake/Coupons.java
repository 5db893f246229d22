package dev.stripesetup.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Set;

/**
 * /v1/coupons and /v1/promotion_codes, and the {@code discounts[]} parameter of subscriptions and
 * Checkout sessions. A coupon is percent_off or amount_off+currency, with a duration of once,
 * repeating (duration_in_months) or forever; a promotion code is a customer-facing code for one
 * coupon (API 2025-09-30 and later: {@code promotion[type]=coupon}, {@code promotion[coupon]}).
 */
final class Coupons {
  private static final Set<String> COUPON_PARAMS = Set.of("id", "percent_off", "amount_off", "currency", "duration",
      "duration_in_months", "name", "max_redemptions", "redeem_by", "metadata", "expand");
  private static final Set<String> CODE_PARAMS = Set.of("promotion", "code", "active", "max_redemptions", "expires_at",
      "customer", "metadata", "expand");
  private static final Set<String> DURATIONS = Set.of("once", "repeating", "forever");

  private final Store store;

  Coupons(Store store) {
    this.store = store;
  }

  void register(Routes r) {
    r.add("POST", "/v1/coupons", "coupon", this::createCoupon);
    r.add("GET", "/v1/coupons", "list:coupon", c -> Reply.ok(store.page("/v1/coupons", store.all("coupon", false),
        x -> true, c.params())));
    r.add("GET", "/v1/coupons/" + Routes.ID, "coupon", c -> Reply.ok(store.expand(
        store.render(store.require("coupon", "coupon", c.id(), "id")), c.params().expand())));
    r.add("DELETE", "/v1/coupons/" + Routes.ID, "coupon", this::deleteCoupon);
    r.add("POST", "/v1/promotion_codes", "promotion_code", this::createCode);
    r.add("GET", "/v1/promotion_codes", "list:promotion_code", this::listCodes);
    r.add("GET", "/v1/promotion_codes/" + Routes.ID, "promotion_code", c -> Reply.ok(store.expand(
        store.render(store.require("promotion_code", "promotion code", c.id(), "id")), c.params().expand())));
    r.add("POST", "/v1/promotion_codes/" + Routes.ID, "promotion_code", this::updateCode);
  }

  private Reply createCoupon(Routes.Call c) {
    FormParams p = c.params();
    p.allowOnly(COUPON_PARAMS);
    String id = p.str("id") != null ? p.str("id") : Store.randomId("");
    if (store.find(id) != null) throw ApiError.invalid("resource_already_exists", "Coupon already exists.", "id");
    String pct = p.str("percent_off");
    Long amountOff = p.integer("amount_off");
    if ((pct == null) == (amountOff == null)) {
      throw ApiError.invalid("You must pass exactly one of percent_off or amount_off.", "percent_off");
    }
    BigDecimal percent = pct == null ? null : new BigDecimal(pct);
    if (percent != null && (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0)) {
      throw ApiError.invalid("percent_off must be greater than 0 and at most 100.", "percent_off");
    }
    String currency = p.str("currency");
    if (amountOff != null && currency == null) throw ApiError.missingParam("currency");
    String duration = p.str("duration") == null ? "once" : p.str("duration");
    if (!DURATIONS.contains(duration)) throw ApiError.invalid("Invalid duration: " + duration, "duration");
    Long months = p.integer("duration_in_months");
    if (duration.equals("repeating") != (months != null)) {
      throw ApiError.invalid("duration_in_months is required with, and only with, duration=repeating",
          "duration_in_months");
    }
    JsonObject coupon = Json.obj("id", id, "object", "coupon", "percent_off", percent, "amount_off", amountOff,
        "currency", currency, "duration", duration, "duration_in_months", months, "name", p.str("name"),
        "max_redemptions", p.integer("max_redemptions"), "redeem_by", p.integer("redeem_by"), "times_redeemed", 0,
        "valid", true, "metadata", Store.metadataOf(p, "metadata"), "created", Store.now(),
        "livemode", c.livemode());
    store.put(coupon);
    return Reply.ok(store.render(coupon));
  }

  private Reply deleteCoupon(Routes.Call c) {
    store.require("coupon", "coupon", c.id(), "id");
    store.remove(c.id());
    return Reply.ok(Json.obj("id", c.id(), "object", "coupon", "deleted", true));
  }

  private Reply createCode(Routes.Call c) {
    FormParams p = c.params();
    p.allowOnly(CODE_PARAMS);
    p.allowOnlyUnder(Set.of("type", "coupon"), "promotion");
    String couponId = p.str("promotion", "coupon");
    if (couponId == null) throw ApiError.missingParam("promotion[coupon]");
    store.require("coupon", "coupon", couponId, "promotion[coupon]");
    String code = p.str("code") != null ? p.str("code") : Store.randomId("").toUpperCase();
    boolean taken = store.all("promotion_code", false).stream()
        .anyMatch(o -> Json.isTrue(o, "active") && code.equalsIgnoreCase(Json.str(o, "code")));
    if (taken) throw ApiError.invalid("An active promotion code with `code: " + code + "` already exists.", "code");
    JsonObject promo = Json.obj("id", Store.randomId("promo_"), "object", "promotion_code", "code", code,
        "active", p.bool("active") == null || p.bool("active"),
        "promotion", Json.obj("type", "coupon", "coupon", couponId), "customer", p.str("customer"),
        "max_redemptions", p.integer("max_redemptions"), "expires_at", p.integer("expires_at"), "times_redeemed", 0,
        "metadata", Store.metadataOf(p, "metadata"), "created", Store.now(), "livemode", c.livemode());
    store.put(promo);
    return Reply.ok(store.render(promo));
  }

  private Reply updateCode(Routes.Call c) {
    FormParams p = c.params();
    p.allowOnly(Set.of("active", "metadata", "expand"));
    JsonObject promo = store.require("promotion_code", "promotion code", c.id(), "id");
    if (p.bool("active") != null) promo.addProperty("active", p.bool("active"));
    Store.applyMetadata(promo, p, "metadata");
    return Reply.ok(store.render(promo));
  }

  /** Stripe matches {@code code} case-insensitively. */
  private Reply listCodes(Routes.Call c) {
    FormParams p = c.params();
    String code = p.str("code");
    Boolean active = p.bool("active");
    String coupon = p.str("coupon");
    return Reply.ok(store.expand(store.page("/v1/promotion_codes", store.all("promotion_code", false), o ->
        (code == null || code.equalsIgnoreCase(Json.str(o, "code")))
            && (active == null || active == Json.isTrue(o, "active"))
            && (coupon == null || coupon.equals(Json.str(o.getAsJsonObject("promotion"), "coupon"))), p),
        p.expand()));
  }

  /**
   * The coupons of a create's {@code discounts[]} (each entry one of coupon, promotion_code): unknown
   * ones are resource_missing (400 on a create, as Stripe answers), an inactive code or invalid
   * coupon is refused. Empty when none are given.
   */
  List<JsonObject> discountCoupons(FormParams p) {
    List<Object> given = p.list("discounts");
    java.util.ArrayList<JsonObject> out = new java.util.ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      String idx = String.valueOf(i);
      p.allowOnlyUnder(Set.of("coupon", "promotion_code", "discount"), "discounts", idx);
      String couponId = p.str("discounts", idx, "coupon");
      String codeId = p.str("discounts", idx, "promotion_code");
      if ((couponId == null) == (codeId == null)) {
        throw ApiError.invalid("Each discount must have exactly one of coupon or promotion_code.", "discounts[" + i + "]");
      }
      if (codeId != null) {
        JsonObject promo = find("promotion_code", codeId);
        if (promo == null) {
          throw new ApiError(400, "invalid_request_error", "resource_missing", "No such promotion code: '" + codeId
              + "'", "discounts[" + i + "][promotion_code]", null);
        }
        if (!Json.isTrue(promo, "active")) {
          throw ApiError.invalid("This promotion code is not active.", "discounts[" + i + "][promotion_code]");
        }
        couponId = Json.str(promo.getAsJsonObject("promotion"), "coupon");
      }
      JsonObject coupon = find("coupon", couponId);
      if (coupon == null) {
        throw new ApiError(400, "invalid_request_error", "resource_missing", "No such coupon: '" + couponId + "'",
            "discounts[" + i + "][coupon]", null);
      }
      if (!Json.isTrue(coupon, "valid")) {
        throw ApiError.invalid("Coupon " + couponId + " is no longer valid.", "discounts[" + i + "][coupon]");
      }
      out.add(coupon);
    }
    return out;
  }

  /** Discount objects for the coupons, as a subscription lists them; counts a redemption each. */
  JsonArray apply(List<JsonObject> coupons, FormParams p, String subscription, String customer, long now) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < coupons.size(); i++) {
      JsonObject coupon = coupons.get(i);
      coupon.addProperty("times_redeemed", Json.lng(coupon, "times_redeemed") + 1);
      JsonObject d = Json.obj("id", Store.randomId("di_"), "object", "discount", "customer", customer,
          "subscription", subscription, "promotion_code", p.str("discounts", String.valueOf(i), "promotion_code"),
          "source", Json.obj("type", "coupon", "coupon", Json.str(coupon, "id")), "start", now,
          "end", end(coupon, now), "created", now);
      store.put(d);
      out.add(Json.str(d, "id"));
    }
    return out;
  }

  private static Long end(JsonObject coupon, long now) {
    return "repeating".equals(Json.str(coupon, "duration"))
        ? java.time.Instant.ofEpochSecond(now).atZone(java.time.ZoneOffset.UTC)
            .plusMonths(Json.lng(coupon, "duration_in_months")).toEpochSecond()
        : null;
  }

  /** The amount after the coupons, never below zero (percent rounds half up, like Stripe). */
  static long discounted(long amount, String currency, List<JsonObject> coupons) {
    long out = amount;
    for (JsonObject coupon : coupons) {
      if (coupon.has("percent_off") && !coupon.get("percent_off").isJsonNull()) {
        BigDecimal off = BigDecimal.valueOf(out).multiply(coupon.get("percent_off").getAsBigDecimal())
            .divide(BigDecimal.valueOf(100), 0, RoundingMode.HALF_UP);
        out -= off.longValue();
      } else if (currency.equalsIgnoreCase(Json.str(coupon, "currency"))) {
        out -= Json.lng(coupon, "amount_off");
      }
    }
    return Math.max(0, out);
  }

  private JsonObject find(String type, String id) {
    JsonObject o = store.find(id);
    return o == null || !type.equals(Json.str(o, "object")) || Json.isTrue(o, "deleted") ? null : o;
  }
}
