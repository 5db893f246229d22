package dev.stripesetup.webhook;

import com.google.gson.JsonObject;
import com.stripe.StripeClient;
import com.stripe.model.StripeError;
import java.time.Duration;
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

  /**
   * How long one look-up may take. Handling is one event at a time, so a stalled Stripe would
   * otherwise hold up every later line and a stop (stripe-java's own read timeout is a minute, with
   * retries on top).
   */
  Duration LOOKUP_BUDGET = Duration.ofSeconds(5);

  /** Reads the reason from Stripe within {@link #LOOKUP_BUDGET}; failures are reported to {@code log} and give null. */
  static DeclineReasons fromStripe(StripeClient client, Consumer<String> log) {
    return fromStripe(client, log, LOOKUP_BUDGET);
  }

  /** Reads the reason from Stripe, giving up after {@code budget}. */
  static DeclineReasons fromStripe(StripeClient client, Consumer<String> log, Duration budget) {
    return new StripeDeclineReasons(client, log, budget);
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
