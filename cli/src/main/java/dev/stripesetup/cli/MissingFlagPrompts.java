package dev.stripesetup.cli;

import dev.stripesetup.cli.option.SubscriptionOptions;

import java.util.Locale;

/**
 * At a terminal, asks for the customer flags a person left out (--name, --email, and --amount unless
 * --price reuses a price) instead of failing. Without a terminal it asks nothing, so a script gets the
 * usual one-line error and exit 2. Only these plain values are asked for: a secret never is (keys
 * come from the environment or .env, never from typing). The answers are checked exactly as the
 * flags would be, and an empty answer or end of input counts as not given.
 */
public final class MissingFlagPrompts {
  private MissingFlagPrompts() {}

  static void askForMissing(SubscriptionOptions options, Prompter prompter) {
    if (!prompter.interactive()) {
      return;
    }
    if (blank(options.name)) {
      options.name = ask(prompter, "Customer name (--name): ");
    }
    if (blank(options.email)) {
      options.email = ask(prompter, "Customer email (--email): ");
    }
    if (blank(options.amount) && options.plan.price == null) {
      String currency = options.plan.currency == null ? "usd" : options.plan.currency;
      options.amount = ask(prompter, "Amount in " + currency.toUpperCase(Locale.ROOT)
          + " per interval, e.g. 20 or 19.99 (--amount): ");
    }
  }

  private static String ask(Prompter prompter, String question) {
    String answer = prompter.ask(question);
    return blank(answer) ? null : answer.strip();
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
