package dev.stripesetup.cli;

import dev.stripesetup.cli.option.CommonOptions;

import dev.stripesetup.config.ApiKey;
import dev.stripesetup.output.Console;
import java.util.function.Supplier;

/**
 * A live key never runs by accident: it needs --live, and then a typed "yes" at a terminal or --yes.
 * Without a terminal and without --yes, the answer is no.
 */
public final class LiveGuard {
  private LiveGuard() {}

  /**
   * @param plan what is about to happen, shown before the question (amount, interval, email, mode)
   */
  /**
   * The first half of the guard, alone: a live key needs --live. Enough for commands that only read
   * (status) or that confirm later, once they can show what they will change (cancel).
   */
  public static void requireLiveFlag(ApiKey key, CommonOptions options) {
    if (key.isLive() && !options.live) {
      throw new CliException(ExitCode.LIVE_REFUSED, "refusing to use a live key (" + key.masked() + " from "
          + key.source() + ") without --live; try an sk_test_ key first, or pass --live to move real money");
    }
  }

  public static void check(ApiKey key, CommonOptions options, Supplier<String> plan, Prompter prompter,
      Console console) {
    if (!key.isLive()) {
      if (options.live) {
        console.info("note: --live was given but the key is a test key (" + key.masked() + "); running in test mode");
      }
      return;
    }
    requireLiveFlag(key, options);
    if (!key.isRestricted()) {
      console.info("tip: a restricted key (rk_live_...) limited to write access on Customers, PaymentMethods, "
          + "Products/Prices and Subscriptions is safer than a full secret key");
    }
    console.info("LIVE MODE: " + plan.get());
    if (options.yes) {
      console.info("confirmed by --yes");
      return;
    }
    if (!prompter.interactive()) {
      throw new CliException(ExitCode.LIVE_REFUSED,
          "live mode needs confirmation: run it in a terminal to answer the prompt, or pass --yes");
    }
    String answer = prompter.ask("Type 'yes' to go ahead in live mode: ");
    if (answer == null || !answer.strip().equalsIgnoreCase("yes")) {
      throw new CliException(ExitCode.LIVE_REFUSED, "not confirmed; nothing was sent to Stripe");
    }
  }
}
