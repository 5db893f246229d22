package dev.stripesetup.permissions;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The calls Stripe answered 403, by request ID, so that the error line of a PermissionException
 * (which carries the request ID but not the call) can say which permission the call needed. Filled
 * by the HTTP client as answers arrive; bounded, since a process reports one error.
 */
public final class ForbiddenCalls {
  /** A refused call and what it needs. */
  public record Call(String method, String path, Set<Permission> needs) {}

  private static final int KEPT = 32;
  private static final Map<String, Call> BY_REQUEST_ID = new LinkedHashMap<>(KEPT, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Call> eldest) {
      return size() > KEPT;
    }
  };

  private ForbiddenCalls() {}

  /**
   * Notes a 403 answer. encoded: the query string or form body as sent (for its expand[] and
   * product_data keys); only the path is kept, since the query may hold an email.
   */
  public static void record(String requestId, String method, String path, String encoded) {
    if (requestId == null) {
      return;
    }
    int query = path.indexOf('?');
    String bare = query < 0 ? path : path.substring(0, query);
    Set<Permission> needs;
    try {
      needs = ApiCalls.needs(method, bare, decode(encoded));
    } catch (IllegalArgumentException e) {
      needs = Set.of();
    }
    synchronized (BY_REQUEST_ID) {
      BY_REQUEST_ID.put(requestId, new Call(method, bare, needs));
    }
  }

  private static Map<String, List<String>> decode(String encoded) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return params;
    }
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return params;
  }

  /** The refused call with this request ID, or null. */
  public static Call of(String requestId) {
    if (requestId == null) {
      return null;
    }
    synchronized (BY_REQUEST_ID) {
      return BY_REQUEST_ID.get(requestId);
    }
  }
}
