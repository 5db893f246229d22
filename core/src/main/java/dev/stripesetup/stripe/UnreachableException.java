package dev.stripesetup.stripe;

import com.stripe.exception.ApiConnectionException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.UnknownHostException;

/**
 * A request that got no HTTP answer, naming the host it was sent to. stripe-java's own message names
 * its global API base (api.stripe.com) even when the client talks to another server, and adds a
 * paragraph of advice; this one says where and why in a few words. The cause is kept, so
 * stripe-java still decides from it whether to retry.
 */
public final class UnreachableException extends ApiConnectionException {
  private final String host;
  private final String reason;

  public UnreachableException(URL url, ApiConnectionException e) {
    super("could not reach " + hostOf(url) + " (" + reasonOf(e) + ")", e.getCause() != null ? e.getCause() : e);
    this.host = hostOf(url);
    this.reason = reasonOf(e);
  }

  /** "api.stripe.com", "127.0.0.1:12111". */
  public String host() {
    return host;
  }

  /** "connection refused", "host not found", "read timed out". */
  public String reason() {
    return reason;
  }

  private static String hostOf(URL url) {
    return url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort();
  }

  private static String reasonOf(ApiConnectionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof UnknownHostException) {
      return "host not found";
    }
    if (cause instanceof SocketTimeoutException && cause.getMessage() != null) {
      return cause.getMessage().toLowerCase(java.util.Locale.ROOT);
    }
    if (cause != null && cause.getMessage() != null && !cause.getMessage().isBlank()) {
      String m = cause.getMessage().strip();
      return m.length() > 1 && Character.isUpperCase(m.charAt(0)) && Character.isLowerCase(m.charAt(1))
          ? Character.toLowerCase(m.charAt(0)) + m.substring(1) : m;
    }
    return cause != null ? cause.getClass().getSimpleName() : "no answer";
  }
}
