package dev.stripesetup.cli.option;

import picocli.CommandLine.Option;

/** --yes without --live: cleanup asks first, and refuses a live key whatever the flags. */
public class YesOptions extends CommonOptions {
  @Option(names = {"-y", "--yes"}, description = "Confirm without a prompt (for scripts).")
  void yes(boolean value) {
    yes = value;
  }
}
