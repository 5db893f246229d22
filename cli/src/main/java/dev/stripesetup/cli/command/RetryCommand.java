package dev.stripesetup.cli.command;

import dev.stripesetup.cli.CliContext;
import dev.stripesetup.cli.ExitCode;
import dev.stripesetup.cli.StripeConnection;

import dev.stripesetup.output.JsonResult;
import dev.stripesetup.config.ApiKey;
import dev.stripesetup.operate.InvoiceRetrier;
import dev.stripesetup.operate.SubscriptionLookup;
import dev.stripesetup.operate.SubscriptionView;
import dev.stripesetup.operate.Target;
import dev.stripesetup.output.Console;
import dev.stripesetup.stripe.Money;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stripe-setup retry TARGET}: after a failed payment, pays the subscription's open invoices now
 * with the customer's current default card, and says per invoice paid or declined (with the reason).
 * Nothing open: nothing sent, exit 0. Any decline: exit 10.
 */
@Command(name = "retry",
    description = "Pay a subscription's open invoices now with the customer's current default card.",
    footer = {"", "Example:", "  stripe-setup retry jenny@example.com --yes",
        "", "Exit codes:",
        "  0 paid (or nothing open)", "  2 bad argument", "  3 configuration",
        "  4 live key without --live, or not confirmed", "  5 several live subscriptions",
        "  10 declined (reason printed)", "  20-24 Stripe errors", "  25 no such subscription, customer or email"})
public final class RetryCommand extends OneSubscriptionCommand {
  @Option(names = "--dry-run", description = "List the open invoices and the card; pay nothing.")
  boolean dryRun;

  public RetryCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() throws Exception {
    Console console = context.console();
    StripeConnection stripe = connect();
    ApiKey key = stripe.key();
    String subId = subscriptionId(stripe);
    SubscriptionView sub = new SubscriptionLookup(stripe.client(), 100)
        .find(new Target(Target.Kind.SUBSCRIPTION, subId)).subscriptions().get(0);
    InvoiceRetrier retrier = new InvoiceRetrier(stripe.client());
    List<InvoiceRetrier.Open> open = retrier.open(subId);
    if (open.isEmpty()) {
      return report(console, subId, List.of(), "Nothing to pay: " + subId + " has no open invoices");
    }
    InvoiceRetrier.Card card = retrier.defaultCard(sub.customerId());
    long total = open.stream().mapToLong(InvoiceRetrier.Open::amountRemaining).sum();
    String plan = "Will charge " + open.size() + " open invoice" + (open.size() == 1 ? "" : "s") + " of " + subId
        + " (" + sub.plan() + " for " + sub.customerId() + "), " + new Money(total, open.get(0).currency()).format()
        + " in all, to " + card.words() + ": " + String.join(", ", open.stream().map(o -> o.id() + " " + o.amount()).toList());
    if (dryRun) {
      return OperateOutcome.dryRun(console, plan, "Would send POST /v1/invoices/{id}/pay for each"
          + (card.id() != null ? " with payment_method=" + card.id() : "") + "; nothing was charged.");
    }
    OperateOutcome.confirm(key, common, context, plan, "charge " + open.size() + " invoice(s) of " + subId);
    List<InvoiceRetrier.Result> results = new ArrayList<>();
    for (InvoiceRetrier.Open invoice : open) {
      results.add(retrier.pay(invoice, card));
    }
    long declined = results.stream().filter(r -> !r.paid()).count();
    return report(console, subId, results, declined == 0 ? "Paid " + results.size() + " invoice(s) of " + subId
        : declined + " of " + results.size() + " invoice(s) of " + subId + " declined; the customer can fix the card "
            + "in the portal (stripe-setup portal " + subId + ") or on the hosted invoice page, then run retry again");
  }

  private static int report(Console console, String subId, List<InvoiceRetrier.Result> results, String headline) {
    boolean declined = results.stream().anyMatch(r -> !r.paid());
    int exit = declined ? ExitCode.PAYMENT_DECLINED : ExitCode.OK;
    if (console.json()) {
      Map<String, Object> doc = JsonResult.of(exit);
      doc.put("subscription", subId);
      doc.put("invoices", results.stream().map(r -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.invoice().id());
        m.put("amount", r.invoice().amountRemaining());
        m.put("currency", r.invoice().currency());
        m.put("outcome", r.paid() ? "paid" : "declined");
        m.put("decline_code", r.declineCode());
        m.put("message", r.message());
        m.put("hosted_invoice_url", r.paid() ? null : r.invoice().hostedInvoiceUrl());
        return m;
      }).toList());
      console.printJson(doc);
      return exit;
    }
    for (InvoiceRetrier.Result r : results) {
      console.result(r.invoice().id() + "  " + r.invoice().amount() + "  " + (r.paid() ? "paid"
          : "declined: " + r.declineCode() + " (" + r.message() + ")  " + r.invoice().hostedInvoiceUrl()));
    }
    console.result(headline);
    return exit;
  }
}
