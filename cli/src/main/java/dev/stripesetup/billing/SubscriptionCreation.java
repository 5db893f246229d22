package dev.stripesetup.billing;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Subscription;
import com.stripe.param.SubscriptionCreateParams;
import com.stripe.param.SubscriptionRetrieveParams;
import dev.stripesetup.billing.StripeHelpers.Steps;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Creates a subscription under a deterministic key (card or send_invoice alike). A replayed
 * response is checked against the subscription as it is now: if an identical earlier run's
 * subscription has since ended, or Stripe no longer knows it (resource_missing), a new one is made
 * under a successor key that names the old one, rather than reporting it as if it were live.
 */
public final class SubscriptionCreation {
  private final StripeClient client;
  private final Consumer<String> progress;

  public SubscriptionCreation(StripeClient client, Consumer<String> progress) {
    this.client = client;
    this.progress = progress;
  }

  /**
   * @param keyAfter the idempotency key, given the ID of the gone subscription it succeeds (or null)
   * @param params what to create (the same on every attempt)
   */
  public Subscription create(Function<String, String> keyAfter, SubscriptionCreateParams params, Steps steps)
      throws StripeException {
    String after = null;
    while (true) {
      String key = keyAfter.apply(after);
      steps.before("subscription", key);
      Subscription s = client.v1().subscriptions().create(params, dev.stripesetup.billing.ChainCalls.withKey(key));
      if (Replays.replayed(s)) {
        Subscription now = currentlyOrNull(s.getId());
        if (!LiveSubscriptionCheck.live(now)) {
          progress.accept("Subscription " + s.getId() + " from an earlier identical run is "
              + (now == null ? "no longer found" : now.getStatus()) + ": creating a new one");
          after = s.getId();
          continue;
        }
        s = now;
      }
      steps.after("subscription", s.getId());
      return s;
    }
  }

  /** The subscription as it is now, or null if Stripe no longer knows it. */
  private Subscription currentlyOrNull(String id) throws StripeException {
    AtomicReference<Subscription> now = new AtomicReference<>();
    boolean missing = Replays.goneOrMissing(() -> {
      now.set(client.v1().subscriptions().retrieve(id,
          SubscriptionRetrieveParams.builder().addExpand("latest_invoice").build()));
      return false;
    });
    return missing ? null : now.get();
  }
}
