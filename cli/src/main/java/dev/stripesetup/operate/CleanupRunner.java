package dev.stripesetup.operate;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Subscription;
import com.stripe.param.PriceUpdateParams;
import dev.stripesetup.billing.OpenLinks;
import com.stripe.param.ProductUpdateParams;
import java.util.function.Consumer;

/**
 * Carries out a {@link CleanupPlan}, one object at a time in the plan's order, each call with a key
 * from {@link OperateKeys}. An object that is already in the wanted state when its call arrives
 * (canceled or deleted meanwhile) counts as done. The first other failure stops the run; running
 * cleanup again finds what is left and finishes.
 */
public final class CleanupRunner {
  /** Stops a cleanup part-way: how many were done, and the Stripe error that stopped it. */
  public static final class Stopped extends Exception {
    private final int done;
    private final CleanupItem item;

    Stopped(int done, CleanupItem item, StripeException cause) {
      super(cause);
      this.done = done;
      this.item = item;
    }

    public int done() {
      return done;
    }

    public CleanupItem item() {
      return item;
    }

    public StripeException stripeCause() {
      return (StripeException) getCause();
    }
  }

  private final StripeClient client;

  public CleanupRunner(StripeClient client) {
    this.client = client;
  }

  /** Acts on every ACT item of the plan; reports each when done. Returns how many were done. */
  public int run(CleanupPlan plan, Consumer<CleanupItem> done) throws Stopped {
    int n = 0;
    for (CleanupItem item : plan.toDo()) {
      try {
        act(item);
      } catch (StripeException e) {
        throw new Stopped(n, item, e);
      }
      n++;
      done.accept(item);
    }
    return n;
  }

  private void act(CleanupItem item) throws StripeException {
    String key = OperateKeys.cleanup(item.id(), item.kind().verb());
    switch (item.kind()) {
      // The chain's own expire (its key; a link paid meanwhile counts as out of play too).
      case CHECKOUT_LINK -> new OpenLinks(client, note -> {}).expire(item.id());
      case SUBSCRIPTION -> {
        try {
          client.v1().subscriptions().cancel(item.id(), OperateKeys.options(key));
        } catch (InvalidRequestException e) {
          if (!gone(e)) {
            Subscription fresh = client.v1().subscriptions().retrieve(item.id());
            if (!"canceled".equals(fresh.getStatus())) {
              throw e;
            }
          }
        }
      }
      case CUSTOMER -> {
        try {
          client.v1().customers().delete(item.id(), OperateKeys.options(key));
        } catch (InvalidRequestException e) {
          if (!gone(e)) {
            throw e;
          }
        }
      }
      case PRICE -> client.v1().prices().update(item.id(), PriceUpdateParams.builder().setActive(false).build(),
          OperateKeys.options(key));
      case PRODUCT -> client.v1().products().update(item.id(), ProductUpdateParams.builder().setActive(false).build(),
          OperateKeys.options(key));
      case TEST_CLOCK -> {
        try {
          client.v1().testHelpers().testClocks().delete(item.id(), OperateKeys.options(key));
        } catch (InvalidRequestException e) {
          if (!gone(e)) {
            throw e;
          }
        }
      }
    }
  }

  /** 404: deleted (or canceled and gone) since it was listed, which is what cleanup wanted. */
  private static boolean gone(InvalidRequestException e) {
    return "resource_missing".equals(e.getCode());
  }
}
