package dev.stripesetup.cli.command;

import dev.stripesetup.cli.ExitCode;
import dev.stripesetup.cli.StripeConnection;

import dev.stripesetup.cli.CliContext;
import dev.stripesetup.cli.option.CollectOptions;

import dev.stripesetup.output.CollectSummary;
import dev.stripesetup.output.Console;
import dev.stripesetup.output.SetupSummary;
import dev.stripesetup.billing.CheckoutCollector;
import dev.stripesetup.billing.Collect;
import dev.stripesetup.billing.InvoiceCollector;
import dev.stripesetup.billing.SetupRequest;
import dev.stripesetup.billing.SetupResult;
import dev.stripesetup.billing.StripeHelpers;

/**
 * The single command with {@code --collect}: a Checkout link (printed, with a QR code in a
 * terminal, then waited for) or an invoiced subscription. Ends with the chain's summary and exit
 * codes, or exit 13 while the link is unpaid or once it expired.
 */
public final class CollectRun {
  private CollectRun() {}

  public static int run(CliContext context, CollectOptions options, StripeHelpers helpers, SetupRequest request) {
    Console console = context.console();
    if (options.mode() == Collect.INVOICE) {
      SetupResult result = new InvoiceCollector(helpers).collect(request, options.daysUntilDue());
      return summary(console, result);
    }
    // STRIPE_SETUP_POLL_MS: the first wait between checks of the link (default 2 s); tests shorten it.
    long firstPoll = StripeConnection.number(context, "STRIPE_SETUP_POLL_MS", 2_000, 10, 60_000);
    CheckoutCollector collector = new CheckoutCollector(helpers, CheckoutCollector.Clock.SYSTEM, firstPoll,
        Math.max(firstPoll, 15_000)).allowPromotionCodes(options.allowPromotionCodes);
    CheckoutCollector.Collected c = collector.start(request, options.successUrl(), options.expiresIn());
    if (c.result() != null) {
      return summary(console, c.result());
    }
    boolean terminal = context.prompter().interactive();
    boolean wait = options.wait != null ? options.wait : terminal;
    if (!wait) {
      CollectSummary.print(console, c.link(), CollectSummary.State.OPEN, ExitCode.LINK_NOT_COMPLETED, terminal);
      return ExitCode.LINK_NOT_COMPLETED;
    }
    CollectSummary.print(console, c.link(), CollectSummary.State.WAITING, ExitCode.LINK_NOT_COMPLETED, terminal);
    console.info("Waiting for the customer to pay (checking the link every few seconds). Ctrl-C stops waiting; "
        + "the link stays open and the same command picks it up again.");
    CheckoutCollector.Waited waited;
    try {
      waited = collector.awaitLink(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCode.INTERRUPTED;
    }
    if (waited.result() != null) {
      return summary(console, waited.result());
    }
    if (waited.replaced()) {
      CollectSummary.printReplaced(console, c.link(), waited.newer(), ExitCode.LINK_NOT_COMPLETED);
      return ExitCode.LINK_NOT_COMPLETED;
    }
    CollectSummary.print(console, c.link(), CollectSummary.State.EXPIRED, ExitCode.LINK_NOT_COMPLETED, false);
    return ExitCode.LINK_NOT_COMPLETED;
  }

  private static int summary(Console console, SetupResult result) {
    int exitCode = ExitCode.of(result.outcome());
    SetupSummary.print(console, result, exitCode);
    return exitCode;
  }
}
