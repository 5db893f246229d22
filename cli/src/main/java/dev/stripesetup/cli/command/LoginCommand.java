package dev.stripesetup.cli.command;

import dev.stripesetup.cli.ExitCode;
import dev.stripesetup.cli.LiveGuard;
import dev.stripesetup.cli.Prompter;
import dev.stripesetup.cli.StripeConnection;

import dev.stripesetup.cli.BaseCommand;
import dev.stripesetup.cli.CliContext;
import dev.stripesetup.cli.option.CommonOptions;

import dev.stripesetup.output.JsonResult;
import com.stripe.param.CustomerListParams;
import dev.stripesetup.config.ApiKey;
import dev.stripesetup.config.ConfigException;
import dev.stripesetup.config.KeychainStore;
import dev.stripesetup.output.Console;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code stripe-setup login}: asks for the API key without echo (or reads one line from stdin, for
 * scripts), checks it with one read-only call, and stores it in the OS keychain. Runs whose
 * environment and .env have no key then use it. Never takes the key as an argument: arguments show
 * up in {@code ps} and shell history.
 */
@Command(name = "login",
    description = {"Store your Stripe API key in the OS keychain, after checking it with one read-only call.",
        "Asks for it without echo, or reads it from stdin: printf '%%s\\n' \"$KEY\" | stripe-setup login"},
    footer = {"", "Exit codes: 0 stored, 3 configuration (no key given, not a key, no keychain),",
        "  4 live key without --live, 20-24 Stripe errors (the key was not stored)."})
public final class LoginCommand extends BaseCommand {

  @Mixin
  CommonOptions common;

  public LoginCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() throws Exception {
    Console console = context.console();
    KeychainStore store = KeychainStore.of(context.env());
    // No keychain here (a headless server): say so before asking for the key.
    store.read();
    String entered = readKey();
    if (entered == null || entered.isBlank()) {
      throw new ConfigException("login: no key given: type it at the prompt, or pipe it on stdin");
    }
    ApiKey key = ApiKey.of(entered, "the key given to login");
    console.addSecret(key.reveal(), key.masked());
    // A live key is checked with a live call, and used later only with --live too.
    LiveGuard.requireLiveFlag(key, common);
    StripeConnection stripe = StripeConnection.open(context, common, null, key);
    // One read-only call: a wrong or revoked key fails here (exit 20) and is not stored.
    stripe.client().v1().customers().list(CustomerListParams.builder().setLimit(1L).build());
    store.store(key.reveal());
    if (console.json()) {
      Map<String, Object> doc = JsonResult.of(ExitCode.OK);
      doc.put("key", key.masked());
      doc.put("stored_in", store.label());
      console.printJson(doc);
    }
    console.result("Stored " + key.mode() + " key " + key.masked() + " in " + store.label()
        + "; runs without a key in the environment or .env use it (stripe-setup logout removes it)");
    return ExitCode.OK;
  }

  private String readKey() {
    Prompter prompter = context.prompter();
    if (prompter.interactive()) {
      return prompter.askHidden("Stripe secret key (sk_... or rk_..., not shown): ");
    }
    if (prompter.inputIsTerminal()) {
      // No console (stdout redirected) but a person typing: the key would be echoed as typed.
      throw new ConfigException("login: the key would be shown as you type it, because the output is redirected; "
          + "run stripe-setup login with its output on the terminal, or pipe the key in");
    }
    try {
      return prompter.readLine();
    } catch (java.io.UncheckedIOException e) {
      throw new ConfigException("login: cannot read the key from stdin: " + e.getCause().getMessage());
    }
  }
}
