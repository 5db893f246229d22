package dev.stripesetup.cli.command;

import dev.stripesetup.cli.CliException;
import dev.stripesetup.cli.Confirmation;
import dev.stripesetup.cli.ExitCode;
import dev.stripesetup.cli.LiveGuard;

import dev.stripesetup.cli.BaseCommand;
import dev.stripesetup.cli.CliContext;
import dev.stripesetup.cli.StripeConnection;
import dev.stripesetup.cli.option.ConsentOptions;

import dev.stripesetup.output.JsonResult;
import dev.stripesetup.config.ApiKey;
import dev.stripesetup.config.Secrets;
import dev.stripesetup.operate.SubscriptionCanceller;
import dev.stripesetup.operate.SubscriptionView;
import dev.stripesetup.operate.Target;
import dev.stripesetup.output.Console;
import dev.stripesetup.output.DashboardLinks;
import dev.stripesetup.output.SubscriptionReport;
import dev.stripesetup.billing.InvalidInputException;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stripe-setup cancel sub_...}: at the end of the current period by default (it keeps running
 * until then and is not billed again), or {@code --now}. Shows the subscription and what will
 * happen, then asks (or takes --yes). An already-canceled subscription is reported, not an error.
 */
@Command(name = "cancel",
    description = "Cancel a subscription at the end of its period, or now with --now.",
    footer = {"", "Exit codes:",
        "  0 canceled (or already)", "  2 bad argument", "  3 configuration",
        "  4 live key without --live, or not confirmed", "  20-24 Stripe errors", "  25 no such subscription"})
public final class CancelCommand extends BaseCommand {
  private String subscriptionId;

  @Spec
  CommandSpec spec;

  @Mixin
  ConsentOptions common;

  @Option(names = "--now", description = "Cancel immediately instead of at the end of the current period.")
  boolean now;

  @Option(names = "--prorate", description = "With --now: credit the unused rest of the period (a proration).")
  boolean prorate;

  @Option(names = "--invoice-now", description = "With --now: invoice pending prorations and usage right away.")
  boolean invoiceNow;

  public CancelCommand(CliContext context) {
    super(context);
  }

  @Parameters(index = "0", paramLabel = "SUB_ID", description = "The subscription (sub_...).")
  void subscription(String value) {
    try {
      subscriptionId = Target.subscriptionId(value);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "SUB_ID: " + e.getMessage());
    }
  }

  @Override
  public Integer call() throws Exception {
    Console console = context.console();
    if (!now && (prorate || invoiceNow)) {
      throw new InvalidInputException(prorate ? "prorate" : "invoice-now",
          "only applies with --now (a cancellation at period end has nothing to prorate or invoice)");
    }
    Secrets secrets = StripeConnection.secrets(context, common);
    ApiKey key = StripeConnection.key(secrets, console);
    // Without --live a live key is refused before any call; the question itself comes below, once
    // the subscription has been read and the plan can be shown.
    LiveGuard.requireLiveFlag(key, common);
    StripeConnection stripe = StripeConnection.open(context, common, secrets, key);
    SubscriptionCanceller canceller = new SubscriptionCanceller(stripe.client());
    SubscriptionView before = canceller.retrieve(subscriptionId);
    SubscriptionCanceller.How how = new SubscriptionCanceller.How(now, prorate, invoiceNow);

    if (before.ended()) {
      return report(console, before, "already_canceled", "Already canceled: " + subscriptionId + " is "
          + SubscriptionReport.cancellation(before) + "; nothing to do");
    }
    if (!now && before.cancelAtPeriodEnd()) {
      return report(console, before, "already_scheduled", "Already set to cancel at period end: " + subscriptionId
          + " ends " + SubscriptionReport.endDate(before)
          + "; nothing to do (use --now to end it immediately)");
    }

    String plan = plan(before, how);
    if (key.isLive()) {
      LiveGuard.check(key, common, () -> plan, context.prompter(), console);
    } else {
      console.info(plan);
      Confirmation.require("cancel " + subscriptionId, common, context.prompter(), console);
    }
    SubscriptionView after = canceller.cancel(subscriptionId, how);
    if (!after.ended() && (now || !after.cancelAtPeriodEnd())) {
      throw new CliException(ExitCode.STRIPE_INVALID_REQUEST, "Stripe answered with its saved result of an "
          + "identical cancel request made earlier (idempotency keys are kept 24 hours) and did not act again: "
          + subscriptionId + " is still " + after.status() + " without a scheduled cancellation. Cancel it in the "
          + "Dashboard: " + DashboardLinks.of(subscriptionId, after.livemode()));
    }
    String headline = after.ended()
        ? "Canceled " + subscriptionId + " now (" + before.plan() + ")"
        : "Scheduled: " + subscriptionId + " cancels at period end, "
            + SubscriptionReport.endDate(after)
            + "; it stays " + (after.status() != null ? after.status() : "as it is") + " until then and is not billed again";
    return report(console, after, now ? "canceled_now" : "cancel_at_period_end", headline);
  }

  /** What will happen, in words, shown before the question. */
  public static String plan(SubscriptionView v, SubscriptionCanceller.How how) {
    String who = (v.status() != null ? v.status() + ", " : "") + v.plan() + " for " + v.customerId()
        + (v.customerEmail() != null ? " (" + v.customerEmail() + ")" : "");
    if (!how.now()) {
      return "Will cancel " + v.id() + " (" + who + ") at the end of its period"
          + (v.periodEnd() != null ? ", " + SubscriptionReport.date(v.periodEnd()) : "")
          + ": it keeps running until then and is not billed again.";
    }
    return "Will cancel " + v.id() + " (" + who + ") NOW: it ends immediately"
        + (how.prorate() ? "; the unused rest of the period is credited as a proration" : "; the unused rest "
            + "of the period is not credited (add --prorate to credit it)")
        + (how.invoiceNow() ? "; pending prorations and usage are invoiced now" : "") + ".";
  }

  /** The same report as the other commands that act on one subscription. */
  private static int report(Console console, SubscriptionView v, String outcome, String headline) {
    return OperateOutcome.report(console, outcome, headline, v);
  }
}
