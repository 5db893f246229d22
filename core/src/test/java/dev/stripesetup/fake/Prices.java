package dev.stripesetup.fake;

import com.google.gson.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** /v1/prices and /v1/products. Prices are recurring (or one_time when no recurring[] is given). */
final class Prices {
  private static final Set<String> CREATE_PARAMS = Set.of("currency", "unit_amount", "recurring", "product",
      "product_data", "lookup_key", "nickname", "metadata", "transfer_lookup_key", "expand");
  private static final Set<String> UPDATE_PARAMS =
      Set.of("active", "metadata", "lookup_key", "nickname", "transfer_lookup_key", "expand");
  private static final Set<String> INTERVALS = Set.of("day", "week", "month", "year");
  private static final long MAX_AMOUNT = 99_999_999L;

  private final Store store;

  Prices(Store store) {
    this.store = store;
  }

  void register(Routes r) {
    r.add("POST", "/v1/prices", "price", this::create);
    r.add("GET", "/v1/prices", "list:price", this::list);
    r.add("GET", "/v1/prices/" + Routes.ID, "price", this::retrieve);
    r.add("POST", "/v1/prices/" + Routes.ID, "price", this::update);
    r.add("POST", "/v1/products", "product", this::createProduct);
    r.add("GET", "/v1/products", "list:product", this::listProducts);
    r.add("GET", "/v1/products/" + Routes.ID, "product", this::retrieveProduct);
    r.add("POST", "/v1/products/" + Routes.ID, "product", this::updateProduct);
    r.add("DELETE", "/v1/products/" + Routes.ID, "product", this::deleteProduct);
  }

  private Reply create(Routes.Call c) {
    FormParams p = c.params();
    p.allowOnly(CREATE_PARAMS);
    p.allowOnlyUnder(Set.of("interval", "interval_count", "usage_type"), "recurring");
    p.allowOnlyUnder(Set.of("name", "metadata"), "product_data");
    String currency = p.str("currency");
    if (currency == null) throw ApiError.missingParam("currency");
    if (!currency.matches("[a-z]{3}")) throw ApiError.invalid("Invalid currency: " + currency, "currency");
    Long amount = p.integer("unit_amount");
    if (amount == null) throw ApiError.missingParam("unit_amount");
    if (amount < 0) throw ApiError.invalid("Invalid non-negative integer", "unit_amount");
    if (amount > MAX_AMOUNT) {
      throw ApiError.invalid("This value must be less than or equal to " + MAX_AMOUNT
          + " (it currently is '" + amount + "').", "unit_amount");
    }
    JsonObject recurring = recurring(p);
    String productId = p.str("product");
    boolean hasProductData = p.has("product_data");
    if ((productId == null) == !hasProductData) {
      throw ApiError.invalid("You must specify either `product` or `product_data` when creating a price.",
          productId == null ? "product" : "product_data");
    }
    if (productId != null) store.require("product", "product", productId, "product");
    String lookupKey = p.str("lookup_key");
    claimLookupKey(lookupKey, null, Boolean.TRUE.equals(p.bool("transfer_lookup_key")));
    if (hasProductData) {
      String name = p.str("product_data", "name");
      if (name == null) throw ApiError.missingParam("product_data[name]");
      productId = newProduct(name, null, Store.metadataOf(p, "product_data", "metadata"), c.livemode());
    }
    JsonObject price = Json.obj("id", Store.randomId("price_"), "object", "price", "active", true,
        "currency", currency, "unit_amount", amount, "unit_amount_decimal", String.valueOf(amount),
        "type", recurring == null ? "one_time" : "recurring", "recurring", recurring,
        "billing_scheme", "per_unit", "product", productId, "lookup_key", lookupKey,
        "nickname", p.str("nickname"), "metadata", Store.metadataOf(p, "metadata"),
        "created", Store.now(), "livemode", c.livemode());
    store.put(price);
    return Reply.ok(store.expand(store.render(price), p.expand()));
  }

  private static JsonObject recurring(FormParams p) {
    if (!p.has("recurring")) return null;
    String interval = p.str("recurring", "interval");
    if (interval == null) throw ApiError.missingParam("recurring[interval]");
    if (!INTERVALS.contains(interval)) {
      throw ApiError.invalid("Invalid recurring[interval]: must be one of day, month, week, or year",
          "recurring[interval]");
    }
    Long count = p.integer("recurring", "interval_count");
    if (count != null && count < 1) throw ApiError.invalid("Invalid positive integer", "recurring[interval_count]");
    return Json.obj("interval", interval, "interval_count", count == null ? 1 : count,
        "usage_type", "licensed", "meter", null, "trial_period_days", null);
  }

  /** Lookup keys are unique among active prices; transfer_lookup_key moves one instead of failing. */
  private void claimLookupKey(String key, String forPriceId, boolean transfer) {
    if (key == null || key.isEmpty()) return;
    for (JsonObject other : store.all("price", false)) {
      if (key.equals(Json.str(other, "lookup_key")) && Json.isTrue(other, "active")
          && !Json.str(other, "id").equals(forPriceId)) {
        if (!transfer) {
          throw ApiError.invalid("A price (" + Json.str(other, "id") + ") already uses that lookup key.",
              "lookup_key");
        }
        other.add("lookup_key", Json.el(null));
      }
    }
  }

  private Reply list(Routes.Call c) {
    FormParams p = c.params();
    Set<String> lookupKeys = new HashSet<>(p.strings("lookup_keys"));
    Boolean active = p.bool("active");
    String product = p.str("product");
    String type = p.str("type");
    String currency = p.str("currency");
    return Reply.ok(store.page("/v1/prices", store.all("price", false), price ->
        (lookupKeys.isEmpty() || lookupKeys.contains(Json.str(price, "lookup_key")))
            && (active == null || active == Json.isTrue(price, "active"))
            && (product == null || product.equals(Json.str(price, "product")))
            && (type == null || type.equals(Json.str(price, "type")))
            && (currency == null || currency.equals(Json.str(price, "currency"))),
        p));
  }

  private Reply retrieve(Routes.Call c) {
    JsonObject price = store.require("price", "price", c.id(), "id");
    return Reply.ok(store.expand(store.render(price), c.params().expand()));
  }

  private Reply update(Routes.Call c) {
    FormParams p = c.params();
    JsonObject price = store.require("price", "price", c.id(), "id");
    p.allowOnly(UPDATE_PARAMS);
    Boolean active = p.bool("active");
    if (p.has("lookup_key")) {
      String key = p.str("lookup_key");
      claimLookupKey(key, c.id(), Boolean.TRUE.equals(p.bool("transfer_lookup_key")));
      price.add("lookup_key", Json.unsetIfEmpty(key));
    }
    if (active != null) price.addProperty("active", active);
    if (p.has("nickname")) price.add("nickname", Json.unsetIfEmpty(p.str("nickname")));
    Store.applyMetadata(price, p, "metadata");
    return Reply.ok(store.expand(store.render(price), p.expand()));
  }

  private String newProduct(String name, String description, JsonObject metadata, boolean livemode) {
    long now = Store.now();
    JsonObject product = Json.obj("id", Store.randomId("prod_"), "object", "product", "active", true,
        "name", name, "description", description, "metadata", metadata, "default_price", null,
        "created", now, "updated", now, "livemode", livemode);
    store.put(product);
    return Json.str(product, "id");
  }

  private Reply createProduct(Routes.Call c) {
    FormParams p = c.params();
    p.allowOnly(Set.of("name", "description", "active", "metadata", "expand"));
    String name = p.str("name");
    if (name == null) throw ApiError.missingParam("name");
    JsonObject product = store.find(newProduct(name, p.str("description"), Store.metadataOf(p, "metadata"),
        c.livemode()));
    if (Boolean.FALSE.equals(p.bool("active"))) product.addProperty("active", false);
    return Reply.ok(store.expand(store.render(product), p.expand()));
  }

  private Reply listProducts(Routes.Call c) {
    Boolean active = c.params().bool("active");
    return Reply.ok(store.page("/v1/products", store.all("product", false),
        prod -> active == null || active == Json.isTrue(prod, "active"), c.params()));
  }

  private Reply retrieveProduct(Routes.Call c) {
    return Reply.ok(store.expand(store.render(store.require("product", "product", c.id(), "id")),
        c.params().expand()));
  }

  private Reply updateProduct(Routes.Call c) {
    FormParams p = c.params();
    JsonObject product = store.require("product", "product", c.id(), "id");
    p.allowOnly(Set.of("name", "description", "active", "metadata", "expand"));
    Boolean active = p.bool("active");
    if (active != null) product.addProperty("active", active);
    if (p.has("name")) {
      if (p.str("name").isEmpty()) throw ApiError.invalid("You passed an empty string for 'name'.", "name");
      product.addProperty("name", p.str("name"));
    }
    if (p.has("description")) product.add("description", Json.unsetIfEmpty(p.str("description")));
    Store.applyMetadata(product, p, "metadata");
    product.addProperty("updated", Store.now());
    return Reply.ok(store.expand(store.render(product), p.expand()));
  }

  private Reply deleteProduct(Routes.Call c) {
    store.require("product", "product", c.id(), "id");
    List<JsonObject> prices = store.all("price", false);
    if (prices.stream().anyMatch(pr -> c.id().equals(Json.str(pr, "product")))) {
      throw ApiError.invalid("This product cannot be deleted because it has one or more user-created prices.", null);
    }
    store.remove(c.id());
    return Reply.ok(Json.obj("id", c.id(), "object", "product", "deleted", true));
  }
}
