package dev.stripesetup.operate;

import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.PaymentMethod;
import com.stripe.param.CustomerRetrieveParams;
import com.stripe.param.InvoiceListParams;
import com.stripe.param.InvoicePayParams;
import dev.stripesetup.stripe.Money;
import java.util.ArrayList;
import java.util.List;

/**
 * Pays a subscription's open invoices now (Stripe's {@code POST /v1/invoices/{id}/pay}) with the
 * customer's current default card: the one they set in the portal or on the hosted invoice page,
 * which may not be the subscription's own (failed) default. Each attempt has its own key
 * ({@link OperateKeys#pay}); a paid invoice is no longer open, so a repeat does not pay it again.
 */
public final class InvoiceRetrier {
  /** An open invoice: what it asks for and how many attempts it has had. */
  public record Open(String id, long amountRemaining, String currency, long attemptCount, String hostedInvoiceUrl) {
    public String amount() {
      return new Money(amountRemaining, currency).format();
    }
  }

  /** How one payment went: paid, or declined with Stripe's decline code and message. */
  public record Result(Open invoice, boolean paid, String declineCode, String message) {}

  /** The card that will be charged: the customer's invoice default, or null (Stripe then uses the subscription's). */
  public record Card(String id, String brand, String last4) {
    public String words() {
      return id == null ? "the subscription's default payment method (the customer has no default card)"
          : id + (brand != null ? " (" + brand + " ending " + last4 + ")" : "") + ", the customer's default card";
    }
  }

  private final StripeClient client;

  public InvoiceRetrier(StripeClient client) {
    this.client = client;
  }

  /** Every open invoice of the subscription, oldest first (so they are paid in the order they were billed). */
  public List<Open> open(String subscriptionId) throws StripeException {
    List<Open> open = new ArrayList<>();
    InvoiceListParams params = InvoiceListParams.builder().setSubscription(subscriptionId)
        .setStatus(InvoiceListParams.Status.OPEN).setLimit(100L).build();
    for (Invoice i : client.v1().invoices().list(params).autoPagingIterable()) {
      open.add(0, new Open(i.getId(), i.getAmountRemaining(), i.getCurrency(),
          i.getAttemptCount() == null ? 0 : i.getAttemptCount(), i.getHostedInvoiceUrl()));
    }
    return open;
  }

  public Card defaultCard(String customerId) throws StripeException {
    Customer c = client.v1().customers().retrieve(customerId, CustomerRetrieveParams.builder()
        .addExpand("invoice_settings.default_payment_method").build());
    if (c.getInvoiceSettings() == null || c.getInvoiceSettings().getDefaultPaymentMethod() == null) {
      return new Card(null, null, null);
    }
    PaymentMethod pm = c.getInvoiceSettings().getDefaultPaymentMethodObject();
    return new Card(c.getInvoiceSettings().getDefaultPaymentMethod(),
        pm != null && pm.getCard() != null ? pm.getCard().getBrand() : null,
        pm != null && pm.getCard() != null ? pm.getCard().getLast4() : null);
  }

  public Result pay(Open invoice, Card card) throws StripeException {
    InvoicePayParams.Builder params = InvoicePayParams.builder();
    if (card.id() != null) {
      params.setPaymentMethod(card.id());
    }
    try {
      Invoice paid = client.v1().invoices().pay(invoice.id(), params.build(),
          OperateKeys.options(OperateKeys.pay(invoice.id(), invoice.attemptCount(), card.id() == null ? "default" : card.id())));
      return new Result(invoice, "paid".equals(paid.getStatus()), null,
          "paid".equals(paid.getStatus()) ? null : "Stripe left it " + paid.getStatus());
    } catch (CardException e) {
      return new Result(invoice, false, e.getDeclineCode() != null ? e.getDeclineCode() : e.getCode(),
          e.getStripeError() != null ? e.getStripeError().getMessage() : e.getMessage());
    }
  }
}
