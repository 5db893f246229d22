package dev.stripesetup.output;

import dev.stripesetup.operate.SubscriptionView;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** One subscription as {@code status} and {@code cancel} print it: aligned lines, or a JSON object. */
public final class SubscriptionReport {
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  private SubscriptionReport() {}

  public static String date(Long epochSeconds) {
    return epochSeconds == null ? null : DATE.format(Instant.ofEpochSecond(epochSeconds));
  }

  /**
   * When a cancellation at period end takes effect: its date, or "date not known" when Stripe (or a
   * Stripe-compatible server) sent no period. Never "null".
   */
  public static String endDate(SubscriptionView v) {
    Long when = v.cancelAt() != null ? v.cancelAt() : v.periodEnd();
    return when == null ? "date not known" : date(when);
  }

  /** The headline and detail rows, on stdout. */
  public static void print(Console console, SubscriptionView v) {
    console.result(v.id() + "  " + (v.status() != null ? v.status() : "status not known")
        + (v.paused() ? " (paused)" : "") + "  " + v.plan());
    row(console, "Customer", v.customerId() + (v.customerEmail() != null ? " (" + v.customerEmail() + ")" : "")
        + "  " + DashboardLinks.of(v.customerId(), v.livemode()));
    if (v.periodStart() != null && v.periodEnd() != null && !v.ended()) {
      row(console, "Current period", date(v.periodStart()) + " to " + date(v.periodEnd()));
    }
    if ("trialing".equals(v.status()) && v.trialEnd() != null) {
      row(console, "Trial ends", date(v.trialEnd()));
    }
    Long next = v.nextBillingDate();
    if (next != null) {
      row(console, "Next billing", date(next));
    }
    if (v.paused()) {
      row(console, "Collection", pause(v));
    }
    row(console, "Cancellation", cancellation(v));
    row(console, "Payment method", v.paymentMethodId() == null ? "none"
        : v.paymentMethodId() + (v.cardBrand() != null ? " (" + v.cardBrand() + " ending " + v.cardLast4() + ")" : "")
            + (v.paymentMethodFromCustomer() ? ", the customer's default" : ""));
    if (v.invoiceId() != null) {
      String details = (v.invoiceStatus() != null ? v.invoiceStatus() : "")
          + (v.invoiceAmountRemaining() != null ? (v.invoiceStatus() != null ? ", " : "")
              + v.invoiceAmountRemaining() + " unpaid" : "");
      row(console, "Latest invoice", v.invoiceId() + (details.isEmpty() ? "" : " (" + details + ")"));
    }
    if (v.unpaidInvoice()) {
      row(console, "Pay here", v.hostedInvoiceUrl());
    }
    row(console, "Dashboard", DashboardLinks.of(v.id(), v.livemode()));
  }

  /** "none", "at period end (2026-12-27 16:53 UTC)", "canceled 2026-11-27 16:53 UTC". */
  public static String cancellation(SubscriptionView v) {
    if (v.ended()) {
      Long when = v.endedAt() != null ? v.endedAt() : v.canceledAt();
      return (v.status() != null ? v.status() : "ended") + (when != null ? " " + date(when) : "");
    }
    if (v.cancelAtPeriodEnd()) {
      return "at period end (" + endDate(v) + ")";
    }
    if (v.cancelAt() != null) {
      return "scheduled for " + date(v.cancelAt());
    }
    return "none";
  }

  /** "paused until 2027-01-04 00:00 UTC (new invoices are voided)", or "paused until resumed (...)". */
  public static String pause(SubscriptionView v) {
    String what = switch (v.pauseBehavior()) {
      case "void" -> "new invoices are voided";
      case "keep_as_draft" -> "new invoices stay drafts";
      case "mark_uncollectible" -> "new invoices are marked uncollectible";
      default -> v.pauseBehavior();
    };
    return "paused " + (v.pauseResumesAt() != null ? "until " + date(v.pauseResumesAt()) : "until resumed")
        + " (" + what + ")";
  }

  private static void row(Console console, String label, String value) {
    console.result(String.format("  %-15s %s", label, value));
  }

  public static Map<String, Object> json(SubscriptionView v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", v.id());
    m.put("status", v.status());
    m.put("plan", v.plan());
    m.put("livemode", v.livemode());
    m.put("dashboard_url", DashboardLinks.of(v.id(), v.livemode()));
    Map<String, Object> customer = new LinkedHashMap<>();
    customer.put("id", v.customerId());
    customer.put("email", v.customerEmail());
    customer.put("dashboard_url", DashboardLinks.of(v.customerId(), v.livemode()));
    m.put("customer", customer);
    m.put("current_period_start", v.periodStart());
    m.put("current_period_end", v.periodEnd());
    m.put("next_billing_date", v.nextBillingDate() == null ? null : Instant.ofEpochSecond(v.nextBillingDate()).toString());
    m.put("trial_end", v.trialEnd());
    Map<String, Object> pause = new LinkedHashMap<>();
    pause.put("behavior", v.pauseBehavior());
    pause.put("resumes_at", v.pauseResumesAt());
    m.put("pause_collection", v.paused() ? pause : null);
    m.put("cancel_at_period_end", v.cancelAtPeriodEnd());
    m.put("cancel_at", v.cancelAt());
    m.put("canceled_at", v.canceledAt());
    m.put("ended_at", v.endedAt());
    Map<String, Object> pm = new LinkedHashMap<>();
    pm.put("id", v.paymentMethodId());
    pm.put("brand", v.cardBrand());
    pm.put("last4", v.cardLast4());
    pm.put("customer_default", v.paymentMethodFromCustomer());
    m.put("default_payment_method", pm);
    Map<String, Object> inv = new LinkedHashMap<>();
    inv.put("id", v.invoiceId());
    inv.put("status", v.invoiceStatus());
    inv.put("amount_remaining", v.invoiceAmountRemaining());
    inv.put("hosted_invoice_url", v.hostedInvoiceUrl());
    m.put("latest_invoice", v.invoiceId() == null ? null : inv);
    return m;
  }
}
