package dev.stripesetup.stripe;

import static dev.stripesetup.stripe.SetupRequestParser.META_CREATED_BY;
import static dev.stripesetup.stripe.SetupRequestParser.META_RUN;
import static dev.stripesetup.stripe.SetupRequestParser.TOOL;

import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.StripeException;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import com.stripe.param.SubscriptionRetrieveParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code --collect checkout}: the customer pays through a Stripe Checkout link (mode subscription)
 * and Checkout creates the subscription. One link per customer and plan:
 *
 * <ol>
 *   <li>Customer and price are found or created as the chain does, and a live subscription of the
 *       customer to the plan ends the run ("already subscribed"): no link is made for a paid plan.
 *   <li>An open session of this run for this price is reused; open sessions for the same customer
 *       and price from other runs (other flags), and this run's open sessions for another price,
 *       are expired first, so that the customer never holds two payable links for one plan.
 *   <li>Otherwise a session is created under a key from the run and the newest earlier session.
 * </ol>
 *
 * <p>{@link #await} then polls the session with backoff until it completes or expires.
 */
public final class CheckoutCollector {
  /** Stripe's bounds for expires_at. */
  public static final Duration MIN_EXPIRY = Duration.ofMinutes(30);
  public static final Duration MAX_EXPIRY = Duration.ofHours(24);

  /** What the link's waiting needs from the world; tests give short sleeps. */
  public interface Clock {
    Clock SYSTEM = new Clock() {};

    default long nowSeconds() {
      return System.currentTimeMillis() / 1000;
    }

    default void sleep(long millis) throws InterruptedException {
      Thread.sleep(millis);
    }
  }

  /** A Checkout link to send the customer, with the run it belongs to. */
  public record Link(String sessionId, String url, long expiresAt, boolean reused, String status,
      String runId, String customerId, String priceId, String planInWords, boolean livemode) {}

  /** Either the subscription (already there, or made by a completed link), or the link still to pay. */
  public record Collected(SetupResult result, Link link, StripeHelpers.Prepared prepared) {}

  private final StripeHelpers helpers;
  private final Consumer<String> progress;
  private final Clock clock;
  private final long firstPollMillis;
  private final long maxPollMillis;

  public CheckoutCollector(StripeHelpers helpers) {
    this(helpers, Clock.SYSTEM, 2_000, 15_000);
  }

  /**
   * Polls start at firstPollMillis and grow by half up to maxPollMillis: a few requests a minute,
   * far under Stripe's rate limits (25/s in test mode, 100/s live).
   */
  public CheckoutCollector(StripeHelpers helpers, Clock clock, long firstPollMillis, long maxPollMillis) {
    this.helpers = helpers;
    this.progress = helpers.progress();
    this.clock = clock;
    this.firstPollMillis = firstPollMillis;
    this.maxPollMillis = maxPollMillis;
  }

  /** Finds or makes the customer's one link for this plan (or finds the subscription it led to). */
  public Collected start(SetupRequest request, String successUrl, Duration expiresIn) {
    SetupRequest r = Collect.withoutCard(request);
    try (EmailLock held = EmailLock.acquire(helpers.lockDirectory(), r.email(), progress)) {
      StripeHelpers.Prepared p = helpers.prepare(r, held.held());
      if (p.existing() != null) {
        return new Collected(helpers.resultOf(p, p.existing(), true), null, p);
      }
      return call("checkout session", p.state(), () -> findOrCreate(p, successUrl, expiresIn));
    }
  }

  private Collected findOrCreate(StripeHelpers.Prepared p, String successUrl, Duration expiresIn)
      throws StripeException {
    CollectCalls calls = new CollectCalls(p.calls());
    String customerId = p.customer().getId();
    String priceId = p.price().getId();
    String runId = p.calls().runId();
    Session newestOfRun = null;
    Session reusable = null;
    List<Session> otherOpen = new ArrayList<>();
    for (Session s : helpers.client().v1().checkout().sessions().list(calls.listSessions(customerId))
        .autoPagingIterable()) {
      Map<String, String> meta = s.getMetadata();
      if (meta == null || !TOOL.equals(meta.get(META_CREATED_BY))) {
        continue;
      }
      boolean ourRun = runId.equals(meta.get(META_RUN));
      if (ourRun && newestOfRun == null) {
        newestOfRun = s; // lists are newest first
      }
      // This run's link was paid (a re-run of a customer created under its key, where the chain's
      // live-subscription check had nothing to look at): that subscription is the answer.
      if (ourRun && "complete".equals(s.getStatus()) && s.getSubscription() != null) {
        Subscription paid = retrieveSubscription(s.getSubscription());
        if (StripeHelpers.LIVE_STATUSES.contains(paid.getStatus())) {
          progress.accept("Checkout link " + s.getId() + " was paid: subscription " + paid.getId());
          return new Collected(helpers.resultOf(p, paid, true), null, p);
        }
      }
      boolean samePrice = priceId.equals(meta.get(CollectCalls.META_PRICE));
      // This run's open link for an older price of the plan (archived and replaced) goes too, and so
      // does any open link of another plan unless a second subscription is allowed.
      if ("open".equals(s.getStatus()) && (samePrice || ourRun || !helpers.allowsSecondSubscription())) {
        if (ourRun && samePrice && reusable == null) {
          reusable = s;
        } else {
          otherOpen.add(s);
        }
      }
    }
    // Another payable link for this customer and plan would let the customer pay twice.
    for (Session old : otherOpen) {
      Subscription paidMeanwhile = expire(old);
      if (paidMeanwhile != null) {
        return new Collected(helpers.resultOf(p, paidMeanwhile, true), null, p);
      }
    }
    if (reusable != null) {
      progress.accept("Reusing open Checkout link " + reusable.getId() + " for customer " + customerId);
      return new Collected(null, link(p, reusable, true), p);
    }
    long expiresAt = clock.nowSeconds() + expiresIn.toSeconds();
    String key = calls.sessionKey(customerId, priceId, newestOfRun == null ? null : newestOfRun.getId());
    Session created = helpers.client().v1().checkout().sessions().create(
        calls.createSession(customerId, priceId, successUrl, expiresAt), ChainCalls.withKey(key));
    progress.accept("Created Checkout link " + created.getId() + " for customer " + customerId);
    return new Collected(null, link(p, created, false), p);
  }

  /**
   * Expires every open link of the tool for this customer and price (and for any other price, unless
   * a second subscription is allowed: paying it would make one), before another way of paying
   * for the plan is set up ({@link InvoiceCollector}), so that the customer cannot pay twice.
   * Returns the subscription of a link the customer paid meanwhile, or null.
   */
  Subscription expireOpenLinks(StripeHelpers.Prepared p) throws StripeException {
    CollectCalls calls = new CollectCalls(p.calls());
    List<Session> open = new ArrayList<>();
    try {
      for (Session s : helpers.client().v1().checkout().sessions().list(calls.listSessions(p.customer().getId()))
          .autoPagingIterable()) {
        Map<String, String> meta = s.getMetadata();
        if (meta != null && TOOL.equals(meta.get(META_CREATED_BY)) && "open".equals(s.getStatus())
            && (p.price().getId().equals(meta.get(CollectCalls.META_PRICE)) || !helpers.allowsSecondSubscription())) {
          open.add(s);
        }
      }
    } catch (PermissionException e) {
      // A key that may not read Checkout Sessions cannot have made links either.
      progress.accept("Could not look for open Checkout links (the key may not read Checkout Sessions)");
      return null;
    } catch (InvalidRequestException e) {
      if (!NoCheckout.answered(e)) {
        throw e;
      }
      helpers.verbose().accept(NoCheckout.NOTE);
      return null;
    }
    for (Session s : open) {
      Subscription paid = expire(s);
      if (paid != null) {
        return paid;
      }
    }
    return null;
  }

  /**
   * Expires a session; if the customer completed it meanwhile, returns the subscription it made, so
   * the run reports that instead of making another link.
   */
  private Subscription expire(Session old) throws StripeException {
    try {
      helpers.client().v1().checkout().sessions().expire(old.getId(),
          ChainCalls.withKey(CollectCalls.expireKey(old.getId())));
      progress.accept("Expired older open Checkout link " + old.getId() + " for the same customer and plan");
      return null;
    } catch (InvalidRequestException e) {
      Session now = helpers.client().v1().checkout().sessions().retrieve(old.getId());
      if ("complete".equals(now.getStatus()) && now.getSubscription() != null) {
        progress.accept("Checkout link " + old.getId() + " was just paid: subscription " + now.getSubscription());
        return retrieveSubscription(now.getSubscription());
      }
      if ("expired".equals(now.getStatus())) {
        return null;
      }
      throw e;
    }
  }

  /**
   * Waits until the link is paid (the subscription's result) or expires (null), polling with
   * backoff. The session stays open if the wait is interrupted: the same command picks it up again.
   */
  public SetupResult await(Collected open) throws InterruptedException {
    Link link = open.link();
    StripeHelpers.Prepared p = open.prepared();
    long wait = firstPollMillis;
    while (true) {
      clock.sleep(wait);
      wait = Math.min(maxPollMillis, wait + wait / 2);
      Session s = call("check Checkout link", p.state(),
          () -> helpers.client().v1().checkout().sessions().retrieve(link.sessionId()));
      if ("complete".equals(s.getStatus()) && s.getSubscription() != null) {
        progress.accept("Checkout link " + s.getId() + " was paid: subscription " + s.getSubscription());
        Subscription sub = call("read subscription", p.state(), () -> retrieveSubscription(s.getSubscription()));
        p.state().record("subscription", sub.getId(), false);
        return helpers.resultOf(p, sub, false);
      }
      // Stripe expires a session shortly after expires_at; a minute's grace covers its sweep.
      if ("expired".equals(s.getStatus()) || clock.nowSeconds() > link.expiresAt() + 60) {
        return null;
      }
    }
  }

  private Subscription retrieveSubscription(String id) throws StripeException {
    return helpers.client().v1().subscriptions().retrieve(id, SubscriptionRetrieveParams.builder()
        .addExpand("latest_invoice").addExpand("default_payment_method").build());
  }

  private static Link link(StripeHelpers.Prepared p, Session s, boolean reused) {
    return new Link(s.getId(), s.getUrl(), s.getExpiresAt() == null ? 0 : s.getExpiresAt(), reused, s.getStatus(),
        p.calls().runId(), p.customer().getId(), p.price().getId(), StripeHelpers.words(p.price()),
        Boolean.TRUE.equals(s.getLivemode()));
  }

  private static <T> T call(String step, ChainState state, StripeHelpers.StripeCall<T> call) {
    try {
      return call.run();
    } catch (StripeException e) {
      throw new ChainFailedException(step, e, state);
    }
  }
}
