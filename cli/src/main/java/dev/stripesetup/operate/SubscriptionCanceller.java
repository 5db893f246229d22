package dev.stripesetup.operate;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Subscription;
import com.stripe.param.SubscriptionCancelParams;
import com.stripe.param.SubscriptionUpdateParams;

/**
 * Cancels one subscription, at the end of its period (an update: it keeps running and billing stops
 * then) or now (Stripe's cancel, optionally crediting unused time and invoicing what is pending).
 * Both calls carry keys from {@link OperateKeys}; what is returned is the subscription as it really
 * is afterwards, which the caller checks.
 */
public final class SubscriptionCanceller {
  /** How to cancel. prorate and invoiceNow only apply to {@link #now}. */
  public record How(boolean now, boolean prorate, boolean invoiceNow) {
    public String idempotencyKey(String subscriptionId) {
      return now ? OperateKeys.cancelNow(subscriptionId, prorate, invoiceNow)
          : OperateKeys.cancelAtPeriodEnd(subscriptionId);
    }
  }

  private final StripeClient client;

  public SubscriptionCanceller(StripeClient client) {
    this.client = client;
  }

  /** The subscription with its customer, payment method and latest invoice, to show before asking. */
  public SubscriptionView retrieve(String id) throws StripeException {
    return SubscriptionView.of(fetch(id), null);
  }

  private Subscription fetch(String id) throws StripeException {
    return SubscriptionLookup.retrieve(client, id);
  }

  private static boolean replayed(Subscription s) {
    return s.getLastResponse() != null
        && s.getLastResponse().headers().firstValue("Idempotent-Replayed").map("true"::equals).orElse(false);
  }

  /**
   * Cancels and returns the subscription as it is afterwards. If Stripe refuses because someone else
   * canceled it meanwhile, that is the wanted end state: the fresh subscription is returned.
   */
  public SubscriptionView cancel(String id, How how) throws StripeException {
    try {
      Subscription s;
      if (how.now()) {
        SubscriptionCancelParams.Builder p = SubscriptionCancelParams.builder().addAllExpand(SubscriptionLookup.EXPAND)
            .addExpand("customer");
        if (how.prorate()) {
          p.setProrate(true);
        }
        if (how.invoiceNow()) {
          p.setInvoiceNow(true);
        }
        s = client.v1().subscriptions().cancel(id, p.build(), OperateKeys.options(how.idempotencyKey(id)));
      } else {
        s = client.v1().subscriptions().update(id, SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(true)
            .addAllExpand(SubscriptionLookup.EXPAND).addExpand("customer").build(),
            OperateKeys.options(how.idempotencyKey(id)));
      }
      // Stripe keeps a key's answer for 24 hours: a repeat within that window (say, after someone
      // undid the cancellation in the Dashboard) gets the saved answer and nothing happens. So a
      // replayed answer is not trusted; the subscription is read again and the caller sees the truth.
      return replayed(s) ? SubscriptionView.of(fetch(id), null) : SubscriptionView.of(s, null);
    } catch (InvalidRequestException e) {
      if ("resource_missing".equals(e.getCode())) {
        throw e;
      }
      Subscription fresh = fetch(id);
      if ("canceled".equals(fresh.getStatus())) {
        return SubscriptionView.of(fresh, null);
      }
      throw e;
    }
  }
}
