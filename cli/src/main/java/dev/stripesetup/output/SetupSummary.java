package dev.stripesetup.output;

import com.stripe.Stripe;
import dev.stripesetup.billing.SetupResult;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The end-of-run report: a few aligned lines for a person, or one JSON document. */
public final class SetupSummary {
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  private SetupSummary() {}

  public static void print(Console console, SetupResult r, int exitCode) {
    if (console.json()) {
      console.printJson(json(r, exitCode));
      return;
    }
    boolean live = r.livemode();
    String headline = switch (r.outcome()) {
      case SUBSCRIBED -> "Subscribed: " + r.planInWords();
      case ALREADY_SUBSCRIBED -> "Already subscribed (nothing new created): " + r.planInWords();
      case PAYMENT_DECLINED -> "Payment declined: the subscription is incomplete";
      case REQUIRES_ACTION -> "Payment needs the customer's authentication (3D Secure): the subscription is incomplete";
      case NOT_ACTIVE -> "Subscription is " + r.status() + ", not active";
    };
    if (r.outcome() == SetupResult.Outcome.SUBSCRIBED || r.outcome() == SetupResult.Outcome.ALREADY_SUBSCRIBED) {
      console.success(headline);
    } else {
      console.result(console.paint(headline, picocli.CommandLine.Help.Ansi.Style.bold, picocli.CommandLine.Help.Ansi.Style.fg_red));
    }
    row(console, "Customer", r.customerId(), r.customerReused() ? "reused" : "created", DashboardLinks.of(r.customerId(), live));
    if (r.paymentMethodId() != null) {
      String card = r.cardBrand() != null ? r.cardBrand() + " ending " + r.cardLast4() : "attached";
      row(console, "Payment method", r.paymentMethodId(), card, DashboardLinks.of(r.customerId(), live));
    }
    row(console, "Product", r.productId(), null, DashboardLinks.of(r.productId(), live));
    row(console, "Price", r.priceId(), (r.priceReused() ? "reused, " : "created, ") + r.planInWords(), DashboardLinks.of(r.priceId(), live));
    if (r.discount() != null) {
      console.result(String.format("  %-15s %s", "Discount", r.discount()));
    }
    row(console, "Subscription", r.subscriptionId(), r.status() + (r.subscriptionExisted() ? ", existing" : ""),
        DashboardLinks.of(r.subscriptionId(), live));
    if (r.trialEnd() != null && "trialing".equals(r.status())) {
      console.result(String.format("  %-15s %s", "Trial ends", DATE.format(Instant.ofEpochSecond(r.trialEnd()))));
    }
    if (r.currentPeriodEnd() != null && ("active".equals(r.status()) || "trialing".equals(r.status()))) {
      console.result(String.format("  %-15s %s", "Next billing", DATE.format(Instant.ofEpochSecond(r.currentPeriodEnd()))));
    }
    if (r.paymentError() != null) {
      console.result(String.format("  %-15s %s", "Reason", r.paymentError()));
    }
    if (r.hostedInvoiceUrl() != null) {
      console.result(String.format("  %-15s %s", "Pay here", r.hostedInvoiceUrl()));
    }
    console.result(String.format("  %-15s %s (%s mode)", "Run", r.runId(), live ? "live" : "test"));
  }

  private static void row(Console console, String label, String id, String note, String link) {
    StringBuilder b = new StringBuilder(String.format("  %-15s %s", label, id));
    if (note != null) {
      b.append(" (").append(note).append(')');
    }
    if (link != null) {
      b.append("  ").append(link);
    }
    console.result(b.toString());
  }

  public static Map<String, Object> json(SetupResult r, int exitCode) {
    Map<String, Object> m = JsonResult.of(exitCode);
    m.put("outcome", r.outcome().name().toLowerCase());
    m.put("livemode", r.livemode());
    m.put("api_version", Stripe.API_VERSION);
    m.put("run", r.runId());
    m.put("plan", r.planInWords());
    m.put("customer", object(r.customerId(), r.customerReused(), r.livemode()));
    Map<String, Object> pm = object(r.paymentMethodId(), null, r.livemode());
    pm.put("brand", r.cardBrand());
    pm.put("last4", r.cardLast4());
    m.put("payment_method", pm);
    m.put("product", object(r.productId(), null, r.livemode()));
    m.put("price", object(r.priceId(), r.priceReused(), r.livemode()));
    Map<String, Object> sub = object(r.subscriptionId(), r.subscriptionExisted(), r.livemode());
    sub.put("status", r.status());
    sub.put("current_period_end", r.currentPeriodEnd());
    sub.put("next_billing_date", r.currentPeriodEnd() == null ? null
        : Instant.ofEpochSecond(r.currentPeriodEnd()).toString());
    sub.put("trial_end", r.trialEnd());
    sub.put("hosted_invoice_url", r.hostedInvoiceUrl());
    sub.put("payment_error", r.paymentError());
    m.put("subscription", sub);
    m.put("discount", r.discount());
    return m;
  }

  private static Map<String, Object> object(String id, Boolean reused, boolean live) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("id", id);
    if (reused != null) {
      o.put("reused", reused);
    }
    o.put("dashboard_url", DashboardLinks.of(id, live));
    return o;
  }
}
