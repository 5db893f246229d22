package dev.stripesetup.operate;

import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.PaymentMethod;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import dev.stripesetup.stripe.Money;
import java.util.List;
import java.util.Set;

/**
 * What {@code status} and {@code cancel} show about one subscription, read from Stripe's objects.
 * Period dates come from the subscription items: since API 2025-03-31 the subscription itself no
 * longer carries them.
 *
 * @param paymentMethodFromCustomer true when the subscription has no default payment method of its
 *     own and the customer's invoice default is shown instead (that is what Stripe charges)
 * @param invoiceAmountRemaining the latest invoice's unpaid amount in words, or null
 * @param pauseBehavior Stripe's pause_collection behavior (void, keep_as_draft, mark_uncollectible)
 *     while collection is paused, else null
 * @param pauseResumesAt when a paused collection resumes by itself, or null (until resumed)
 */
public record SubscriptionView(
    String id,
    boolean livemode,
    String status,
    String customerId,
    String customerEmail,
    String plan,
    Long periodStart,
    Long periodEnd,
    boolean cancelAtPeriodEnd,
    Long cancelAt,
    Long canceledAt,
    Long endedAt,
    Long trialEnd,
    String paymentMethodId,
    String cardBrand,
    String cardLast4,
    boolean paymentMethodFromCustomer,
    String invoiceId,
    String invoiceStatus,
    String invoiceAmountRemaining,
    String hostedInvoiceUrl,
    String pauseBehavior,
    Long pauseResumesAt) {

  /** Statuses that keep billing: each has a next invoice date unless a cancellation is scheduled. */
  private static final Set<String> BILLING = Set.of("active", "trialing", "past_due", "unpaid");
  /** Statuses after which nothing more happens. */
  private static final Set<String> ENDED = Set.of("canceled", "incomplete_expired");

  /**
   * @param customer the customer with {@code invoice_settings.default_payment_method} expanded, or
   *     null when the subscription's own {@code customer} was expanded (or neither is known)
   */
  public static SubscriptionView of(Subscription s, Customer customer) {
    Customer c = customer != null ? customer : s.getCustomerObject();
    List<SubscriptionItem> items = s.getItems() == null ? List.of() : s.getItems().getData();
    SubscriptionItem first = items.isEmpty() ? null : items.get(0);
    PaymentMethod pm = s.getDefaultPaymentMethodObject();
    String pmId = s.getDefaultPaymentMethod();
    boolean fromCustomer = false;
    if (pmId == null && c != null && c.getInvoiceSettings() != null
        && c.getInvoiceSettings().getDefaultPaymentMethod() != null) {
      pm = c.getInvoiceSettings().getDefaultPaymentMethodObject();
      pmId = c.getInvoiceSettings().getDefaultPaymentMethod();
      fromCustomer = true;
    }
    Invoice inv = s.getLatestInvoiceObject();
    boolean unpaid = inv != null && ("open".equals(inv.getStatus()) || "uncollectible".equals(inv.getStatus()));
    return new SubscriptionView(
        s.getId(),
        Boolean.TRUE.equals(s.getLivemode()),
        s.getStatus(),
        s.getCustomer(),
        c != null && !Boolean.TRUE.equals(c.getDeleted()) ? c.getEmail() : null,
        PlanWords.of(items),
        first == null ? null : first.getCurrentPeriodStart(),
        first == null ? null : first.getCurrentPeriodEnd(),
        Boolean.TRUE.equals(s.getCancelAtPeriodEnd()),
        s.getCancelAt(),
        s.getCanceledAt(),
        s.getEndedAt(),
        s.getTrialEnd(),
        pmId,
        pm != null && pm.getCard() != null ? pm.getCard().getBrand() : null,
        pm != null && pm.getCard() != null ? pm.getCard().getLast4() : null,
        fromCustomer,
        s.getLatestInvoice(),
        inv == null ? null : inv.getStatus(),
        unpaid && inv.getAmountRemaining() != null && inv.getCurrency() != null
            ? new Money(inv.getAmountRemaining(), inv.getCurrency()).format() : null,
        unpaid ? inv.getHostedInvoiceUrl() : null,
        s.getPauseCollection() == null ? null : s.getPauseCollection().getBehavior(),
        s.getPauseCollection() == null ? null : s.getPauseCollection().getResumesAt());
  }

  /** True while Stripe's pause_collection is set: invoices are not charged. */
  public boolean paused() {
    return pauseBehavior != null;
  }

  public boolean ended() {
    return status != null && ENDED.contains(status); // Set.of(...).contains(null) throws
  }

  /** True when a cancellation is already scheduled (at period end, or at a set date). */
  public boolean cancellationScheduled() {
    return cancelAtPeriodEnd || (cancelAt != null && !ended());
  }

  /** When Stripe will next invoice it: the end of the current period, unless it ends or is not billing. */
  public Long nextBillingDate() {
    if (status == null || !BILLING.contains(status) || cancellationScheduled()) {
      return null;
    }
    return periodEnd;
  }

  /** True when the latest invoice is open or uncollectible (its hosted link lets the customer pay). */
  public boolean unpaidInvoice() {
    return hostedInvoiceUrl != null;
  }
}
