package dev.stripesetup.cli.option;

import dev.stripesetup.billing.SetupRequest;
import picocli.CommandLine.Option;

/**
 * What a recurring price looks like apart from its amount: currency, interval and product. Shared
 * by every command that makes a plan ({@link PlanOptions} for the chain and batch, and
 * {@code simulate}), so the flags read and are checked the same everywhere.
 */
public class PlanShapeOptions {
  @Option(names = "--currency", paramLabel = "CODE", description = "ISO 4217 currency (default: usd).")
  public String currency;

  @Option(names = "--interval", paramLabel = "UNIT", description = "day|week|month|year (default: month).")
  public String interval;

  @Option(names = "--interval-count", paramLabel = "N", description = "Bill every N intervals, at most 3 years: 1-1095 days, 1-156 weeks, 1-36 months, 1-3 years (default: 1).")
  public String intervalCount;

  @Option(names = "--product", paramLabel = "NAME", description = "Product name (default: '" + SetupRequest.DEFAULT_PRODUCT + "').")
  public String product;
}
