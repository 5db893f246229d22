package dev.stripesetup.cli.option;

import picocli.CommandLine.Option;

/** --live and --yes: for commands that act on Stripe and ask first (the chain, batch, cancel). */
public class ConsentOptions extends LiveOptions {
  @Option(names = {"-y", "--yes"}, description = "Confirm without a prompt (for scripts).")
  void yes(boolean value) {
    yes = value;
  }
}
