package dev.stripesetup.cli.option;

import dev.stripesetup.billing.TestCard;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The flags that describe a plan (its shape from {@link PlanShapeOptions}) and how it is paid, shared by the single command and by
 * {@code batch} (where they fill the CSV's empty cells). Values are kept as typed; the request
 * parser checks them and names the flag in every refusal.
 */
public class PlanOptions extends PlanShapeOptions {
  @Option(names = "--price", paramLabel = "price_...", description = "Reuse an existing recurring price instead of an amount.")
  public String price;

  @Option(names = "--trial-days", paramLabel = "DAYS", description = "Free trial before the first payment, 0-730 days.")
  public String trialDays;

  @Option(names = "--metadata", paramLabel = "KEY=VALUE", description = "Metadata on what is created (repeatable).")
  public Map<String, String> metadata = new LinkedHashMap<>();

  @Option(names = "--test-card", paramLabel = "CARD",
      description = "Test mode card: ${COMPLETION-CANDIDATES} (default: visa).", completionCandidates = TestCardNames.class)
  public String testCard;

  @Option(names = "--payment-method", paramLabel = "pm_...",
      description = "Attach an existing PaymentMethod (collected with Checkout/Elements). In live mode: this or --collect.")
  public String paymentMethod;

  @Option(names = "--allow-second-subscription",
      description = "Let a customer who already has a live subscription to another plan get this one too (else exit 9).")
  public boolean allowSecondSubscription;

  /** For completion and help (a plain loop: no stream machinery on the start-up path). */
  static final class TestCardNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      java.util.List<String> names = new java.util.ArrayList<>();
      for (TestCard card : TestCard.values()) {
        names.add(card.cliName());
      }
      return names.iterator();
    }
  }
}
