package dev.stripesetup.cli;

import dev.stripesetup.config.ApiKey;
import dev.stripesetup.config.Secrets;
import dev.stripesetup.output.Console;
import dev.stripesetup.output.DryRunPlan;
import dev.stripesetup.output.SetupSummary;
import dev.stripesetup.stripe.EmailLock;
import dev.stripesetup.stripe.InvalidInputException;
import dev.stripesetup.stripe.SetupRequest;
import dev.stripesetup.stripe.SetupResult;
import dev.stripesetup.stripe.StripeHelpers;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stripe-setup --name "Jenny Rosen" --email jenny@example.com --amount 20}: puts one customer
 * on recurring billing. Reads the flags, loads the key, guards live mode, and hands the chain to
 * {@link StripeHelpers}.
 *
 * <p>{@code addMethodSubcommands = false} (here and on every command): no command is a method, and
 * looking for one makes picocli read the annotations of every method at start-up.
 */
@Command(name = "stripe-setup", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    sortOptions = false, usageHelpAutoWidth = true, addMethodSubcommands = false,
    description = "Set up recurring billing on Stripe: customer -> payment method -> price -> subscription.",
    footer = {"", "Secrets: STRIPE_API_KEY from the environment or .env (see .env.example).",
        "Exit codes: 0 ok, 1 unexpected, 2 bad input, 3 configuration, 4 live refused,",
        "  5 ambiguous customer, 6 batch journal mismatch, 7 batch rows failed,",
        "  10 declined, 11 needs 3D Secure, 12 not active,",
        "  20 authentication, 21 permission, 22 invalid request, 23 rate limited,",
        "  24 network, 25 not found, 130 interrupted."})
public final class Main implements Callable<Integer> {
  private final CliContext context;

  @Mixin
  SubscriptionOptions subscription;

  @Mixin
  CommonOptions common;

  @Option(names = "--dry-run", description = "Print every call that would be made, and send nothing (no key needed).")
  boolean dryRun;

  public Main(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Console console = context.console();
    console.configure(common.json, common.verbose);
    MissingFlagPrompts.askForMissing(subscription, context.prompter());
    SetupRequest request = subscription.toRequest();
    if (dryRun) {
      DryRunPlan.print(console, request, StripeConnection.secrets(context, common), common.apiBase);
      return ExitCode.OK;
    }
    Secrets secrets = StripeConnection.secrets(context, common);
    ApiKey key = StripeConnection.key(secrets, console);
    if (key.isLive() && request.testCard() != null) {
      throw new InvalidInputException("payment-method", "live mode needs a real PaymentMethod (pm_...) collected "
          + "with Stripe Checkout or Elements; test cards work only with test keys");
    }
    LiveGuard.check(key, common, () -> request.planInWords() + " for " + request.email(), context.prompter(), console);
    StripeConnection stripe = StripeConnection.open(context, common, secrets, key);
    try (StripeHelpers helpers = new StripeHelpers(stripe.client(), console::info, EmailLock.directory(context.env()))) {
      SetupResult result = helpers.setUp(request);
      int exitCode = exitCodeOf(result.outcome());
      SetupSummary.print(console, result, exitCode);
      return exitCode;
    }
  }

  static int exitCodeOf(SetupResult.Outcome outcome) {
    return switch (outcome) {
      case SUBSCRIBED, ALREADY_SUBSCRIBED -> ExitCode.OK;
      case PAYMENT_DECLINED -> ExitCode.PAYMENT_DECLINED;
      case REQUIRES_ACTION -> ExitCode.PAYMENT_REQUIRES_ACTION;
      case NOT_ACTIVE -> ExitCode.SUBSCRIPTION_NOT_ACTIVE;
    };
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
    cmd.setExecutionExceptionHandler(new ErrorHandler(console));
    cmd.setParameterExceptionHandler(new UsageErrorHandler(console));
    return cmd;
  }

  /** Runs one command with the given streams and context (the seam tests use). */
  public static int run(CliContext context, String... args) {
    return commandLine(context, args).execute(args);
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    CliContext context = new CliContext(System.getenv(), Path.of("").toAbsolutePath(),
        new Console(out, err), Prompter.system());
    System.exit(run(context, args));
  }
}
