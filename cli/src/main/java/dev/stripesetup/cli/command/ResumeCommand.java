package dev.stripesetup.cli.command;

import dev.stripesetup.cli.CliContext;
import dev.stripesetup.cli.CliException;
import dev.stripesetup.cli.ExitCode;
import dev.stripesetup.cli.StripeConnection;

import dev.stripesetup.config.ApiKey;
import dev.stripesetup.operate.CollectionPauser;
import dev.stripesetup.operate.SubscriptionView;
import dev.stripesetup.operate.Target;
import dev.stripesetup.output.Console;
import dev.stripesetup.output.SubscriptionReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stripe-setup resume TARGET}: ends a pause_collection; not paused is reported, not an error. */
@Command(name = "resume",
    description = "Resume collecting payments for a paused subscription.",
    footer = {"", "Example:", "  stripe-setup resume sub_123 --yes",
        "", "Exit codes:",
        "  0 resumed (or was not paused)", "  2 bad argument", "  3 configuration",
        "  4 live key without --live, or not confirmed", "  5 several live subscriptions", "  12 canceled",
        "  20-24 Stripe errors", "  25 no such subscription, customer or email"})
public final class ResumeCommand extends OneSubscriptionCommand {
  @Option(names = "--dry-run", description = "Say what would be sent; change nothing.")
  boolean dryRun;

  public ResumeCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() throws Exception {
    Console console = context.console();
    StripeConnection stripe = connect();
    ApiKey key = stripe.key();
    CollectionPauser pauser = new CollectionPauser(stripe.client());
    SubscriptionView before = pauser.retrieve(subscriptionId(stripe));
    OperateOutcome.requireNotEnded(before, "resumed");
    if (!before.paused()) {
      return OperateOutcome.report(console, "not_paused", "Not paused: " + before.id() + " collects payments as "
          + "usual; nothing to do", before);
    }
    String plan = "Will resume collection for " + before.id() + " (" + before.plan() + " for " + before.customerId()
        + ", now " + SubscriptionReport.pause(before) + "): its next invoices are charged as usual.";
    if (dryRun) {
      return OperateOutcome.dryRun(console, plan, "Would send POST /v1/subscriptions/" + before.id()
          + " pause_collection= (empty); nothing was changed.");
    }
    OperateOutcome.confirm(key, common, context, plan, "resume " + before.id());
    SubscriptionView after = pauser.resume(before);
    if (after.paused()) {
      throw new CliException(ExitCode.STRIPE_INVALID_REQUEST, "Stripe answered with a saved result and did not act: "
          + after.id() + " is still " + SubscriptionReport.pause(after) + ". Resume it in the Dashboard");
    }
    return OperateOutcome.report(console, "resumed", "Resumed " + after.id() + ": payments are collected as usual", after);
  }
}
