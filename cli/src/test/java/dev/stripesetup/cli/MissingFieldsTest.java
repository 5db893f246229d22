package dev.stripesetup.cli;

import dev.stripesetup.cli.command.CancelCommand;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stripesetup.operate.SubscriptionCanceller;
import dev.stripesetup.operate.SubscriptionView;
import dev.stripesetup.output.Console;
import dev.stripesetup.output.SubscriptionReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * A Stripe-compatible server (stripe-mock, a proxy) may leave out fields real Stripe always sends:
 * status and cancel then say less, but never print "null". Pure formatting: no process, no server.
 */
class MissingFieldsTest {
  /** No status, no period, no invoice status; a cancellation at period end already scheduled. */
  private static final SubscriptionView SPARSE = SubscriptionView.builder()
      .id("sub_1").customerId("cus_1").plan("$20.00 USD every month").cancelAtPeriodEnd(true).invoiceId("in_1")
      .build();

  @Test
  void statusAndCancelWordsNeverSayNull() {
    StringWriter out = new StringWriter();
    Console console = new Console(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
    SubscriptionReport.print(console, SPARSE);
    String shown = out + SubscriptionReport.cancellation(SPARSE) + SubscriptionReport.endDate(SPARSE)
        + CancelCommand.plan(SPARSE, new SubscriptionCanceller.How(false, false, false))
        + CancelCommand.plan(SPARSE, new SubscriptionCanceller.How(true, false, false));
    assertThat(shown).doesNotContain("null").contains("at period end (date not known)")
        .contains("Latest invoice  in_1\n").contains("at the end of its period: it keeps running");
  }
}
