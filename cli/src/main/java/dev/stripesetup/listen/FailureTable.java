package dev.stripesetup.listen;

import dev.stripesetup.webhook.PaymentFailure;
import dev.stripesetup.webhook.Printable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code failures} listing as aligned text lines: a header, then one line per failure, every
 * cell escaped ({@link Printable}).
 */
public final class FailureTable {
  private FailureTable() {}

  public static List<String> lines(List<PaymentFailure> failures) {
    return lines(failures, java.util.Set.of());
  }

  /** @param paidInvoices invoices paid since they failed: their failures show as recovered */
  public static List<String> lines(List<PaymentFailure> failures, java.util.Set<String> paidInvoices) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"WHEN (UTC)", "CUSTOMER", "AMOUNT", "ATTEMPT", "NEXT RETRY (UTC)", "REASON", "STATE", "INVOICE"});
    for (PaymentFailure f : failures) {
      rows.add(new String[] {
          f.created() == 0 ? "-" : Instant.ofEpochSecond(f.created()).toString().replace('T', ' ').replace("Z", "").substring(0, 16),
          f.who(), f.amountFormatted(), String.valueOf(f.attemptCount()),
          f.nextPaymentAttempt() == null ? "none" : Instant.ofEpochSecond(f.nextPaymentAttempt()).toString().replace('T', ' ').substring(0, 16),
          f.declineReason() == null ? "-" : f.declineReason(),
          paidInvoices.contains(f.invoiceId()) ? "recovered" : "unpaid",
          f.hostedInvoiceUrl() != null ? f.hostedInvoiceUrl() : f.invoiceId()});
      String[] row = rows.get(rows.size() - 1);
      for (int i = 0; i < row.length; i++) {
        row[i] = Printable.escape(row[i]);
      }
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        widths[i] = Math.max(widths[i], r[i].length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (String[] r : rows) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        b.append(i == r.length - 1 ? r[i] : String.format("%-" + widths[i] + "s  ", r[i]));
      }
      lines.add(b.toString().stripTrailing());
    }
    return lines;
  }
}
