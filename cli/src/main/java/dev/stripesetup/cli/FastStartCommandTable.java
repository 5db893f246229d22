package dev.stripesetup.cli;

import dev.stripesetup.cli.command.BatchCommand;
import dev.stripesetup.cli.command.CancelCommand;
import dev.stripesetup.cli.command.CdsTrainingCommand;
import dev.stripesetup.cli.command.ChangeCommand;
import dev.stripesetup.cli.command.CleanupCommand;
import dev.stripesetup.cli.command.ConfigCommand;
import dev.stripesetup.cli.command.FailuresCommand;
import dev.stripesetup.cli.command.ListenCommand;
import dev.stripesetup.cli.command.LoginCommand;
import dev.stripesetup.cli.command.LogoutCommand;
import dev.stripesetup.cli.command.PauseCommand;
import dev.stripesetup.cli.command.PermissionsCommand;
import dev.stripesetup.cli.command.PortalCommand;
import dev.stripesetup.cli.command.ResumeCommand;
import dev.stripesetup.cli.command.RetryCommand;
import dev.stripesetup.cli.command.SimulateCommand;
import dev.stripesetup.cli.command.StatusCommand;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The subcommand table, and what keeps picocli's start-up short: only the subcommands the arguments
 * name are registered, the root help lists every command from this table without loading them, and
 * two picocli switches skip work no command needs. See docs/startup.md for the figures.
 */
public final class FastStartCommandTable {
  /**
   * The subcommands and the line the root help shows for each (null: hidden). picocli reflects over
   * every registered command when it starts, which costs a plain chain run and the root --help over
   * 100 ms, and each subcommand's own --help about 40 ms, for commands they never use.
   */
  static final Map<String, Class<?>> SUBCOMMANDS = new LinkedHashMap<>();
  static final Map<String, String> SUMMARIES = new LinkedHashMap<>();

  static {
    subcommand("batch", BatchCommand.class, "Put every customer of a CSV file on a plan: one subscription per valid row.");
    subcommand("status", StatusCommand.class, "Show a subscription, every subscription of a customer, or of every customer with an email.");
    subcommand("cancel", CancelCommand.class, "Cancel a subscription at the end of its period, or now with --now.");
    subcommand("change", ChangeCommand.class, "Move a subscription to another plan, after Stripe's preview of the proration.");
    subcommand("pause", PauseCommand.class, "Pause collecting payments for a subscription (until a date, or until resume).");
    subcommand("resume", ResumeCommand.class, "Resume collecting payments for a paused subscription.");
    subcommand("retry", RetryCommand.class, "Pay a subscription's open invoices now with the customer's current default card.");
    subcommand("portal", PortalCommand.class, "Print a Billing Portal link where the customer updates the card, sees invoices or cancels.");
    subcommand("cleanup", CleanupCommand.class, "Test mode only: cancel, delete and archive what stripe-setup created.");
    subcommand("simulate", SimulateCommand.class, "Test mode: watch months of renewals and failed payments on a Stripe test clock.");
    subcommand("listen", ListenCommand.class, "Receive Stripe webhooks and print one line per failed payment.");
    subcommand("failures", FailuresCommand.class, "List the payment failures that listen recorded, newest first.");
    subcommand("permissions", PermissionsCommand.class,
        "List the restricted-key (rk_) permissions each command needs, as the Dashboard names them.");
    subcommand("login", LoginCommand.class, "Store your Stripe API key in the OS keychain, after checking it with one read-only call.");
    subcommand("logout", LogoutCommand.class, "Remove the API key that `stripe-setup login` stored in the OS keychain.");
    subcommand("config", ConfigCommand.class,
        "Show each setting (masked) and where it comes from: environment, then .env, then the OS keychain.");
    subcommand("generate-completion", AutoComplete.GenerateCompletion.class, "Generate bash/zsh completion script for stripe-setup.");
    subcommand("cds-training", CdsTrainingCommand.class, null);
  }

  private FastStartCommandTable() {}

  private static void subcommand(String name, Class<?> type, String summary) {
    SUBCOMMANDS.put(name, type);
    if (summary != null) {
      SUMMARIES.put(name, summary);
    }
  }

  /**
   * Two documented picocli switches that save start-up time, unless already set. No option here is a
   * java.sql or java.time type, and registering their converters initialises those packages by
   * reflection (10-15 ms). No annotation here holds a Groovy closure, and looking for Groovy makes the
   * class loader search the 16,000-entry jar for a class that is not there (about 10 ms).
   */
  static void setPicocliSwitches() {
    if (System.getProperty("picocli.converters.excludes") == null) {
      System.setProperty("picocli.converters.excludes", "java\\.(sql|time)\\..*");
    }
    if (System.getProperty("picocli.disable.closures") == null) {
      System.setProperty("picocli.disable.closures", "true");
    }
  }

  /**
   * Registers the subcommands these arguments name (all of them for null, or for
   * {@code generate-completion}, whose script covers every command), and the root help's command
   * list, which comes from {@link #SUMMARIES} either way.
   */
  static void register(CommandLine cmd, String[] args) {
    boolean all = args == null || named(args, "generate-completion");
    for (Map.Entry<String, Class<?>> sub : SUBCOMMANDS.entrySet()) {
      if (all || named(args, sub.getKey())) {
        cmd.addSubcommand(sub.getKey(), sub.getValue());
      }
    }
    cmd.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, new CommandListHeading());
    cmd.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, new CommandList());
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
}
