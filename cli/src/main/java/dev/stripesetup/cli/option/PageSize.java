package dev.stripesetup.cli.option;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The hidden --page-size of the listing commands: Stripe allows 1 to 100 per page. */
public final class PageSize {
  private PageSize() {}

  public static void check(CommandSpec spec, long pageSize) {
    if (pageSize < 1 || pageSize > 100) {
      throw new ParameterException(spec.commandLine(), "--page-size: must be 1 to 100, got " + pageSize);
    }
  }
}
