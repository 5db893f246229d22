package dev.stripesetup.cli.command;

import dev.stripesetup.cli.CliException;
import dev.stripesetup.cli.Confirmation;
import dev.stripesetup.cli.ExitCode;

import dev.stripesetup.cli.BaseCommand;
import dev.stripesetup.cli.CliContext;
import dev.stripesetup.cli.StripeConnection;
import dev.stripesetup.cli.option.PageSize;
import dev.stripesetup.cli.option.YesOptions;

import dev.stripesetup.config.ApiKey;
import dev.stripesetup.config.Secrets;
import dev.stripesetup.operate.CleanupFilter;
import dev.stripesetup.operate.CleanupFinder;
import dev.stripesetup.operate.CleanupItem;
import dev.stripesetup.operate.CleanupPlan;
import dev.stripesetup.operate.CleanupRunner;
import dev.stripesetup.output.CleanupReport;
import dev.stripesetup.output.Console;
import dev.stripesetup.billing.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stripe-setup cleanup}: in test mode only, removes what this tool created (found by its
 * metadata), optionally only one run's or one email's. Lists first, asks (or --yes), then cancels
 * subscriptions, deletes customers and archives prices and products. Safe to re-run: what is already
 * done is skipped, so a second run after an interruption finishes the job.
 */
@Command(name = "cleanup",
    description = "Test mode only: cancel, delete and archive what stripe-setup created.",
    footer = {"", "Exit codes:",
        "  0 cleaned (or nothing to do)", "  2 bad option", "  3 configuration",
        "  4 live key (always refused), or not confirmed", "  20-24 Stripe errors (re-run to finish)"})
public final class CleanupCommand extends BaseCommand {

  @Spec
  CommandSpec spec;

  @Mixin
  YesOptions common;

  @Option(names = "--run", paramLabel = "run_...", description = "Only what this run created (its stripe_setup_run metadata).")
  String run;

  @Option(names = "--email", paramLabel = "EMAIL", description = "Only the customers with this email and their subscriptions.")
  String email;

  @Option(names = "--dry-run", description = "List what would be done and change nothing.")
  boolean dryRun;

  @Option(names = "--page-size", hidden = true, defaultValue = "100", description = "List page size (1-100).")
  long pageSize;

  public CleanupCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() throws Exception {
    Console console = context.console();
    PageSize.check(spec, pageSize);
    CleanupFilter filter = CleanupFilter.byEmail(run(run), email);
    Secrets secrets = StripeConnection.secrets(context, common);
    ApiKey key = StripeConnection.key(secrets, console);
    if (key.isLive()) {
      // Refused outright, --live or not: deleting customers has no place in a live account.
      throw new CliException(ExitCode.LIVE_REFUSED, "cleanup runs only with a test key; refusing the live key "
          + key.masked() + " from " + key.source() + " (nothing was sent to Stripe)");
    }
    StripeConnection stripe = StripeConnection.open(context, common, secrets, key);
    CleanupPlan plan = new CleanupFinder(stripe.client(), pageSize).find(filter);
    CleanupReport.list(console, plan, dryRun);
    if (dryRun || plan.toDo().isEmpty()) {
      CleanupReport.done(console, plan, dryRun, 0);
      return ExitCode.OK;
    }
    Confirmation.require(plan.summary(CleanupItem.Action.ACT) + " in test mode", common, context.prompter(), console);
    CleanupRunner runner = new CleanupRunner(stripe.client());
    int done;
    try {
      done = runner.run(plan, item -> console.info(capitalized(item.kind().done()) + " " + item.kind().noun() + " " + item.id()));
    } catch (CleanupRunner.Stopped s) {
      console.info("cleanup stopped after " + s.done() + " of " + plan.toDo().size() + " changes, at "
          + s.item().kind().noun() + " " + s.item().id() + "; run the same cleanup again to finish "
          + "(what is done is skipped)");
      throw s.stripeCause();
    }
    CleanupReport.done(console, plan, false, done);
    return ExitCode.OK;
  }

  private static String run(String value) {
    if (value == null) {
      return null;
    }
    String r = value.strip();
    if (!r.matches("run_[A-Za-z0-9]{1,64}")) {
      throw new InvalidInputException("run", "'" + r + "' is not a run ID (run_..., as printed by the chain)");
    }
    return r;
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
