package dev.stripesetup.cli.option;

import picocli.CommandLine.Option;

/** --live: for commands that refuse a live key without it (status, listen). */
public class LiveOptions extends CommonOptions {
  @Option(names = "--live", description = "Allow a live key (sk_live_/rk_live_). Real money moves.")
  void live(boolean value) {
    live = value;
  }
}
