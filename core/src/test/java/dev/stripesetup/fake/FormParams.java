package dev.stripesetup.fake;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Parses Stripe's form/query encoding, where nesting lives in the key: metadata[k]=v,
 * items[0][price]=x, expand[]=a (stripe-java itself sends expand[0]=a). Keeps both the flat pairs
 * (for the request log and the idempotency fingerprint) and a nested tree (for the endpoints).
 * Tree nodes are String or Map; arrays are maps keyed "0","1",... so indexed and [] forms look alike.
 */
final class FormParams {
  private final Map<String, List<String>> flat = new LinkedHashMap<>();
  private final Map<String, Object> tree = new LinkedHashMap<>();

  static FormParams parse(String encoded) {
    FormParams p = new FormParams();
    if (encoded == null || encoded.isEmpty()) return p;
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      p.flat.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      p.insert(segments(key), value);
    }
    return p;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** "items[0][price]" -> [items, 0, price]; "expand[]" -> [expand, ""]; malformed keys stay whole. */
  private static List<String> segments(String key) {
    int open = key.indexOf('[');
    if (open <= 0 || !key.endsWith("]")) return List.of(key);
    List<String> segs = new ArrayList<>();
    segs.add(key.substring(0, open));
    for (String s : key.substring(open + 1, key.length() - 1).split("\\]\\[", -1)) segs.add(s);
    return segs;
  }

  @SuppressWarnings("unchecked")
  private void insert(List<String> segs, String value) {
    Map<String, Object> node = tree;
    for (int i = 0; i < segs.size(); i++) {
      String seg = segs.get(i);
      if (seg.isEmpty()) seg = String.valueOf(node.size()); // "[]" appends
      if (i == segs.size() - 1) {
        node.put(seg, value);
      } else {
        Object child = node.get(seg);
        if (!(child instanceof Map)) {
          child = new LinkedHashMap<String, Object>();
          node.put(seg, child);
        }
        node = (Map<String, Object>) child;
      }
    }
  }

  /** Keys exactly as sent, in order; values in order. Unmodifiable copy for the request log. */
  Map<String, List<String>> flat() {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    flat.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(copy);
  }

  /** Order-insensitive canonical form: Stripe compares parameters, not their order on the wire. */
  String canonical() {
    return flat.entrySet().stream()
        .flatMap(e -> e.getValue().stream().map(v -> e.getKey() + "=" + v))
        .sorted()
        .collect(Collectors.joining("&"));
  }

  boolean has(String... path) {
    return node(path) != null;
  }

  /** Raw node at a path: String, Map, or null. */
  Object node(String... path) {
    Object cur = tree;
    for (String seg : path) {
      if (!(cur instanceof Map<?, ?> m)) return null;
      cur = m.get(seg);
    }
    return cur;
  }

  /** String value at a path; a nested hash where a scalar was expected is a 400, as on Stripe. */
  String str(String... path) {
    Object n = node(path);
    if (n == null) return null;
    if (n instanceof String s) return s;
    throw ApiError.invalid("Invalid string: " + name(path) + " must be a string", name(path));
  }

  Long integer(String... path) {
    String s = str(path);
    if (s == null || s.isEmpty()) return null;
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw ApiError.invalid("Invalid integer: " + s, name(path));
    }
  }

  Boolean bool(String... path) {
    String s = str(path);
    if (s == null || s.isEmpty()) return null;
    if (s.equals("true")) return true;
    if (s.equals("false")) return false;
    throw ApiError.invalid("Invalid boolean: " + s, name(path));
  }

  /** Array values in index order, whether sent as a[]=x or a[0]=x. A lone a=x counts as one element. */
  List<Object> list(String... path) {
    Object n = node(path);
    if (n == null) return List.of();
    if (n instanceof String s) return s.isEmpty() ? List.of() : List.of(s);
    Map<?, ?> m = (Map<?, ?>) n;
    TreeMap<Integer, Object> ordered = new TreeMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      try {
        ordered.put(Integer.parseInt((String) e.getKey()), e.getValue());
      } catch (NumberFormatException ex) {
        throw ApiError.invalid("Invalid array", name(path));
      }
    }
    return new ArrayList<>(ordered.values());
  }

  List<String> strings(String... path) {
    return list(path).stream().map(o -> o instanceof String s ? s : null)
        .filter(s -> s != null).collect(Collectors.toList());
  }

  /** The expand[] paths of this request. */
  List<String> expand() {
    return strings("expand");
  }

  /** 400 parameter_unknown for any top-level key outside allowed (Stripe validates before acting). */
  void allowOnly(Set<String> allowed) {
    for (String k : tree.keySet()) if (!allowed.contains(k)) throw ApiError.unknownParam(k);
  }

  /** Same check one level down, e.g. recurring[...] or items[0][...]. */
  void allowOnlyUnder(Set<String> allowed, String... path) {
    if (node(path) instanceof Map<?, ?> m) {
      for (Object k : m.keySet()) {
        if (!allowed.contains(k)) throw ApiError.unknownParam(name(path) + "[" + k + "]");
      }
    }
  }

  /** Wire name of a path: [items, 0, price] -> items[0][price]. */
  static String name(String... path) {
    StringBuilder sb = new StringBuilder(path[0]);
    for (int i = 1; i < path.length; i++) sb.append('[').append(path[i]).append(']');
    return sb.toString();
  }
}
