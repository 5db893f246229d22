package dev.stripesetup.operate;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Subscription;
import com.stripe.param.SubscriptionUpdateParams;
import com.stripe.param.common.EmptyParam;

/**
 * Pauses and resumes a subscription's payment collection (Stripe's {@code pause_collection}): while
 * paused the subscription stays active and keeps its periods, but each new invoice is voided, kept as
 * a draft or marked uncollectible instead of charged. Resuming sends {@code pause_collection=}
 * (empty). A replayed answer is not trusted: the subscription is read again (see {@link #update}).
 */
public final class CollectionPauser {
  /** Stripe's pause behaviours, with the tool's --behavior words. */
  public enum Behavior {
    VOID("void"), KEEP_AS_DRAFT("keep-as-draft"), MARK_UNCOLLECTIBLE("mark-uncollectible");

    private final String cli;

    Behavior(String cli) {
      this.cli = cli;
    }

    public String api() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Behavior fromCli(String value) {
      for (Behavior b : values()) {
        if (b.cli.equals(value)) {
          return b;
        }
      }
      throw new IllegalArgumentException("'" + value + "' is not one of void|keep-as-draft|mark-uncollectible");
    }
  }

  private final StripeClient client;

  public CollectionPauser(StripeClient client) {
    this.client = client;
  }

  public SubscriptionView retrieve(String id) throws StripeException {
    return SubscriptionView.of(fetch(id), null);
  }

  private Subscription fetch(String id) throws StripeException {
    return SubscriptionLookup.retrieve(client, id);
  }

  /** @param resumesAt epoch seconds, or null to stay paused until resumed */
  public SubscriptionView pause(String id, Behavior behavior, Long resumesAt) throws StripeException {
    SubscriptionUpdateParams.PauseCollection.Builder pause = SubscriptionUpdateParams.PauseCollection.builder()
        .setBehavior(SubscriptionUpdateParams.PauseCollection.Behavior.valueOf(behavior.name()));
    if (resumesAt != null) {
      pause.setResumesAt(resumesAt);
    }
    return update(id, SubscriptionUpdateParams.builder().setPauseCollection(pause.build()),
        OperateKeys.pause(id, behavior.api(), resumesAt == null ? 0 : resumesAt),
        v -> behavior.api().equals(v.pauseBehavior()) && java.util.Objects.equals(resumesAt, v.pauseResumesAt()));
  }

  /** Ends the pause that {@code paused} shows. */
  public SubscriptionView resume(SubscriptionView paused) throws StripeException {
    return update(paused.id(), SubscriptionUpdateParams.builder().setPauseCollection(EmptyParam.EMPTY),
        OperateKeys.resume(paused.id(), paused.pauseBehavior(),
            paused.pauseResumesAt() == null ? 0 : paused.pauseResumesAt()), v -> !v.paused());
  }

  /**
   * Sends the update; when Stripe replays a saved answer (the same pause or resume was made within 24
   * hours, and undone since) and the subscription is not as asked, sends it once more under a
   * successor key naming the minute, so pause, resume, pause again works, and a retry within this
   * run still reuses one key.
   */
  private SubscriptionView update(String id, SubscriptionUpdateParams.Builder params, String key,
      java.util.function.Predicate<SubscriptionView> done) throws StripeException {
    SubscriptionUpdateParams p = params.addAllExpand(SubscriptionLookup.EXPAND).addExpand("customer").build();
    Subscription s = client.v1().subscriptions().update(id, p, OperateKeys.options(key));
    if (!OperateKeys.replayed(s)) {
      return SubscriptionView.of(s, null);
    }
    SubscriptionView now = SubscriptionView.of(fetch(id), null);
    if (done.test(now)) {
      return now;
    }
    Subscription again = client.v1().subscriptions().update(id, p,
        OperateKeys.options(key + ":after-replay:" + java.time.Instant.now().getEpochSecond() / 60));
    return SubscriptionView.of(OperateKeys.replayed(again) ? fetch(id) : again, null);
  }
}
