package dev.stripesetup.stripe;

import com.stripe.Stripe;
import com.stripe.StripeClient;
import dev.stripesetup.config.ApiKey;
import java.time.Duration;

/** Builds the one {@link StripeClient} a command uses. */
public final class StripeClients {
  /** Retries for 409/5xx/timeouts inside stripe-java, and separately for 429/dropped connections. */
  public static final int MAX_RETRIES = 4;

  private StripeClients() {}

  public static StripeClient create(ApiKey key, String apiBase, RetryingHttpClient.Listener listener) {
    return create(key, apiBase, listener, MAX_RETRIES, Duration.ofMillis(500), false);
  }

  /** Telemetry off (see below). */
  public static StripeClient create(ApiKey key, String apiBase, RetryingHttpClient.Listener listener,
      int maxRetries, Duration retryBaseDelay) {
    return create(key, apiBase, listener, maxRetries, retryBaseDelay, false);
  }

  /**
   * @param telemetry stripe-java's client telemetry, which the caller reads from its environment
   *     (STRIPE_SETUP_TELEMETRY). Off unless the user opts in: otherwise it sends a client-telemetry
   *     header and writes a permanent ID file under ~/.config/stripe/, and a CLI should not write into
   *     the user's home unasked. stripe-java makes it a process-wide switch, not a client option, so
   *     it is set here for every client, on or off.
   */
  public static StripeClient create(ApiKey key, String apiBase, RetryingHttpClient.Listener listener,
      int maxRetries, Duration retryBaseDelay, boolean telemetry) {
    Stripe.enableTelemetry = telemetry;
    StripeClient.StripeClientBuilder b = StripeClient.builder()
        .setApiKey(key.reveal())
        .setMaxNetworkRetries(maxRetries)
        .setConnectTimeout(10_000)
        .setReadTimeout(60_000)
        .setHttpClient(new RetryingHttpClient(maxRetries, retryBaseDelay, listener));
    if (apiBase != null) {
      b.setApiBase(apiBase);
    }
    return b.build();
  }
}
