package dev.stripesetup.cli;

import dev.stripesetup.config.ApiKey;
import dev.stripesetup.config.Secrets;
import dev.stripesetup.output.Console;
import dev.stripesetup.output.DryRunPlan;
import dev.stripesetup.output.SetupSummary;
import dev.stripesetup.stripe.EmailLock;
import dev.stripesetup.stripe.SetupRequest;
import dev.stripesetup.stripe.SetupRequestParser;
import dev.stripesetup.stripe.SetupResult;
import dev.stripesetup.stripe.StripeHelpers;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.UsageMessageSpec;
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
public final class Main implements Callable<Integer> {
  /**
   * The subcommands and the line the root help shows for each. A subcommand is registered only when
   * the arguments name it: picocli reflects over every registered command when it starts, which
   * costs a plain chain run and the root --help over 100 ms, and each subcommand's own --help about
   * 40 ms, for commands they never use. The root help lists them all from {@link #SUMMARIES}.
   */
  static final Map<String, Class<?>> SUBCOMMANDS = new LinkedHashMap<>();
  static final Map<String, String> SUMMARIES = new LinkedHashMap<>();

  static {
    subcommand("batch", BatchCommand.class, "Put every customer of a CSV file on a plan: one subscription per valid row.");
    subcommand("status", StatusCommand.class, "Show a subscription, every subscription of a customer, or of every customer with an email.");
    subcommand("cancel", CancelCommand.class, "Cancel a subscription at the end of its period, or now with --now.");
    subcommand("cleanup", CleanupCommand.class, "Test mode only: cancel, delete and archive what stripe-setup created.");
    subcommand("simulate", SimulateCommand.class, "Test mode: watch months of renewals and failed payments on a Stripe test clock.");
    subcommand("listen", ListenCommand.class, "Receive Stripe webhooks and print one line per failed payment.");
    subcommand("failures", FailuresCommand.class, "List the payment failures that listen recorded, newest first.");
    subcommand("login", LoginCommand.class, "Store your Stripe API key in the OS keychain, after checking it with one read-only call.");
    subcommand("logout", LogoutCommand.class, "Remove the API key that `stripe-setup login` stored in the OS keychain.");
    subcommand("config", ConfigCommand.class,
        "Show each setting (masked) and where it comes from: environment, then .env, then the OS keychain.");
    subcommand("generate-completion", AutoComplete.GenerateCompletion.class, "Generate bash/zsh completion script for stripe-setup.");
    subcommand("cds-training", CdsTrainingCommand.class, null);
  }

  private static void subcommand(String name, Class<?> type, String summary) {
    SUBCOMMANDS.put(name, type);
    if (summary != null) {
      SUMMARIES.put(name, summary);
    }
  }

  private final CliContext context;

  @Mixin
  SubscriptionOptions subscription;

  @Mixin
  CollectOptions collect;

  @Mixin
  ConsentOptions common;

  @Option(names = "--dry-run", description = "Print every call that would be made, and send nothing (no key needed).")
  boolean dryRun;

  public Main(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Console console = context.console();
    console.configure(common.json, common.verbose);
    SetupRequest request = subscription.toRequest();
    collect.validate(subscription.plan);
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
        .allowSecondSubscription(subscription.plan.allowSecondSubscription)) {
      if (collect.mode() != null) {
        return CollectRun.run(context, collect, helpers, request);
      }
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
   * the arguments name are registered (all of them for {@code generate-completion}, whose script
   * covers every command); the root help lists them from {@link #SUMMARIES} either way.
   */
  public static CommandLine commandLine(CliContext context, String[] args) {
    // Two documented picocli switches that save start-up time. No option here is a java.sql or
    // java.time type, and registering their converters initialises those packages by reflection
    // (10-15 ms). No annotation here holds a Groovy closure, and looking for Groovy makes the class
    // loader search the 16,000-entry jar for a class that is not there (about 10 ms).
    if (System.getProperty("picocli.converters.excludes") == null) {
      System.setProperty("picocli.converters.excludes", "java\\.(sql|time)\\..*");
    }
    if (System.getProperty("picocli.disable.closures") == null) {
      System.setProperty("picocli.disable.closures", "true");
    }
    Console console = context.console();
    ContextFactory factory = new ContextFactory(context);
    CommandLine cmd = new CommandLine(new Main(context), factory);
    boolean all = args == null || named(args, "generate-completion");
    for (Map.Entry<String, Class<?>> sub : SUBCOMMANDS.entrySet()) {
      if (all || named(args, sub.getKey())) {
        cmd.addSubcommand(sub.getKey(), sub.getValue());
      }
    }
    cmd.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, new CommandListHeading());
    cmd.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, new CommandList());
    cmd.setOut(console.out());
    cmd.setErr(console.err());
    cmd.setExecutionExceptionHandler(new ErrorHandler(console));
    cmd.setParameterExceptionHandler(new UsageErrorHandler(console, args == null ? null : () -> commandLine(context, null)));
    return cmd;
  }

  // Plain loops and classes rather than streams and lambdas here: on the start-up path of --help,
  // each lambda and stream costs a class spun at run time, which no class-data archive holds.
  private static boolean named(String[] args, String name) {
    for (String arg : args) {
      if (arg.equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** The root help's command list, from {@link #SUMMARIES}, without loading the commands. */
  static final class CommandList implements CommandLine.IHelpSectionRenderer {
    /** Laid out as picocli lays out its own list (Help.commandList), wrapped to the help's width. */
    @Override
    public String render(CommandLine.Help help) {
      int width = help.commandSpec().usageMessage().width();
      int longest = 0;
      for (String name : SUMMARIES.keySet()) {
        longest = Math.max(longest, name.length());
      }
      int nameColumn = Math.min(longest, width / 2) + 2;
      CommandLine.Help.TextTable table = CommandLine.Help.TextTable.forColumns(help.colorScheme().ansi(),
          new CommandLine.Help.Column(nameColumn, 2, CommandLine.Help.Column.Overflow.SPAN),
          new CommandLine.Help.Column(width - nameColumn, 2, CommandLine.Help.Column.Overflow.WRAP));
      for (Map.Entry<String, String> e : SUMMARIES.entrySet()) {
        table.addRowValues(help.colorScheme().commandText(e.getKey()), help.colorScheme().text(e.getValue()));
      }
      return table.toString();
    }
  }

  private static final class CommandListHeading implements CommandLine.IHelpSectionRenderer {
    @Override
    public String render(CommandLine.Help help) {
      return String.format("%nCommands (stripe-setup help COMMAND for each):%n");
    }
  }

  /** Runs one command with the given streams and context (the seam tests use). */
  public static int run(CliContext context, String... args) {
    String[] effective = helpRequest(args);
    return commandLine(context, effective).execute(effective);
  }

  /**
   * The bare command and {@code help [COMMAND]} show usage, as {@code --help} and
   * {@code COMMAND --help} do: someone trying the tool for the first time types one of those.
   */
  static String[] helpRequest(String[] args) {
    if (args.length == 0 || (args.length == 1 && args[0].equals("help"))) {
      return new String[] {"--help"};
    }
    if (args.length == 2 && args[0].equals("help")) {
      // A mistyped name is left alone, so that it fails as an unknown command with a suggestion.
      return SUMMARIES.containsKey(args[1]) ? new String[] {args[1], "--help"} : new String[] {args[1]};
    }
    return args;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    CliContext context = new CliContext(System.getenv(), Path.of("").toAbsolutePath(),
        new Console(out, err, CommandLine.Help.Ansi.AUTO), Prompter.system());
    System.exit(run(context, args));
  }
}
