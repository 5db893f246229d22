package dev.stripesetup.billing;

import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.StripeObject;
import com.stripe.net.StripeResponse;

/** What a replayed idempotent response means: the object an identical earlier run made. */
public final class Replays {
  private Replays() {}

  /** Stripe marks a response it replays from an idempotency key's saved result. */
  public static boolean replayed(StripeObject o) {
    StripeResponse r = o.getLastResponse();
    return r != null && r.headers().firstValue("Idempotent-Replayed").map("true"::equals).orElse(false);
  }

  /**
   * Whether an object an earlier identical run made is gone: the check says so (deleted, archived),
   * or Stripe no longer knows the object at all (resource_missing), which means the same.
   */
  public static boolean goneOrMissing(StripeCall<Boolean> gone) throws StripeException {
    try {
      return gone.run();
    } catch (InvalidRequestException e) {
      if ("resource_missing".equals(e.getCode())) {
        return true;
      }
      throw e;
    }
  }
}
