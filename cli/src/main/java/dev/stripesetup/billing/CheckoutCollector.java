package dev.stripesetup.billing;

import com.stripe.exception.StripeException;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code --collect checkout}: the customer pays through a Stripe Checkout link (mode subscription)
 * and Checkout creates the subscription. One link per customer and plan:
 *
 * <ol>
 *   <li>Customer and price are found or created as the chain does, and a live subscription of the
 *       customer to the plan ends the run ("already subscribed"): no link is made for a paid plan.
 *   <li>First, as on every path ({@link dev.stripesetup.billing.OpenLinks}): open sessions for the
 *       same customer and price from other runs (other flags), and this run's open sessions for
 *       another price, are expired, so that the customer never holds two payable links for one
 *       plan; then live subscriptions are looked for. An open session of this run for this price
 *       is reused. Another plan's open link is left alone (without --allow-second-subscription the
 *       run stops, exit 9: paying both would make two subscriptions).
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
  private boolean allowPromotionCodes;

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

  /**
   * --allow-promotion-codes: the link lets the customer type a promotion code. A link without it (or
   * with it, when not asked) is not reused. Stripe refuses it together with a discount.
   */
  public CheckoutCollector allowPromotionCodes(boolean allow) {
    this.allowPromotionCodes = allow;
    return this;
  }

  /** Finds or makes the customer's one link for this plan (or finds the subscription it led to). */
  public Collected start(SetupRequest request, String successUrl, Duration expiresIn) {
    SetupRequest r = Collect.withoutCard(request);
    try (EmailLock held = EmailLock.acquire(helpers.lockDirectory(), r.email(), progress)) {
      StripeHelpers.Prepared p = helpers.prepare(r, held.held(), StripeHelpers.Pay.CHECKOUT,
          s -> asked(s, successUrl, expiresIn) && allowPromotionCodes == Boolean.TRUE.equals(s.getAllowPromotionCodes()));
      if (p.existing() != null) {
        helpers.noteDiscountNotChanged(p.discount(), p.existing());
        return new Collected(helpers.resultOf(p, p.existing(), true), null, p);
      }
      // Another plan's open link stays (a run for that plan owns it); paying both would be two
      // subscriptions, so this one needs --allow-second-subscription.
      List<Session> others = p.links().otherPlansOpen();
      if (!others.isEmpty() && !helpers.allowsSecondSubscription()) {
        throw SecondSubscriptionException.openLinks(p.customer().getId(), others.stream()
            .map(s -> new SecondSubscriptionException.Existing(s.getId(), "open Checkout link",
                "price " + s.getMetadata().get(CollectCalls.META_PRICE)))
            .toList());
      }
      return call("checkout session", p.state(), () -> findOrCreate(p, successUrl, expiresIn));
    }
  }

  /**
   * How far a link's lifetime (expires_at - created) may be from the asked --link-expires and still
   * count as the same: both ends are seconds, set by two clocks (this machine's for expires_at,
   * Stripe's for created), so skew and the request's own time make them differ a little. Two
   * minutes covers that and is far below any change a person makes on purpose (whole minutes of a
   * 30 minute to 24 hour range; a change of under two minutes keeps the link).
   */
  static final long EXPIRY_TOLERANCE_SECONDS = 120;

  /** Whether an open link is what this run asks for: the same success URL and link lifetime. */
  static boolean asked(Session s, String successUrl, Duration expiresIn) {
    if (!successUrl.equals(s.getSuccessUrl())) {
      return false;
    }
    if (s.getExpiresAt() == null || s.getCreated() == null) {
      return true;
    }
    return Math.abs(s.getExpiresAt() - s.getCreated() - expiresIn.toSeconds()) <= EXPIRY_TOLERANCE_SECONDS;
  }

  /** The run's open link kept by {@link StripeHelpers#prepare}, or a new one keyed after its newest. */
  private Collected findOrCreate(StripeHelpers.Prepared p, String successUrl, Duration expiresIn)
      throws StripeException {
    CollectCalls calls = new CollectCalls(p.calls());
    String customerId = p.customer().getId();
    String priceId = p.price().getId();
    Session reusable = p.links().reusable();
    if (reusable != null) {
      progress.accept("Reusing open Checkout link " + reusable.getId() + " for customer " + customerId);
      return new Collected(null, link(p, reusable, true), p);
    }
    Session newestOfRun = p.links().newestOfRun();
    long expiresAt = clock.nowSeconds() + expiresIn.toSeconds();
    String key = calls.sessionKey(customerId, priceId, p.discount(), allowPromotionCodes,
        newestOfRun == null ? null : newestOfRun.getId());
    Session created = helpers.client().v1().checkout().sessions().create(
        calls.createSession(customerId, priceId, successUrl, expiresAt, p.discount(), allowPromotionCodes),
        ChainCalls.withKey(key));
    progress.accept("Created Checkout link " + created.getId() + " for customer " + customerId);
    return new Collected(null, link(p, created, false), p);
  }

  /**
   * Waits until the link is paid (the subscription's result) or expires (null), polling with
   * backoff. The session stays open if the wait is interrupted: the same command picks it up again.
   */
  public SetupResult await(Collected open) throws InterruptedException {
    return awaitLink(open).result();
  }

  /**
   * How a wait ended: paid (or the customer was subscribed another way meanwhile: {@code result}),
   * expired unpaid, or taken out of play early by another run ({@code replaced}, with the newer
   * link when there is one), so that the advice can say which.
   */
  public record Waited(SetupResult result, boolean replaced, Link newer) {
    static final Waited EXPIRED = new Waited(null, false, null);
  }

  public Waited awaitLink(Collected open) throws InterruptedException {
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
        return new Waited(helpers.resultOf(p, sub, false), false, null);
      }
      boolean expired = "expired".equals(s.getStatus());
      // Expired well before its time: something took it out of play (another run for this customer
      // and plan, or cleanup). A minute covers clock skew and Stripe's sweep.
      long expiresAt = s.getExpiresAt() != null ? s.getExpiresAt() : link.expiresAt();
      if (expired && clock.nowSeconds() < expiresAt - 60) {
        return call("look for the newer link", p.state(), () -> afterReplaced(p, link));
      }
      // Stripe expires a session shortly after expires_at; a minute's grace covers its sweep.
      if (expired || clock.nowSeconds() > link.expiresAt() + 60) {
        return Waited.EXPIRED;
      }
    }
  }

  /**
   * The link was taken out of play by another run: that run's way of paying is the answer. A live
   * subscription on the plan (the newer link paid, an invoice or a card) is reported as the run's
   * result; else the newer open link of the plan, if any.
   */
  private Waited afterReplaced(StripeHelpers.Prepared p, Link ours) throws StripeException {
    java.util.List<Subscription> live = helpers.liveCheck().liveOf(p.calls(), ours.customerId());
    Subscription onPlan = dev.stripesetup.billing.LiveSubscriptionCheck.onThisPlan(p.calls().request(), live,
        ours.priceId());
    if (onPlan != null) {
      progress.accept("Link " + ours.sessionId() + " was replaced; the customer is subscribed: " + onPlan.getId());
      return new Waited(helpers.resultOf(p, onPlan, true), true, null);
    }
    for (Session s : helpers.openLinks().ofCustomer(ours.customerId())) {
      if ("open".equals(s.getStatus()) && ours.priceId().equals(s.getMetadata().get(CollectCalls.META_PRICE))) {
        Link newer = new Link(s.getId(), s.getUrl(), s.getExpiresAt() == null ? 0 : s.getExpiresAt(), false,
            s.getStatus(), s.getMetadata().get(SetupRequestParser.META_RUN), ours.customerId(), ours.priceId(),
            ours.planInWords(), ours.livemode());
        return new Waited(null, true, newer);
      }
    }
    return new Waited(null, true, null);
  }

  private Subscription retrieveSubscription(String id) throws StripeException {
    return helpers.openLinks().subscription(id);
  }

  private static Link link(StripeHelpers.Prepared p, Session s, boolean reused) {
    return new Link(s.getId(), s.getUrl(), s.getExpiresAt() == null ? 0 : s.getExpiresAt(), reused, s.getStatus(),
        p.calls().runId(), p.customer().getId(), p.price().getId(), StripeHelpers.words(p.price()),
        Boolean.TRUE.equals(s.getLivemode()));
  }

  private static <T> T call(String step, ChainState state, dev.stripesetup.billing.StripeCall<T> call) {
    try {
      return call.run();
    } catch (StripeException e) {
      throw new ChainFailedException(step, e, state);
    }
  }
}
