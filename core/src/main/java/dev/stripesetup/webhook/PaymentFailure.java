package dev.stripesetup.webhook;

import dev.stripesetup.stripe.Money;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code invoice.payment_failed}: what a person needs to act on it. Amounts are in the currency's
 * minor unit, as Stripe sends them; times are Unix seconds.
 *
 * @param declineReason why the card was declined, or null when neither the event nor a look-up said
 * @param nextPaymentAttempt when Stripe retries, or null when it will not (retries exhausted, or the
 *     first invoice of an incomplete subscription)
 * @param superseded a newer invoice event for the same subscription was already applied
 */
public record PaymentFailure(String eventId, long created, boolean livemode, String invoiceId, String customerId,
    String customerEmail, String subscriptionId, long amount, String currency, long attemptCount,
    Long nextPaymentAttempt, String declineReason, String hostedInvoiceUrl, boolean superseded) {

  static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  public PaymentFailure withDeclineReason(String reason) {
    return new PaymentFailure(eventId, created, livemode, invoiceId, customerId, customerEmail, subscriptionId, amount,
        currency, attemptCount, nextPaymentAttempt, reason, hostedInvoiceUrl, superseded);
  }

  public PaymentFailure withSuperseded(boolean s) {
    return new PaymentFailure(eventId, created, livemode, invoiceId, customerId, customerEmail, subscriptionId, amount,
        currency, attemptCount, nextPaymentAttempt, declineReason, hostedInvoiceUrl, s);
  }

  public String amountFormatted() {
    try {
      return new Money(amount, currency.toLowerCase(Locale.ROOT)).format();
    } catch (RuntimeException e) {
      return amount + " " + currency;
    }
  }

  public String who() {
    return customerEmail != null ? customerEmail : customerId != null ? customerId : "unknown customer";
  }

  public String nextRetryText() {
    return nextPaymentAttempt == null ? "no automatic retry" : "next retry " + UTC.format(Instant.ofEpochSecond(nextPaymentAttempt));
  }

  public String reasonText() {
    return declineReason != null ? declineReason : "decline reason not in the event";
  }

  /** The one line printed per failure, its fields escaped ({@link Printable}). */
  public String line() {
    return Printable.escape("Payment failed: " + who() + ", " + amountFormatted() + ", attempt " + attemptCount + ", " + nextRetryText()
        + ", " + reasonText() + ", " + (hostedInvoiceUrl != null ? hostedInvoiceUrl : invoiceId)
        + " (" + invoiceId + (subscriptionId != null ? ", " + subscriptionId : "") + ", " + eventId
        + (livemode ? "" : ", test mode") + (superseded ? ", a newer invoice event was already seen" : "") + ")");
  }

  /** The JSON form: for --json, the `failures --json` listing, and the --on-failure command's stdin. */
  public Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event_id", eventId);
    m.put("created", Instant.ofEpochSecond(created).toString());
    m.put("livemode", livemode);
    m.put("customer_email", customerEmail);
    m.put("customer", customerId);
    m.put("amount", amount);
    m.put("currency", currency);
    m.put("amount_formatted", amountFormatted());
    m.put("attempt_count", attemptCount);
    m.put("next_payment_attempt", nextPaymentAttempt == null ? null : Instant.ofEpochSecond(nextPaymentAttempt).toString());
    m.put("decline_reason", declineReason);
    m.put("hosted_invoice_url", hostedInvoiceUrl);
    m.put("invoice", invoiceId);
    m.put("subscription", subscriptionId);
    m.put("superseded", superseded);
    return m;
  }
}
