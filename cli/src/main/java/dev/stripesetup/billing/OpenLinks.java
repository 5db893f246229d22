package dev.stripesetup.billing;

import static dev.stripesetup.billing.SetupRequestParser.META_CREATED_BY;
import static dev.stripesetup.billing.SetupRequestParser.META_RUN;
import static dev.stripesetup.billing.SetupRequestParser.TOOL;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import com.stripe.param.SubscriptionRetrieveParams;
import com.stripe.param.checkout.SessionListParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Takes this customer's open Checkout links for this plan out of play before anything else is
 * decided, so that no link can be paid once another way of paying for the plan is set up.
 *
 * <p>Why first: a run that looked for live subscriptions and only then at the links would miss a
 * link paid in between, and subscribe the customer a second time. Expired first, a link can no
 * longer be paid; an expire Stripe refuses because the session is complete means the customer just
 * paid it, and that subscription is the run's answer. The look for live subscriptions comes after,
 * so a link paid before the expire is seen there.
 *
 * <p>A link is the plan's when its price is the plan's price, or it is this run's (an older price of
 * the plan, archived since). Links of other plans: the card and invoice paths take them out of play
 * too unless a second subscription is allowed; a Checkout run never replaces another plan's link
 * (it would flip-flop with a run for that plan), the caller decides what they mean.
 */
public final class OpenLinks {
  private final StripeClient client;
  private final Consumer<String> progress;

  public OpenLinks(StripeClient client, Consumer<String> progress) {
    this.client = client;
    this.progress = progress;
  }

  /**
   * What taking the links out of play found: the subscription a link led to (then nothing else
   * matters), the link of this run kept for reuse, this run's newest link (for the next key), and
   * the open links of other plans left alone.
   */
  public record Outcome(Subscription paid, Session reusable, Session newestOfRun, List<Session> otherPlansOpen) {}

  /** The tool's sessions of the customer, every status, newest first (one list call). */
  public List<Session> ofCustomer(String customerId) throws StripeException {
    List<Session> ours = new ArrayList<>();
    SessionListParams params = SessionListParams.builder().setCustomer(customerId).setLimit(100L).build();
    for (Session s : client.v1().checkout().sessions().list(params).autoPagingIterable()) {
      Map<String, String> meta = s.getMetadata();
      if (meta != null && TOOL.equals(meta.get(META_CREATED_BY))) {
        ours.add(s);
      }
    }
    return ours;
  }

  /**
   * @param sessions from {@link #ofCustomer}
   * @param keep this run's open link for this price that may stay payable (null: none may)
   * @param expireOtherPlans whether open links of other plans are taken out of play too
   */
  public Outcome takeOutOfPlay(List<Session> sessions, String runId, String priceId, Predicate<Session> keep,
      boolean expireOtherPlans) throws StripeException {
    return takeOutOfPlay(sessions, runId, priceId, keep, expireOtherPlans, null);
  }

  /**
   * As above, for sessions listed at the same time as the customer's subscriptions
   * ({@code listedSubscriptions}: the IDs that list had, any status) rather than before them.
   *
   * <p>Why that is still safe: a link paid before both lists shows in both; paid after both, it is
   * still open in the sessions list, and the expire that follows fails on it and finds its
   * subscription ({@link #expire}); paid between the two lists, either the subscriptions list has it
   * (paid before that list) or the sessions list shows the session complete with a subscription the
   * subscriptions list did not have. That last case is why a complete session of this plan counts
   * here: its subscription is read, and if live it is the run's answer. A complete session whose
   * subscription was listed is left to the live-subscription decision, which saw it.
   */
  public Outcome takeOutOfPlay(List<Session> sessions, String runId, String priceId, Predicate<Session> keep,
      boolean expireOtherPlans, java.util.Set<String> listedSubscriptions) throws StripeException {
    Session newestOfRun = null;
    Session reusable = null;
    List<Session> toExpire = new ArrayList<>();
    List<Session> otherPlans = new ArrayList<>();
    for (Session s : sessions) {
      Map<String, String> meta = s.getMetadata();
      boolean ourRun = runId.equals(meta.get(META_RUN));
      boolean samePrice = priceId.equals(meta.get(CollectCalls.META_PRICE));
      if (ourRun && newestOfRun == null) {
        newestOfRun = s; // lists are newest first
      }
      // This run's link was paid (a re-run whose customer was made under its key, so that no live
      // subscription is looked for): that subscription is the answer.
      if (ourRun && "complete".equals(s.getStatus()) && s.getSubscription() != null) {
        Subscription paid = subscription(s.getSubscription());
        if (LiveSubscriptionCheck.live(paid)) {
          progress.accept("Checkout link " + s.getId() + " was paid: subscription " + paid.getId());
          return new Outcome(paid, null, newestOfRun, List.of());
        }
      }
      if (listedSubscriptions != null && (samePrice || ourRun) && "complete".equals(s.getStatus())
          && s.getSubscription() != null && !listedSubscriptions.contains(s.getSubscription())) {
        Subscription paid = subscription(s.getSubscription());
        if (LiveSubscriptionCheck.live(paid)) {
          progress.accept("Checkout link " + s.getId() + " was just paid: subscription " + paid.getId());
          return new Outcome(paid, null, newestOfRun, List.of());
        }
      }
      if (!"open".equals(s.getStatus())) {
        continue;
      }
      if (samePrice || ourRun) {
        if (reusable == null && ourRun && samePrice && keep != null && keep.test(s)) {
          reusable = s;
        } else {
          toExpire.add(s);
        }
      } else if (expireOtherPlans) {
        toExpire.add(s);
      } else {
        otherPlans.add(s);
      }
    }
    for (Session old : toExpire) {
      Subscription paidMeanwhile = expire(old.getId());
      if (paidMeanwhile != null) {
        return new Outcome(paidMeanwhile, null, newestOfRun, List.of());
      }
    }
    return new Outcome(null, reusable, newestOfRun, otherPlans);
  }

  /**
   * Expires a session; if the customer completed it meanwhile, returns the subscription it made.
   * Public for cleanup, which takes a run's open link out of play the same way.
   */
  public Subscription expire(String sessionId) throws StripeException {
    try {
      client.v1().checkout().sessions().expire(sessionId, ChainCalls.withKey(CollectCalls.expireKey(sessionId)));
      progress.accept("Expired older open Checkout link " + sessionId + " for the same customer and plan");
      return null;
    } catch (InvalidRequestException e) {
      Session now = client.v1().checkout().sessions().retrieve(sessionId);
      if ("complete".equals(now.getStatus()) && now.getSubscription() != null) {
        progress.accept("Checkout link " + sessionId + " was just paid: subscription " + now.getSubscription());
        return subscription(now.getSubscription());
      }
      if ("expired".equals(now.getStatus())) {
        return null;
      }
      throw e;
    }
  }

  /** With what a result shows: the first invoice and the card. */
  public Subscription subscription(String id) throws StripeException {
    return client.v1().subscriptions().retrieve(id, SubscriptionRetrieveParams.builder()
        .addExpand("latest_invoice").addExpand("default_payment_method").build());
  }
}
