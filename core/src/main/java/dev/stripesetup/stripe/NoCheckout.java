package dev.stripesetup.stripe;

import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;

/**
 * A Stripe-compatible server without Checkout (some stripe-mock builds, recording proxies) answers
 * the sessions list with 404, an unrecognized URL: no Checkout link can exist there, so the runs
 * that look for open links to take out of play have nothing to do, as with a key that may not read
 * Checkout Sessions.
 */
public final class NoCheckout {
  /** Said only under --verbose: on such a server every run would say it. */
  public static final String NOTE =
      "This server has no Checkout Sessions endpoint (404): no Checkout link can exist there to look for";

  private NoCheckout() {}

  /** True for the 404 of the sessions list (a list has no ID that could be missing). */
  public static boolean answered(StripeException e) {
    return e instanceof InvalidRequestException && Integer.valueOf(404).equals(e.getStatusCode());
  }
}
