package dev.stripesetup.simulate;

import dev.stripesetup.output.JsonResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The timeline as one JSON document (times as Unix seconds, amounts in minor units, as Stripe has them). */
public final class TimelineJson {
  private TimelineJson() {}

  public static Map<String, Object> document(Timeline t, int exitCode) {
    Map<String, Object> doc = JsonResult.of(exitCode);
    doc.put("simulation", t.simulationId());
    doc.put("test_clock", t.clockId());
    doc.put("test_clock_kept", t.clockKept());
    doc.put("customer", t.customerId());
    doc.put("subscription", t.subscriptionId());
    doc.put("price", t.priceId());
    doc.put("plan", t.plan());
    doc.put("currency", t.currency());
    doc.put("fail_from", t.failFrom());
    doc.put("recover_at", t.recoverAt());
    List<Map<String, Object>> periods = new ArrayList<>();
    for (Timeline.Period p : t.periods()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("period", p.number());
      row.put("start", p.start());
      row.put("end", p.end());
      row.put("invoice", p.invoiceId());
      row.put("amount", p.amount());
      row.put("result", p.result());
      row.put("attempt_count", p.attempts());
      row.put("next_payment_attempt", p.nextRetry());
      row.put("subscription_status", p.subscriptionStatus());
      row.put("note", p.note());
      row.put("from_earlier_run", p.earlierRun());
      periods.add(row);
    }
    doc.put("periods", periods);
    List<Map<String, Object>> invoices = new ArrayList<>();
    for (Timeline.InvoiceState i : t.invoices()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("invoice", i.id());
      row.put("period", i.period());
      row.put("amount", i.amount());
      row.put("status", i.status());
      row.put("attempt_count", i.attempts());
      row.put("paid_at", i.paidAt());
      invoices.add(row);
    }
    doc.put("invoices", invoices);
    doc.put("final_subscription_status", t.finalStatus());
    return doc;
  }
}
