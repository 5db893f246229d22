package dev.stripesetup.billing;

import com.stripe.exception.StripeException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** Look-ups that go out together (one round trip for all) and give back their own exceptions. */
public final class Concurrently {
  private Concurrently() {}

  /** A call on the pool; a StripeException comes back from {@link #join} as itself. */
  public static <T> CompletableFuture<T> start(Executor pool, StripeCall<T> call) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return call.run();
      } catch (StripeException e) {
        throw new CompletionException(e);
      }
    }, pool);
  }

  /** Waits and rethrows the call's own exception, not a wrapper. */
  public static <T> T join(CompletableFuture<T> f) throws StripeException {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof StripeException s) {
        throw s;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }
}
