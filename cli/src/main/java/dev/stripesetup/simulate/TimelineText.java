package dev.stripesetup.simulate;

import dev.stripesetup.stripe.Money;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The timeline as a table for a terminal: one line per period, then how every invoice ended. */
public final class TimelineText {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final String ROW = "%-6s  %-10s  %-22s  %-12s  %-7s  %-8s  %-10s  %-12s  %s";

  private TimelineText() {}

  public static List<String> lines(Timeline t) {
    List<String> out = new ArrayList<>();
    out.add("Simulation " + t.simulationId() + " on test clock " + t.clockId() + ": " + t.plan()
        + scenario(t));
    out.add("Customer " + t.customerId() + ", subscription " + t.subscriptionId() + ", price " + t.priceId());
    out.add("");
    out.add(String.format(ROW, "Period", "Starts", "Invoice", "Amount", "Result", "Attempts", "Next retry",
        "Subscription", "").stripTrailing());
    for (Timeline.Period p : t.periods()) {
      String note = p.note() == null ? "" : p.note();
      if (p.earlierRun()) {
        note = (note.isEmpty() ? "" : note + "; ") + "advanced by an earlier run, shown as it is now";
      }
      out.add(String.format(ROW, p.number(), date(p.start()), dash(p.invoiceId()),
          p.amount() == null ? "-" : money(p.amount(), t.currency()), p.result(),
          p.invoiceId() == null ? "-" : String.valueOf(p.attempts()),
          p.nextRetry() == null ? "-" : date(p.nextRetry()), p.subscriptionStatus(), note).stripTrailing());
    }
    out.add("");
    StringBuilder finals = new StringBuilder("Finally: subscription " + t.finalStatus());
    for (Timeline.InvoiceState i : t.invoices()) {
      finals.append("; ").append(i.id()).append(" (period ").append(i.period()).append(") ").append(i.status())
          .append(" after ").append(i.attempts()).append(i.attempts() == 1 ? " attempt" : " attempts");
    }
    out.add(finals.toString());
    out.add(t.clockKept() ? "Test clock " + t.clockId() + " kept (--keep): see it in the Dashboard under Billing > Test clocks"
        : "Test clock " + t.clockId() + " deleted, with its customer (--keep leaves it)");
    return out;
  }

  private static String scenario(Timeline t) {
    if (t.failFrom() == null) {
      return ", card always works";
    }
    return ", card declining from period " + t.failFrom()
        + (t.recoverAt() == null ? "" : ", fixed before period " + t.recoverAt());
  }

  static String date(long epochSecond) {
    return DAY.format(Instant.ofEpochSecond(epochSecond));
  }

  static String money(long minor, String currency) {
    return new Money(minor, currency).format();
  }

  private static String dash(String s) {
    return s == null ? "-" : s;
  }
}
