package dev.stripesetup.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The hidden --page-size of the listing commands: Stripe allows 1 to 100 per page. */
final class PageSize {
  private PageSize() {}

  static void check(CommandSpec spec, long pageSize) {
    if (pageSize < 1 || pageSize > 100) {
      throw new ParameterException(spec.commandLine(), "--page-size: must be 1 to 100, got " + pageSize);
    }
  }
}
