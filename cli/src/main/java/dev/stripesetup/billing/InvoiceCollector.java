package dev.stripesetup.billing;

import com.stripe.exception.StripeException;
import com.stripe.model.Invoice;
import com.stripe.model.Subscription;

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
      // Open Checkout links of the plan are out of play before the live-subscription check (an
      // open link would be a second way to pay for the plan).
      StripeHelpers.Prepared p = helpers.prepare(r, held.held(), StripeHelpers.Pay.INVOICE, null);
      if (p.existing() != null) {
        helpers.noteDiscountNotChanged(p.discount(), p.existing());
        return withInvoiceLink(helpers.resultOf(p, p.existing(), true), p.existing());
      }
      CollectCalls calls = new CollectCalls(p.calls());
      String customerId = p.customer().getId();
      String priceId = p.price().getId();
      Subscription sub;
      try {
        sub = helpers.subscriptions().create(
            after -> calls.invoicedSubscriptionKey(customerId, priceId, daysUntilDue, p.discount(), after),
            calls.createInvoicedSubscription(customerId, priceId, daysUntilDue, p.discount()), steps);
      } catch (StripeException e) {
        throw new ChainFailedException("create subscription", e, p.state());
      }
      Invoice invoice = sub.getLatestInvoiceObject();
      helpers.progress().accept("Created subscription " + sub.getId() + " (" + sub.getStatus() + "), invoiced"
          + (invoice != null ? ": invoice " + invoice.getId() + " due in " + daysUntilDue + " days" : ""));
      p.state().record("subscription", sub.getId(), false);
      return withInvoiceLink(helpers.resultOf(p, sub, false), sub).withDiscount(
          p.discount() == null ? null : p.discount().words());
    }
  }

  /** The hosted invoice link, while the invoice is unpaid: what the customer pays on. */
  static SetupResult withInvoiceLink(SetupResult r, Subscription sub) {
    Invoice invoice = sub.getLatestInvoiceObject();
    String url = invoice != null && ("open".equals(invoice.getStatus()) || "uncollectible".equals(invoice.getStatus()))
        ? invoice.getHostedInvoiceUrl() : r.hostedInvoiceUrl();
    return r.withHostedInvoiceUrl(url);
  }
}
