package dev.stripesetup.cli;

import dev.stripesetup.cli.command.CollectRun;
import dev.stripesetup.cli.option.CollectOptions;
import dev.stripesetup.cli.option.ConsentOptions;
import dev.stripesetup.cli.option.SubscriptionOptions;

import dev.stripesetup.config.ApiKey;
import dev.stripesetup.config.Secrets;
import dev.stripesetup.output.Console;
import dev.stripesetup.output.DryRunPlan;
import dev.stripesetup.output.SetupSummary;
import dev.stripesetup.billing.EmailLock;
import dev.stripesetup.billing.SetupRequest;
import dev.stripesetup.billing.SetupRequestParser;
import dev.stripesetup.billing.SetupResult;
import dev.stripesetup.billing.StripeHelpers;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stripe-setup --name "Jenny Rosen" --email jenny@example.com --amount 20}: puts one customer
 * on recurring billing. Reads the flags, loads the key, guards live mode, and hands the chain to
 * {@link StripeHelpers}.
 *
 * <p>The subcommands are listed, one line each, in {@link FastStartCommandTable#SUBCOMMANDS}, not in
 * this annotation: listed here, picocli would build all of them on every start, which costs 18 to 23%
 * of the wall time of --help and of a dry run (docs/startup.md).
 *
 * <p>{@code addMethodSubcommands = false} (here and on every command): no command is a method, and
 * looking for one makes picocli read the annotations of every method at start-up.
 */
@Command(name = "stripe-setup", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    sortOptions = false, usageHelpAutoWidth = true, addMethodSubcommands = false,
    description = "Set up recurring billing on Stripe: customer -> payment method -> price -> subscription.",
    // Lines of at most 55 columns (picocli's narrowest help): a custom synopsis is wrapped, not laid out.
    customSynopsis = {"stripe-setup --name=NAME --email=EMAIL",
        "         (--amount=AMOUNT | --price=price_...) [OPTIONS]",
        "       stripe-setup COMMAND [ARGS]"},
    footer = {"", "Secrets: STRIPE_API_KEY from the environment or .env (see .env.example).",
        "Exit codes:",
        "  0 ok                      10 declined",
        "  1 unexpected              11 needs 3D Secure",
        "  2 bad input               12 not active",
        "  3 configuration           13 link not paid or expired",
        "  4 live refused            20 authentication",
        "  5 ambiguous customer      21 permission",
        "  6 batch journal mismatch  22 invalid request",
        "  7 batch rows failed       23 rate limited",
        "  8 journal unusable        24 network",
        "  9 second subscription     25 not found",
        "                            130 interrupted"})
public final class Main extends BaseCommand {

  @Mixin
  SubscriptionOptions subscription;

  @Mixin
  CollectOptions collect;

  @Mixin
  ConsentOptions common;

  @Option(names = "--dry-run", description = "Print every call that would be made, and send nothing (no key needed).")
  boolean dryRun;

  public Main(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    Console console = context.console();
    MissingFlagPrompts.askForMissing(subscription, context.prompter());
    SetupRequest request = subscription.toRequest();
    collect.validate(subscription.plan);
    collect.validateDiscount(request);
    if (dryRun) {
      DryRunPlan.print(console, request, StripeConnection.secrets(context, common), common.apiBase, collect.plan());
      return ExitCode.OK;
    }
    Secrets secrets = StripeConnection.secrets(context, common);
    ApiKey key = StripeConnection.key(secrets, console);
    // In the README's order: a live key without --live first (exit 4), then what live mode cannot
    // use (exit 2; a collecting run has no card of its own), then the confirmation; all before any call.
    LiveGuard.requireLiveFlag(key, common);
    if (key.isLive() && collect.mode() == null) {
      SetupRequestParser.checkForLiveMode(request);
    }
    LiveGuard.check(key, common, () -> request.planInWords() + " for " + request.email(), context.prompter(), console);
    StripeConnection stripe = StripeConnection.open(context, common, secrets, key);
    try (StripeHelpers helpers = new StripeHelpers(stripe.client(), console::info, EmailLock.directory(context.env()))
        .allowSecondSubscription(subscription.plan.allowSecondSubscription).verbose(console::debug)) {
      if (collect.mode() != null) {
        return CollectRun.run(context, collect, helpers, request);
      }
      SetupResult result = helpers.setUp(request);
      int exitCode = ExitCode.of(result.outcome());
      SetupSummary.print(console, result, exitCode);
      return exitCode;
    }
  }

  /** The configured command line with every subcommand registered. */
  public static CommandLine commandLine(CliContext context) {
    return commandLine(context, null);
  }

  /**
   * The configured command line for these arguments (null: all subcommands). Only the subcommands
   * the arguments name are registered: see {@link FastStartCommandTable}.
   */
  public static CommandLine commandLine(CliContext context, String[] args) {
    FastStartCommandTable.setPicocliSwitches();
    Console console = context.console();
    CommandLine cmd = new CommandLine(new Main(context), new ContextFactory(context));
    FastStartCommandTable.register(cmd, args);
    cmd.setOut(console.out());
    cmd.setErr(console.err());
    cmd.setExecutionStrategy(new CommandLine.IExecutionStrategy() { // a class, not a lambda: see FastStartCommandTable
      @Override
      public int execute(CommandLine.ParseResult parsed) {
        return BaseCommand.start(parsed, console);
      }
    });
    cmd.setExecutionExceptionHandler(new ErrorHandler(console));
    cmd.setExitCodeExceptionMapper(ErrorReport.EXIT_CODES);
    cmd.setExpandAtFiles(false); // @FILE would put a file's lines (a .env's) into the arguments and errors
    cmd.setParameterExceptionHandler(new UsageErrorHandler(console, args == null ? null : () -> commandLine(context, null)));
    return cmd;
  }

  /** Runs one command with the given streams and context (the seam tests use). */
  public static int run(CliContext context, String... args) {
    String[] effective = FastStartCommandTable.helpRequest(args);
    return commandLine(context, effective).execute(effective);
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    CliContext context = new CliContext(System.getenv(), Path.of("").toAbsolutePath(),
        new Console(out, err, CommandLine.Help.Ansi.AUTO), Prompter.system());
    System.exit(run(context, args));
  }
}
