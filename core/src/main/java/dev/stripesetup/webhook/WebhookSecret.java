package dev.stripesetup.webhook;

import dev.stripesetup.config.ApiKey;
import dev.stripesetup.config.ConfigException;

/**
 * The endpoint's signing secret ({@code whsec_...}), from STRIPE_WEBHOOK_SECRET. Each webhook endpoint
 * in the Dashboard, and each {@code stripe listen} session, has its own; an API key in its place is the
 * most common mistake, so it is recognised and explained rather than failing every delivery.
 *
 * <p>{@link #toString()} is masked, like {@link ApiKey}'s.
 */
public final class WebhookSecret {
  public static final String NAME = "STRIPE_WEBHOOK_SECRET";

  private final String value;

  private WebhookSecret(String value) {
    this.value = value;
  }

  /**
   * Checks the shape of a secret.
   *
   * @param source where it came from, for messages (null when it was not found)
   */
  public static WebhookSecret of(String value, String source) {
    String v = value == null ? "" : value.strip();
    if (v.isEmpty()) {
      throw new ConfigException("no webhook signing secret: set " + NAME + " (whsec_...) in the environment or .env; "
          + "it is shown under Dashboard > Developers > Webhooks > your endpoint > Signing secret, "
          + "or printed by `stripe listen`");
    }
    String from = source == null ? NAME : source;
    if (v.startsWith("sk_") || v.startsWith("rk_") || v.startsWith("pk_")) {
      throw new ConfigException(from + " holds a Stripe API key (" + ApiKey.mask(v) + "), not a webhook signing "
          + "secret: webhooks are signed with the endpoint's own secret, which starts with whsec_ "
          + "(Dashboard > Developers > Webhooks > your endpoint > Signing secret, or printed by `stripe listen`)");
    }
    if (v.equals("whsec_replace_me")) {
      throw new ConfigException(from + " is still the placeholder from .env.example: put your endpoint's signing secret there");
    }
    if (!v.startsWith("whsec_")) {
      throw new ConfigException(from + " does not look like a webhook signing secret (expected whsec_ at its start)");
    }
    return new WebhookSecret(v);
  }

  /** The raw secret: only for the HMAC check. */
  public String reveal() {
    return value;
  }

  public String masked() {
    return mask(value);
  }

  /** {@code whsec_...abcd}: the same masking as API keys ({@link ApiKey#mask}). */
  public static String mask(String secret) {
    return ApiKey.mask(secret);
  }

  @Override
  public String toString() {
    return masked();
  }
}
