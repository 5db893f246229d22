package dev.stripesetup.stripe;

import java.net.URI;

/**
 * An {@code --api-base} URL may carry credentials for a proxy ({@code https://user:pass@host}). They
 * are passed on to the connection only: never journaled, and masked in everything printed.
 */
public final class ApiBaseCredentials {
  private ApiBaseCredentials() {}

  /** The URL without its user-info part, as it may be stored (null stays null). */
  public static String withoutUserInfo(String url) {
    String info = userInfo(url);
    return info == null ? url : url.replace(info + "@", "");
  }

  /** The URL as it may be shown: credentials replaced by {@code ***}. */
  public static String masked(String url) {
    String info = userInfo(url);
    if (info != null) {
      return url.replace(info + "@", "***@");
    }
    // Not a URL Java can read (say, a space in it): anything between // and @ still goes.
    return url == null ? null : url.replaceFirst("//[^/@]*@", "//***@");
  }

  /** The raw user-info part ("user:pass"), or null. */
  public static String userInfo(String url) {
    if (url == null) {
      return null;
    }
    try {
      return URI.create(url).getRawUserInfo();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
