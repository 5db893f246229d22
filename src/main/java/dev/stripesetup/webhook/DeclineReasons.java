package dev.stripesetup.webhook;

import com.google.gson.JsonObject;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.InvoicePayment;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeError;
import com.stripe.param.InvoicePaymentListParams;
import java.util.function.Consumer;

/**
 * Why an invoice's payment was declined. An {@code invoice.payment_failed} payload does not carry
 * it (only references to the payment), so with an API key the reason is read from the invoice's
 * payments: since API 2025-03-31 an invoice links its PaymentIntents through invoice_payments.
 * Done after the delivery is acknowledged, so a slow look-up never delays Stripe.
 */
public interface DeclineReasons {
  /** The reason, or null when unknown. Never throws. */
  String lookUp(String invoiceId);

  DeclineReasons NONE = invoiceId -> null;

  /** Reads the reason from Stripe; failures are reported to {@code log} and give null. */
  static DeclineReasons fromStripe(StripeClient client, Consumer<String> log) {
    return invoiceId -> {
      if (invoiceId == null) {
        return null;
      }
      try {
        for (InvoicePayment p : client.v1().invoicePayments().list(InvoicePaymentListParams.builder()
            .setInvoice(invoiceId).addExpand("data.payment.payment_intent").build()).getData()) {
          PaymentIntent pi = p.getPayment() == null ? null : p.getPayment().getPaymentIntentObject();
          if (pi != null && pi.getLastPaymentError() != null) {
            return describe(pi.getLastPaymentError());
          }
        }
        return null;
      } catch (StripeException | RuntimeException e) {
        log.accept("could not read the decline reason of " + invoiceId + ": " + e.getMessage());
        return null;
      }
    };
  }

  /** "insufficient_funds: Your card has insufficient funds." */
  static String describe(StripeError e) {
    String code = e.getDeclineCode() != null ? e.getDeclineCode() : e.getCode() != null ? e.getCode() : "declined";
    return e.getMessage() == null ? code : code + ": " + e.getMessage();
  }

  static String describe(JsonObject error) {
    String code = EventReader.string(error, "decline_code") != null ? EventReader.string(error, "decline_code")
        : EventReader.string(error, "code") != null ? EventReader.string(error, "code") : "declined";
    String message = EventReader.string(error, "message");
    return message == null ? code : code + ": " + message;
  }
}
