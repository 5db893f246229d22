package dev.stripesetup.cli.command;

import dev.stripesetup.cli.ExitCode;

import dev.stripesetup.cli.BaseCommand;
import dev.stripesetup.cli.CliContext;
import dev.stripesetup.cli.StripeConnection;
import dev.stripesetup.cli.option.CommonOptions;

import dev.stripesetup.output.JsonResult;
import dev.stripesetup.config.ApiKey;
import dev.stripesetup.config.ConfigException;
import dev.stripesetup.config.KeychainStore;
import dev.stripesetup.config.Secrets;
import dev.stripesetup.output.Console;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code stripe-setup config}: each setting, masked, with where it comes from, in the order runs
 * look: the environment, then .env (or --env-file), then the OS keychain. The first source that has
 * a value is the one used; the others are shown as not used. Sends nothing to Stripe.
 */
@Command(name = "config",
    description = "Show each setting (masked) and where it comes from: environment, then .env, then the OS keychain.",
    footer = {"", "Exit codes: 0 shown, 3 configuration (an unreadable .env or --env-file)."})
public final class ConfigCommand extends BaseCommand {

  @Mixin
  CommonOptions common;

  public ConfigCommand(CliContext context) {
    super(context);
  }

  /** One place a setting was found. */
  record Found(String name, String masked, String source, boolean used) {}

  @Override
  public Integer call() {
    Console console = context.console();
    Map<String, String> env = context.env();
    Secrets withEnvironment = StripeConnection.secrets(context, common);
    // The same file read without the environment: what it holds even where the environment wins.
    Secrets fileOnly = Secrets.load(Map.of(), context.workingDir(), common.envFile, line -> { });
    List<Found> found = new ArrayList<>();
    for (String name : Secrets.API_KEY_NAMES) {
      add(found, name, env.get(name), "environment variable " + name);
    }
    for (String name : Secrets.API_KEY_NAMES) {
      add(found, name, fileOnly.get(name), fileOnly.sourceOf(name));
    }
    KeychainStore keychain = KeychainStore.of(env);
    String keychainNote;
    try {
      String stored = keychain.read();
      add(found, "STRIPE_API_KEY", stored, keychain.label());
      keychainNote = stored == null ? "nothing stored (stripe-setup login stores a key)" : null;
    } catch (ConfigException e) {
      keychainNote = e.getMessage();
    }
    markFirstUsed(found);
    String name = Secrets.WEBHOOK_SECRET_NAME;
    List<Found> webhook = new ArrayList<>();
    add(webhook, name, env.get(name), "environment variable " + name);
    add(webhook, name, fileOnly.get(name), fileOnly.sourceOf(name));
    markFirstUsed(webhook);
    found.addAll(webhook);

    if (console.json()) {
      Map<String, Object> doc = JsonResult.of(ExitCode.OK);
      List<Map<String, Object>> settings = new ArrayList<>();
      for (Found f : found) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("value", f.masked());
        m.put("source", f.source());
        m.put("used", f.used());
        settings.add(m);
      }
      doc.put("settings", settings);
      doc.put("keychain", keychainNote == null ? keychain.label() : keychain.label() + ": " + keychainNote);
      console.printJson(doc);
      return ExitCode.OK;
    }
    console.result("Looked in this order: environment, " + withEnvironment.searched().get(1) + ", " + keychain.label());
    if (found.stream().noneMatch(f -> f.name().startsWith("STRIPE_API") || f.name().equals("STRIPE_SECRET_KEY"))) {
      console.result("  STRIPE_API_KEY         not set");
    }
    if (webhook.isEmpty()) {
      console.result("  " + pad(name) + " not set");
    }
    for (Found f : found) {
      console.result("  " + pad(f.name()) + " " + f.masked() + "  from " + f.source() + (f.used() ? "" : "  (not used: an earlier source wins)"));
    }
    if (keychainNote != null) {
      console.result("  OS keychain: " + keychainNote);
    }
    return ExitCode.OK;
  }

  private static void add(List<Found> list, String name, String value, String source) {
    if (value != null && !value.isBlank()) {
      list.add(new Found(name, ApiKey.mask(value.strip()), source, false));
    }
  }

  private static void markFirstUsed(List<Found> list) {
    if (!list.isEmpty()) {
      Found first = list.get(0);
      list.set(0, new Found(first.name(), first.masked(), first.source(), true));
    }
  }

  private static String pad(String name) {
    return String.format("%-22s", name);
  }
}
