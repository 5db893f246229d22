package dev.stripesetup.stripe;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.net.HttpURLConnectionClient;
import com.stripe.net.StripeRequest;
import com.stripe.net.StripeResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * stripe-java's HTTP client plus the two retries it does not do itself, and a hook per request.
 *
 * <p>stripe-java (with maxNetworkRetries set) already retries connect and read timeouts, 409 lock
 * conflicts and 5xx, re-sending the same idempotency key. It does not retry 429 rate limits, nor a
 * connection that dropped after the request was sent (the server may have acted). Both are safe to
 * retry here because every POST carries a deterministic idempotency key: Stripe replays its saved
 * response instead of acting twice.
 */
public class RetryingHttpClient extends HttpURLConnectionClient {
  /** Told about every attempt: for --verbose lines, timings and rate-limit feedback. */
  public interface Listener {
    /**
     * Called before every HTTP attempt, stripe-java's own retries included; may block (a client-side
     * rate limiter takes its permit here, so retries are throttled too).
     */
    default void beforeAttempt(String method, String path) throws InterruptedException {}

    void attempt(String method, String path, int status, long millis, boolean replayed);

    default void retrying(String method, String path, String reason, Duration wait) {}

    /**
     * Called for a 403 answer, with the request ID the resulting exception will carry (its error line
     * then names the permission the call needed). encoded: the form body or query string as sent.
     */
    default void forbidden(String requestId, String method, String path, String encoded) {}
  }

  private final int maxRetries;
  private final Duration baseDelay;
  private final Listener listener;

  public RetryingHttpClient(int maxRetries, Duration baseDelay, Listener listener) {
    this.maxRetries = maxRetries;
    this.baseDelay = baseDelay;
    this.listener = listener;
  }

  @Override
  public StripeResponse request(StripeRequest request) throws ApiConnectionException {
    try {
      listener.beforeAttempt(request.method().name(), pathOf(request));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiConnectionException("interrupted before sending the request", e);
    }
    long start = System.nanoTime();
    try {
      StripeResponse response = super.request(request);
      boolean replayed = response.headers().firstValue("Idempotent-Replayed").map("true"::equals).orElse(false);
      listener.attempt(request.method().name(), pathOf(request), response.code(), millisSince(start), replayed);
      if (response.code() == 403) {
        // For the error line: the exception will carry this request ID, not the call.
        listener.forbidden(response.requestId(), request.method().name(), request.url().getPath(),
            request.content() != null ? request.content().stringContent() : request.url().getQuery());
      }
      return response;
    } catch (ApiConnectionException e) {
      listener.attempt(request.method().name(), pathOf(request), 0, millisSince(start), false);
      throw e instanceof UnreachableException ? e : new UnreachableException(request.url(), e);
    }
  }

  @Override
  public StripeResponse requestWithRetries(StripeRequest request) throws StripeException {
    for (int retry = 0; ; retry++) {
      try {
        StripeResponse response = super.requestWithRetries(request);
        if (response.code() != 429 || retry >= maxRetries) {
          return response;
        }
        pause(request, "429 rate limited", retry);
      } catch (ApiConnectionException e) {
        if (retry >= maxRetries) {
          throw e;
        }
        pause(request, "connection failed", retry);
      }
    }
  }

  /** Exponential backoff with full jitter, capped at 8 s. */
  private void pause(StripeRequest request, String reason, int retry) throws ApiConnectionException {
    long capMillis = Math.min(8_000L, baseDelay.toMillis() << Math.min(retry, 10));
    Duration wait = Duration.ofMillis(capMillis / 2 + ThreadLocalRandom.current().nextLong(capMillis / 2 + 1));
    listener.retrying(request.method().name(), pathOf(request), reason, wait);
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new ApiConnectionException("interrupted while waiting to retry", ie);
    }
  }

  private static String pathOf(StripeRequest request) {
    String path = request.url().getPath();
    String query = request.url().getQuery();
    return query == null ? path : path + "?" + query;
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
