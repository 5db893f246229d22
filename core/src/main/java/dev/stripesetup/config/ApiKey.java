package dev.stripesetup.config;

/**
 * A Stripe secret or restricted key together with where it came from.
 *
 * <p>{@link #toString()} is masked on purpose: a key that slips into a log line, an exception message
 * or a test report shows as {@code sk_test_...4242}, never in full.
 */
public final class ApiKey {
  private final String value;
  private final String source;

  private ApiKey(String value, String source) {
    this.value = value;
    this.source = source;
  }

  /** Checks the shape of a key; a publishable or unknown key is a configuration error. */
  public static ApiKey of(String value, String source) {
    String v = value == null ? "" : value.strip();
    if (v.isEmpty()) {
      throw new ConfigException("the Stripe API key from " + source + " is empty");
    }
    // A Stripe key is letters, digits and underscores. Anything else (a space, a NUL, the backslash
    // of a copied shell line, a quote) would reach Stripe, or break the header, as another key.
    // Only the position is said: the character next to it belongs to the key.
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
        throw new ConfigException("the key from " + source + " has a character that is not part of a Stripe key "
            + "(letters, digits and _ only) at character " + (i + 1) + " of " + v.length()
            + ": copy it again from the Dashboard");
      }
    }
    if (v.endsWith("_replace_me")) {
      throw new ConfigException("the key from " + source + " is still the placeholder from .env.example: "
          + "put your own key there (Dashboard > Developers > API keys)");
    }
    if (v.startsWith("pk_")) {
      throw new ConfigException("the key from " + source + " is a publishable key (pk_...); "
          + "stripe-setup needs a secret key (sk_...) or a restricted key (rk_...)");
    }
    if (!(v.startsWith("sk_test_") || v.startsWith("sk_live_")
        || v.startsWith("rk_test_") || v.startsWith("rk_live_"))) {
      throw new ConfigException("the key from " + source + " does not look like a Stripe secret key "
          + "(expected sk_test_, sk_live_, rk_test_ or rk_live_ at its start)");
    }
    return new ApiKey(v, source);
  }

  /** The raw key: only for the HTTP client's Authorization header. */
  public String reveal() {
    return value;
  }

  public String source() {
    return source;
  }

  public boolean isLive() {
    return value.startsWith("sk_live_") || value.startsWith("rk_live_");
  }

  public boolean isRestricted() {
    return value.startsWith("rk_");
  }

  public String mode() {
    return isLive() ? "live" : "test";
  }

  public String masked() {
    return mask(value);
  }

  /**
   * {@code sk_test_...4242}, {@code whsec_...9f3a}: the prefix that says what kind of secret it is,
   * and its last four characters when the secret is long enough for that to give nothing away.
   */
  public static String mask(String secret) {
    if (secret == null || secret.isEmpty()) {
      return "";
    }
    int first = secret.indexOf('_');
    int second = first < 0 ? -1 : secret.indexOf('_', first + 1);
    int prefixEnd = second > 0 && second < 9 ? second : first > 0 && first < 9 ? first : -1;
    String prefix = prefixEnd > 0 ? secret.substring(0, prefixEnd + 1) : "";
    String last4 = secret.length() >= prefix.length() + 12 ? secret.substring(secret.length() - 4) : "";
    return prefix + "..." + last4;
  }

  @Override
  public String toString() {
    return masked();
  }
}
