package dev.stripesetup.cli.command;

import dev.stripesetup.cli.BaseCommand;
import dev.stripesetup.cli.CliContext;
import dev.stripesetup.cli.ExitCode;
import dev.stripesetup.cli.option.CommonOptions;

import dev.stripesetup.output.JsonResult;
import dev.stripesetup.config.KeychainStore;
import dev.stripesetup.output.Console;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code stripe-setup logout}: removes the key {@code login} stored in the OS keychain. */
@Command(name = "logout",
    description = "Remove the API key that `stripe-setup login` stored in the OS keychain.",
    footer = {"", "Exit codes: 0 removed (or none was stored), 3 no keychain."})
public final class LogoutCommand extends BaseCommand {

  @Mixin
  CommonOptions common;

  public LogoutCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    Console console = context.console();
    KeychainStore store = KeychainStore.of(context.env());
    boolean removed = store.delete();
    if (console.json()) {
      Map<String, Object> doc = JsonResult.of(ExitCode.OK);
      doc.put("removed", removed);
      doc.put("keychain", store.label());
      console.printJson(doc);
    }
    console.result(removed ? "Removed the API key from " + store.label() : "No API key was stored in " + store.label());
    return ExitCode.OK;
  }
}
