package dev.stripesetup.fake;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/** API-key checks: 401 for missing/malformed/revoked keys, 403 for routes a test marked forbidden. */
final class Auth {
  private static final List<String> PREFIXES = List.of("sk_test_", "sk_live_", "rk_test_", "rk_live_");

  private record Forbidden(String method, Pattern path) {}

  private final Set<String> rejected = ConcurrentHashMap.newKeySet();
  private final List<Forbidden> forbidden = new CopyOnWriteArrayList<>();

  void reject(String key) {
    rejected.add(key);
  }

  void forbid(String method, String pathRegex) {
    forbidden.add(new Forbidden(method, Pattern.compile(pathRegex)));
  }

  /** The key from "Bearer KEY" (what stripe-java sends) or Basic "KEY:" (curl -u KEY:), else null. */
  static String key(String authorization) {
    if (authorization == null) return null;
    if (authorization.startsWith("Bearer ")) return authorization.substring(7).trim();
    if (authorization.startsWith("Basic ")) {
      String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
          StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? decoded : decoded.substring(0, colon);
    }
    return null;
  }

  /** null if the request may proceed, else the 401/403 Stripe would send. */
  ApiError check(String authorization, String method, String path) {
    String key = key(authorization);
    if (key == null || key.isEmpty()) {
      return new ApiError(401, "invalid_request_error", null, "You did not provide an API key. You need to "
          + "provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer "
          + "YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at "
          + "https://support.stripe.com/.", null, null);
    }
    if (PREFIXES.stream().noneMatch(key::startsWith) || rejected.contains(key)) {
      return new ApiError(401, "invalid_request_error", null, "Invalid API Key provided: " + mask(key), null, null);
    }
    for (Forbidden f : forbidden) {
      if (f.method().equalsIgnoreCase(method) && f.path().matcher(path).matches()) {
        return new ApiError(403, "invalid_request_error", "secret_key_required", "The provided key '" + mask(key)
            + "' does not have the required permissions for this endpoint on account 'acct_fake'.", null, null);
      }
    }
    return null;
  }

  static boolean livemode(String authorization) {
    String key = key(authorization);
    return key != null && (key.startsWith("sk_live_") || key.startsWith("rk_live_"));
  }

  /** Stripe never echoes a key: it keeps the prefix and the last 4 characters. */
  static String mask(String key) {
    String prefix = PREFIXES.stream().filter(key::startsWith).findFirst().orElse("");
    int hidden = key.length() - prefix.length() - 4;
    if (hidden <= 0) return prefix + "****";
    return prefix + "*".repeat(hidden) + key.substring(key.length() - 4);
  }
}
