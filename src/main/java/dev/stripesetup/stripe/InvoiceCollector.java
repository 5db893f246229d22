package dev.stripesetup.stripe;

import com.stripe.exception.StripeException;
import com.stripe.model.Invoice;
import com.stripe.model.Subscription;
import com.stripe.param.SubscriptionRetrieveParams;

/**
 * {@code --collect invoice}: the subscription is created with collection_method=send_invoice and
 * days_until_due, and no payment method. Stripe finalizes the first invoice and emails it; the
 * customer pays on the hosted invoice page, whose link the result carries. Customer, price and the
 * "already subscribed" check are the chain's; the create carries a key from the run, customer,
 * price and due days, with the chain's successor rule for a replayed subscription since canceled.
 * Open Checkout links of the tool for the same customer and price are expired first.
 */
public final class InvoiceCollector {
  private final StripeHelpers helpers;

  public InvoiceCollector(StripeHelpers helpers) {
    this.helpers = helpers;
  }

  public SetupResult collect(SetupRequest request, int daysUntilDue) {
    return collect(request, daysUntilDue, StripeHelpers.Steps.NONE);
  }

  /** With the subscription step told to {@code steps} (batch journals its key before the call). */
  public SetupResult collect(SetupRequest request, int daysUntilDue, StripeHelpers.Steps steps) {
    SetupRequest r = Collect.withoutCard(request);
    try (EmailLock held = EmailLock.acquire(helpers.lockDirectory(), r.email(), helpers.progress())) {
      StripeHelpers.Prepared p = helpers.prepare(r, held.held());
      if (p.existing() != null) {
        return withInvoiceLink(helpers.resultOf(p, p.existing(), true), p.existing());
      }
      Subscription sub;
      try {
        // An open Checkout link for this plan would be a second way to pay for it.
        Subscription paid = new CheckoutCollector(helpers).expireOpenLinks(p);
        if (paid != null) {
          return withInvoiceLink(helpers.resultOf(p, paid, true), paid);
        }
        sub = create(p, daysUntilDue, steps);
      } catch (StripeException e) {
        throw new ChainFailedException("create subscription", e, p.state());
      }
      p.state().record("subscription", sub.getId(), false);
      return withInvoiceLink(helpers.resultOf(p, sub, false), sub);
    }
  }

  private Subscription create(StripeHelpers.Prepared p, int days, StripeHelpers.Steps steps) throws StripeException {
    CollectCalls calls = new CollectCalls(p.calls());
    String customerId = p.customer().getId();
    String priceId = p.price().getId();
    String after = null;
    while (true) {
      String key = calls.invoicedSubscriptionKey(customerId, priceId, days, after);
      steps.before("subscription", key);
      Subscription s = helpers.client().v1().subscriptions().create(
          calls.createInvoicedSubscription(customerId, priceId, days), ChainCalls.withKey(key));
      if (StripeHelpers.replayed(s)) {
        Subscription now = helpers.client().v1().subscriptions().retrieve(s.getId(),
            SubscriptionRetrieveParams.builder().addExpand("latest_invoice").build());
        if (!StripeHelpers.LIVE_STATUSES.contains(now.getStatus())) {
          helpers.progress().accept("Subscription " + s.getId() + " from an earlier identical run is "
              + now.getStatus() + ": creating a new one");
          after = s.getId();
          continue;
        }
        s = now;
      }
      steps.after("subscription", s.getId());
      Invoice invoice = s.getLatestInvoiceObject();
      helpers.progress().accept("Created subscription " + s.getId() + " (" + s.getStatus() + "), invoiced"
          + (invoice != null ? ": invoice " + invoice.getId() + " due in " + days + " days" : ""));
      return s;
    }
  }

  /** The hosted invoice link, while the invoice is unpaid: what the customer pays on. */
  static SetupResult withInvoiceLink(SetupResult r, Subscription sub) {
    Invoice invoice = sub.getLatestInvoiceObject();
    String url = invoice != null && ("open".equals(invoice.getStatus()) || "uncollectible".equals(invoice.getStatus()))
        ? invoice.getHostedInvoiceUrl() : r.hostedInvoiceUrl();
    return new SetupResult(r.runId(), r.livemode(), r.customerId(), r.customerReused(), r.paymentMethodId(),
        r.cardBrand(), r.cardLast4(), r.priceId(), r.priceReused(), r.productId(), r.planInWords(),
        r.subscriptionId(), r.subscriptionExisted(), r.status(), r.currentPeriodEnd(), r.trialEnd(), url,
        r.outcome(), r.paymentError());
  }
}
