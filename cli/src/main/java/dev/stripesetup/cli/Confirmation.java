package dev.stripesetup.cli;

import dev.stripesetup.cli.option.CommonOptions;

import dev.stripesetup.output.Console;

/**
 * Asks before a command changes something on Stripe, the way the live guard does: --yes answers for
 * scripts; with no terminal and no --yes the answer is no (exit 4), so nothing destructive runs
 * unattended by accident.
 */
public final class Confirmation {
  private Confirmation() {}

  /** @param what what is about to happen, e.g. "cancel sub_123 at the end of its period" */
  public static void require(String what, CommonOptions options, Prompter prompter, Console console) {
    if (options.yes) {
      console.info("confirmed by --yes");
      return;
    }
    if (!prompter.interactive()) {
      throw new CliException(ExitCode.LIVE_REFUSED, "this needs confirmation: run it in a terminal to answer "
          + "the prompt, or pass --yes; nothing was changed");
    }
    String answer = prompter.ask("Type 'yes' to " + what + ": ");
    if (answer == null || !answer.strip().equalsIgnoreCase("yes")) {
      throw new CliException(ExitCode.LIVE_REFUSED, "not confirmed; nothing was changed");
    }
  }
}
