package dev.stripesetup.cli.command;

import dev.stripesetup.cli.BaseCommand;
import dev.stripesetup.cli.CliContext;
import dev.stripesetup.cli.ExitCode;

import dev.stripesetup.output.JsonResult;
import dev.stripesetup.output.Console;
import dev.stripesetup.permissions.CommandPermissions;
import dev.stripesetup.permissions.Permission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stripe-setup permissions [COMMAND]}: what to tick when making a restricted key for this
 * tool, from {@link CommandPermissions} (no key needed, nothing sent).
 */
@Command(name = "permissions",
    description = "List the restricted-key (rk_) permissions each command needs, as the Dashboard names them.",
    footer = {"", "Examples:",
        "  stripe-setup permissions          # every command",
        "  stripe-setup permissions setup    # the subscription command",
        "  stripe-setup permissions batch --json",
        "", "Make the key in the Dashboard: Developers > API keys >",
        "Create restricted key; tick what is listed (Write includes Read).",
        "", "Exit codes:", "  0 listed", "  2 unknown command"})
public final class PermissionsCommand extends BaseCommand {

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "COMMAND",
      description = "setup (the subscription command), batch, status, cancel, cleanup, simulate, listen, ...")
  String command;

  @Option(names = "--json", description = "Print the table as JSON on stdout.")
  boolean json;

  public PermissionsCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    Console console = context.console();
    console.configure(json, false);
    String name = command == null ? null : command.equals("stripe-setup") ? "setup" : command;
    List<CommandPermissions.Row> rows = name == null ? CommandPermissions.ROWS : CommandPermissions.of(name);
    if (rows.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "COMMAND: no command '" + command
          + "'; one of " + String.join(", ", CommandPermissions.commands()));
    }
    if (console.json()) {
      List<Map<String, Object>> docs = new ArrayList<>();
      for (CommandPermissions.Row r : rows) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("command", r.command());
        doc.put("variant", r.variant());
        doc.put("permissions", r.permissions().stream().map(PermissionsCommand::json).toList());
        docs.add(doc);
      }
      Map<String, Object> out = JsonResult.of(ExitCode.OK);
      out.put("commands", docs);
      if (name == null) {
        out.put("all_commands", CommandPermissions.all().stream().map(PermissionsCommand::json).toList());
      }
      console.printJson(out);
      return ExitCode.OK;
    }
    console.result("Restricted key permissions (Dashboard: Developers > API keys > Create restricted key).");
    console.result("Write includes Read; leave every other resource at None.");
    for (CommandPermissions.Row r : rows) {
      console.result("");
      console.result(r.title());
      if (r.permissions().isEmpty()) {
        console.result("  none: it makes no call to Stripe");
      }
      r.permissions().forEach(p -> console.result("  " + p));
    }
    if (name == null) {
      console.result("");
      console.result("One key for every command:");
      CommandPermissions.all().forEach(p -> console.result("  " + p));
    }
    return ExitCode.OK;
  }

  private static Map<String, Object> json(Permission p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("resource", p.resource());
    m.put("access", p.access().name().toLowerCase(Locale.ROOT));
    return m;
  }
}
