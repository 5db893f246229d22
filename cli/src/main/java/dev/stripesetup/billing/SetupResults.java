package dev.stripesetup.billing;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.InvoicePayment;
import com.stripe.model.PaymentIntent;
import com.stripe.model.PaymentMethod;
import com.stripe.model.Price;
import com.stripe.model.StripeError;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.param.InvoicePaymentListParams;
import com.stripe.param.InvoiceRetrieveParams;
import dev.stripesetup.stripe.UnreachableException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@link SetupResult} of a run, as every path reports it: the objects' IDs, what was reused, and
 * how the first payment went. A subscription that is not active has its first payment read (one
 * more call) to say why: declined with its code, or waiting for the customer's authentication.
 */
final class SetupResults {
  private final StripeClient client;
  private final Consumer<String> progress;

  SetupResults(StripeClient client, Consumer<String> progress) {
    this.client = client;
    this.progress = progress;
  }

  SetupResult of(ChainCalls calls, Customer customer, ChainState state, Price price, PaymentMethod pm,
      Subscription sub, boolean existed) {
    String status = sub.getStatus();
    Invoice invoice = sub.getLatestInvoiceObject();
    String hosted = null;
    String paymentError = null;
    SetupResult.Outcome outcome;
    if ("active".equals(status) || "trialing".equals(status)) {
      outcome = existed ? SetupResult.Outcome.ALREADY_SUBSCRIBED : SetupResult.Outcome.SUBSCRIBED;
    } else {
      hosted = invoice != null ? invoice.getHostedInvoiceUrl() : null;
      PaymentIntent intent = invoice != null ? firstPaymentIntent(invoice.getId()) : null;
      StripeError error = intent != null ? intent.getLastPaymentError() : null;
      // When the payment cannot be read (a server without invoice payments, a key without access),
      // a test card still says what happened: Stripe's test cards behave the same every time.
      TestCard card = intent == null && invoice != null && pm != null ? calls.request().testCard() : null;
      if ((intent != null && "requires_action".equals(intent.getStatus())) || card == TestCard.THREE_DS) {
        outcome = SetupResult.Outcome.REQUIRES_ACTION;
        paymentError = "the card requires authentication (3D Secure) by the customer";
      } else if (error != null) {
        outcome = SetupResult.Outcome.PAYMENT_DECLINED;
        paymentError = (error.getDeclineCode() != null ? error.getDeclineCode()
            : error.getCode() != null ? error.getCode() : "declined") + ": " + error.getMessage();
      } else if (card == TestCard.DECLINED) {
        outcome = SetupResult.Outcome.PAYMENT_DECLINED;
        paymentError = "declined: the test card " + card.cliName() + " " + card.behaviour();
      } else {
        outcome = SetupResult.Outcome.NOT_ACTIVE;
      }
    }
    // A found subscription brings its payment method expanded (see ChainCalls.findSubscriptions).
    PaymentMethod card = pm != null ? pm : sub.getDefaultPaymentMethodObject();
    SubscriptionItem item = sub.getItems() != null && !sub.getItems().getData().isEmpty()
        ? sub.getItems().getData().get(0) : null;
    return SetupResult.builder()
        .runId(calls.runId()).livemode(Boolean.TRUE.equals(sub.getLivemode()))
        .customerId(customer.getId()).customerReused(state.reused("customer"))
        .paymentMethodId(card != null ? card.getId() : sub.getDefaultPaymentMethod())
        .cardBrand(card != null && card.getCard() != null ? card.getCard().getBrand() : null)
        .cardLast4(card != null && card.getCard() != null ? card.getCard().getLast4() : null)
        .priceId(price.getId()).priceReused(state.reused("price")).productId(price.getProduct())
        .planInWords(PlanText.words(price))
        .subscriptionId(sub.getId()).subscriptionExisted(existed).status(status)
        .currentPeriodEnd(item != null ? item.getCurrentPeriodEnd() : null).trialEnd(sub.getTrialEnd())
        .hostedInvoiceUrl(hosted).outcome(outcome).paymentError(paymentError)
        .build();
  }

  /**
   * Reads why the first payment did not go through. Since API 2025-03-31 an invoice no longer links
   * its PaymentIntent directly; the invoice's payments do. Best effort: the hosted invoice link is
   * what matters, so a failure here is not fatal.
   */
  private PaymentIntent firstPaymentIntent(String invoiceId) {
    try {
      return firstIntent(client.v1().invoicePayments().list(InvoicePaymentListParams.builder()
          .setInvoice(invoiceId).addExpand("data.payment.payment_intent").build()).getData());
    } catch (StripeException | RuntimeException e) {
      // Some Stripe-compatible servers have no /v1/invoice_payments; the invoice's own payments
      // field (an expansion) carries the same objects.
    }
    try {
      Invoice invoice = client.v1().invoices().retrieve(invoiceId, InvoiceRetrieveParams.builder()
          .addExpand("payments.data.payment.payment_intent").build());
      return invoice.getPayments() == null ? null : firstIntent(invoice.getPayments().getData());
    } catch (StripeException | RuntimeException e) {
      progress.accept("Could not read why the first payment did not go through (" + reason(e)
          + ")");
      return null;
    }
  }

  private static PaymentIntent firstIntent(List<InvoicePayment> payments) {
    return payments == null || payments.isEmpty() || payments.get(0).getPayment() == null ? null
        : payments.get(0).getPayment().getPaymentIntentObject();
  }

  /** A short reason, not the server's raw text (stripe-mock answers "Unrecognized request URL ..."). */
  private static String reason(Exception e) {
    if (e instanceof StripeException s && s.getStatusCode() != null && s.getStatusCode() > 0) {
      return "HTTP " + s.getStatusCode();
    }
    return e instanceof UnreachableException u ? u.getMessage() : e.getClass().getSimpleName();
  }
}
