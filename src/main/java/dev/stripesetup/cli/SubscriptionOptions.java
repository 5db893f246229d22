package dev.stripesetup.cli;

import dev.stripesetup.stripe.SetupRequest;
import dev.stripesetup.stripe.SetupRequestParser;
import dev.stripesetup.stripe.TestCard;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The flags that describe one subscription. Values are kept as typed and checked by
 * {@link SetupRequestParser}, which names the flag in every refusal (and is shared with the batch
 * command's CSV rows).
 */
public class SubscriptionOptions {
  // Not required = true: picocli checks a parent's required options even when a subcommand runs.
  // SetupRequestParser refuses a missing --name/--email with the same exit code 2.
  @Option(names = "--name", paramLabel = "NAME", description = "Customer name (required).")
  String name;

  @Option(names = "--email", paramLabel = "EMAIL", description = "Customer email (required; an existing customer with it is reused).")
  String email;

  @Option(names = "--amount", paramLabel = "AMOUNT",
      description = "Price per interval in major units: 20, 19.99 (jpy etc.: whole numbers).")
  String amount;

  @Option(names = "--currency", paramLabel = "CODE", description = "ISO 4217 currency (default: usd).")
  String currency;

  @Option(names = "--interval", paramLabel = "UNIT", description = "day|week|month|year (default: month).")
  String interval;

  @Option(names = "--interval-count", paramLabel = "N", description = "Bill every N intervals (default: 1, at most 3 years).")
  String intervalCount;

  @Option(names = "--product", paramLabel = "NAME", description = "Product name (default: '" + SetupRequest.DEFAULT_PRODUCT + "').")
  String product;

  @Option(names = "--price", paramLabel = "price_...", description = "Reuse an existing recurring price instead of --amount.")
  String price;

  @Option(names = "--trial-days", paramLabel = "DAYS", description = "Free trial before the first payment.")
  String trialDays;

  @Option(names = "--description", paramLabel = "TEXT", description = "Subscription description.")
  String description;

  @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "Metadata on what is created (repeatable).")
  Map<String, String> metadata = new LinkedHashMap<>();

  @Option(names = "--test-card", paramLabel = "CARD",
      description = "Test mode card: ${COMPLETION-CANDIDATES} (default: visa).", completionCandidates = TestCardNames.class)
  String testCard;

  @Option(names = "--payment-method", paramLabel = "pm_...",
      description = "Attach an existing PaymentMethod (collected with Checkout/Elements). Required in live mode.")
  String paymentMethod;

  @Option(names = "--customer", paramLabel = "cus_...", description = "Use this customer instead of finding one by email.")
  String customer;

  @Option(names = "--new-customer", description = "Always create a new customer, even if one has this email.")
  boolean newCustomer;

  SetupRequest toRequest() {
    return SetupRequestParser.parse(new SetupRequestParser.Raw(name, email, amount, currency, interval,
        intervalCount, product, trialDays, description, metadata, price, testCard, paymentMethod, customer,
        newCustomer));
  }

  /** For completion and help. */
  static final class TestCardNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.Arrays.stream(TestCard.values()).map(TestCard::cliName).iterator();
    }
  }
}
