package dev.stripesetup.webhook;

/**
 * What one event means for this tool, read from stripe-java's typed objects.
 *
 * @param subscriptionId the subscription the event is about, or null
 * @param subscriptionStatus for subscription events: the subscription's status
 * @param invoiceId for invoice events
 * @param invoiceStatus for invoice events: "paid" or "payment_failed"
 * @param failure for invoice.payment_failed
 */
public record EventFacts(String eventId, String type, long created, Kind kind, String subscriptionId,
    String customerId, String subscriptionStatus, String invoiceId, String invoiceStatus, PaymentFailure failure) {

  /** The event types this tool acts on; everything else is acknowledged and ignored. */
  public enum Kind {
    PAYMENT_FAILED("invoice.payment_failed"),
    INVOICE_PAID("invoice.paid"),
    SUBSCRIPTION_UPDATED("customer.subscription.updated"),
    SUBSCRIPTION_DELETED("customer.subscription.deleted");

    private final String type;

    Kind(String type) {
      this.type = type;
    }

    public String type() {
      return type;
    }

    /** The kind for an event type, or null for types that are ignored. */
    public static Kind of(String type) {
      for (Kind k : values()) {
        if (k.type.equals(type)) {
          return k;
        }
      }
      return null;
    }

    public boolean isInvoice() {
      return this == PAYMENT_FAILED || this == INVOICE_PAID;
    }
  }
}
