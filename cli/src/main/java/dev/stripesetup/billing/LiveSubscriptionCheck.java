package dev.stripesetup.billing;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Whether the customer is already on the plan, and the second-subscription rule: a live
 * subscription on this plan is the run's answer ("already subscribed"); a live one on another plan
 * stops the run unless a second subscription is allowed (--allow-second-subscription).
 */
public final class LiveSubscriptionCheck {
  /** Subscription statuses that mean "this customer is already on this plan". */
  public static final Set<String> LIVE_STATUSES =
      Set.of("active", "trialing", "past_due", "unpaid", "incomplete", "paused");

  private final StripeClient client;

  public LiveSubscriptionCheck(StripeClient client) {
    this.client = client;
  }

  public static boolean live(Subscription s) {
    return s != null && LIVE_STATUSES.contains(s.getStatus());
  }

  /** The customer's live subscriptions, every page. */
  public List<Subscription> liveOf(ChainCalls calls, String customerId) throws StripeException {
    return live(allOf(calls, customerId));
  }

  /** Every subscription of the customer in any status, every page (one list call per 100). */
  public List<Subscription> allOf(ChainCalls calls, String customerId) throws StripeException {
    List<Subscription> all = new ArrayList<>();
    client.v1().subscriptions().list(calls.findSubscriptions(customerId)).autoPagingIterable().forEach(all::add);
    return all;
  }

  /** The live ones of a list. */
  public static List<Subscription> live(List<Subscription> all) {
    return all.stream().filter(LiveSubscriptionCheck::live).toList();
  }

  /**
   * The live subscription on this plan (null if none), after the second-subscription rule: live
   * ones only on other plans throw {@link SecondSubscriptionException} unless {@code allowSecond}.
   */
  public static Subscription decide(SetupRequest r, String customerId, List<Subscription> live, String priceId,
      boolean allowSecond) {
    Subscription existing = onThisPlan(r, live, priceId);
    if (existing == null && !live.isEmpty() && !allowSecond) {
      throw new SecondSubscriptionException(customerId, existing(live));
    }
    return existing;
  }

  /** The subscriptions as the second-subscription error names them. */
  public static List<SecondSubscriptionException.Existing> existing(List<Subscription> subs) {
    return subs.stream().map(s -> new SecondSubscriptionException.Existing(s.getId(), s.getStatus(), PlanText.of(s)))
        .toList();
  }

  /**
   * The live subscription on this plan, if any: one whose price is the request's price, or carries
   * this plan's lookup key in its stripe_setup_plan metadata (so it survives the price being
   * archived and replaced). {@code priceId} may be null (the plan has no price yet).
   */
  public static Subscription onThisPlan(SetupRequest r, List<Subscription> live, String priceId) {
    String plan = r.priceId() == null ? r.lookupKey() : null;
    for (Subscription s : live) {
      if (s.getItems() != null
          && s.getItems().getData().stream().map(SubscriptionItem::getPrice).anyMatch(p -> p != null
              && (p.getId().equals(priceId) || p.getId().equals(r.priceId())
                  || (plan != null && p.getMetadata() != null
                      && plan.equals(p.getMetadata().get(SetupRequestParser.META_PLAN)))))) {
        return s;
      }
    }
    return null;
  }
}
