package dev.stripesetup.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * All Stripe objects, keyed by id, stored in their API JSON shape (references as id strings).
 * Not thread-safe by itself: the router runs every endpoint while holding this object's monitor,
 * which keeps multi-object operations (subscription + invoice + payment intent) atomic.
 */
final class Store {
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Insertion order = creation order, which list endpoints reverse into Stripe's newest-first. */
  private final Map<String, JsonObject> objects = new LinkedHashMap<>();
  /** How each stored payment method's card behaves when attached or charged (not part of its JSON). */
  final Map<String, PaymentMethods.Card> cards = new HashMap<>();

  static String randomId(String prefix) {
    StringBuilder sb = new StringBuilder(prefix);
    for (int i = 0; i < 14; i++) sb.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
    return sb.toString();
  }

  static long now() {
    return System.currentTimeMillis() / 1000;
  }

  void put(JsonObject o) {
    objects.put(Json.str(o, "id"), o);
  }

  void remove(String id) {
    objects.remove(id);
  }

  /** The live stored object (callers may mutate it), or null. */
  JsonObject find(String id) {
    return id == null ? null : objects.get(id);
  }

  /** Stored object of the given type, or 404 "No such <noun>: '<id>'" with the given param. */
  JsonObject require(String type, String noun, String id, String param) {
    JsonObject o = find(id);
    if (o == null || !type.equals(Json.str(o, "object")) || Json.isTrue(o, "deleted")) {
      throw ApiError.missing(noun, id, param);
    }
    return o;
  }

  /** Live stored objects of a type, oldest first. */
  List<JsonObject> all(String type, boolean includeDeleted) {
    return objects.values().stream()
        .filter(o -> type.equals(Json.str(o, "object")))
        .filter(o -> includeDeleted || !Json.isTrue(o, "deleted"))
        .collect(Collectors.toList());
  }

  /** What the API shows for an object: a copy, or the {id, object, deleted:true} stub for deleted ones. */
  JsonObject render(JsonObject o) {
    if (Json.isTrue(o, "deleted")) {
      return Json.obj("id", Json.str(o, "id"), "object", Json.str(o, "object"), "deleted", true);
    }
    return o.deepCopy();
  }

  /**
   * A Stripe list page: newest first, limit 1..100 (default 10), starting_after / ending_before ids.
   * Expansion paths like data.product apply to the whole page.
   */
  JsonObject page(String url, List<JsonObject> oldestFirst, Predicate<JsonObject> filter, FormParams p) {
    List<JsonObject> items = new ArrayList<>(oldestFirst);
    Collections.reverse(items);
    items.removeIf(filter.negate());
    Long limitParam = p.integer("limit");
    int limit = limitParam == null ? 10 : limitParam.intValue();
    if (limit < 1 || limit > 100) {
      throw ApiError.invalid("This value must be greater than or equal to 1 and less than or equal to 100.", "limit");
    }
    int from = 0;
    int to = items.size();
    String after = p.str("starting_after");
    String before = p.str("ending_before");
    if (after != null && !after.isEmpty()) {
      from = indexOf(items, after, "starting_after") + 1;
    } else if (before != null && !before.isEmpty()) {
      to = indexOf(items, before, "ending_before");
      from = Math.max(0, to - limit);
    }
    List<JsonObject> slice = items.subList(from, Math.min(to, from + limit));
    JsonArray data = new JsonArray();
    slice.forEach(o -> data.add(render(o)));
    boolean hasMore = (before != null && !before.isEmpty()) ? from > 0 : from + slice.size() < to;
    JsonObject list = Json.obj("object", "list", "url", url, "has_more", hasMore, "data", data);
    return expand(list, p.expand());
  }

  private static int indexOf(List<JsonObject> items, String id, String param) {
    for (int i = 0; i < items.size(); i++) if (id.equals(Json.str(items.get(i), "id"))) return i;
    throw ApiError.invalid("resource_missing", "No such object: '" + id + "'", param);
  }

  /** Applies expand[] paths (dotted, through lists' data arrays) to an already-rendered object. */
  JsonObject expand(JsonObject rendered, List<String> paths) {
    for (String path : paths) expandIn(rendered, path.split("\\."), 0);
    return rendered;
  }

  private void expandIn(JsonElement el, String[] segs, int i) {
    if (el == null || el.isJsonNull()) return;
    if (el.isJsonArray()) {
      for (JsonElement e : el.getAsJsonArray()) expandIn(e, segs, i);
      return;
    }
    if (!el.isJsonObject()) return;
    JsonObject obj = el.getAsJsonObject();
    String field = segs[i];
    if (!obj.has(field)) {
      JsonElement included = includable(obj, field); // paths were validated up front by Expansions.check
      if (included == null) return;
      obj.add(field, included);
    }
    JsonElement value = obj.get(field);
    if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
      JsonObject target = find(value.getAsString());
      if (target != null) {
        value = render(target);
        obj.add(field, value);
      }
    }
    if (i + 1 < segs.length) expandIn(value, segs, i + 1);
  }

  /** Fields Stripe only includes on request; invoice.payments is the one the subscription flow needs. */
  private JsonElement includable(JsonObject obj, String field) {
    if ("invoice".equals(Json.str(obj, "object")) && field.equals("payments")) {
      String invoiceId = Json.str(obj, "id");
      JsonArray data = new JsonArray();
      for (JsonObject ip : all("invoice_payment", false)) {
        if (invoiceId.equals(Json.str(ip, "invoice"))) data.add(render(ip));
      }
      return Json.obj("object", "list", "url", "/v1/invoice_payments?invoice=" + invoiceId,
          "has_more", false, "data", data);
    }
    return null;
  }

  /**
   * Stripe metadata semantics: metadata[k]=v sets, metadata[k]= removes a key, metadata= clears all.
   * Values must be strings.
   */
  static void applyMetadata(JsonObject target, FormParams p, String... path) {
    Object node = p.node(path);
    if (node == null) return;
    if (!target.has("metadata") || target.get("metadata").isJsonNull()) target.add("metadata", new JsonObject());
    JsonObject md = target.getAsJsonObject("metadata");
    if (node instanceof String s) {
      if (!s.isEmpty()) throw ApiError.invalid("Invalid object", FormParams.name(path));
      target.add("metadata", new JsonObject());
      return;
    }
    for (Map.Entry<?, ?> e : ((Map<?, ?>) node).entrySet()) {
      String k = (String) e.getKey();
      if (!(e.getValue() instanceof String v)) {
        throw ApiError.invalid("Invalid string: metadata values must be strings",
            FormParams.name(path) + "[" + k + "]");
      }
      if (v.isEmpty()) md.remove(k);
      else md.addProperty(k, v);
    }
  }

  static JsonObject metadataOf(FormParams p, String... path) {
    JsonObject holder = Json.obj("metadata", new JsonObject());
    applyMetadata(holder, p, path);
    return holder.getAsJsonObject("metadata");
  }
}
