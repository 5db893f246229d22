package dev.stripesetup.fake;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/** Tiny helpers so resource-building code reads like the Stripe JSON it produces. */
final class Json {
  /** Stripe sends explicit nulls (e.g. "customer": null), and stripe-java tolerates them, so keep them. */
  static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

  private Json() {}

  /** obj("id", "cus_1", "name", null, ...): alternating keys and values; null becomes JSON null. */
  static JsonObject obj(Object... kv) {
    JsonObject o = new JsonObject();
    for (int i = 0; i < kv.length; i += 2) {
      o.add((String) kv[i], el(kv[i + 1]));
    }
    return o;
  }

  static JsonElement el(Object v) {
    if (v == null) return JsonNull.INSTANCE;
    if (v instanceof JsonElement e) return e;
    if (v instanceof String s) return new JsonPrimitive(s);
    if (v instanceof Number n) return new JsonPrimitive(n);
    if (v instanceof Boolean b) return new JsonPrimitive(b);
    throw new IllegalArgumentException("not JSON-able: " + v.getClass());
  }

  /** String member, or null when missing or JSON null. */
  static String str(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() ? null : e.getAsString();
  }

  /** Stripe updates treat an empty string as "unset this field". */
  static JsonElement unsetIfEmpty(String s) {
    return el(s == null || s.isEmpty() ? null : s);
  }

  static long lng(JsonObject o, String key) {
    return o.get(key).getAsLong();
  }

  static boolean isTrue(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e != null && e.isJsonPrimitive() && e.getAsBoolean();
  }
}
