package dev.stripesetup.cli.option;

import dev.stripesetup.billing.SetupRequest;
import dev.stripesetup.billing.SetupRequestParser;
import picocli.CommandLine.Mixin;
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
  public String name;

  @Option(names = "--email", paramLabel = "EMAIL", description = "Customer email (required; an existing customer with it is reused).")
  public String email;

  @Option(names = "--amount", paramLabel = "AMOUNT",
      description = "Price per interval in major units: 20, 19.99 (jpy etc.: whole numbers).")
  public String amount;

  @Mixin
  public PlanOptions plan;

  @Option(names = "--description", paramLabel = "TEXT", description = "Subscription description.")
  String description;

  @Option(names = "--customer", paramLabel = "cus_...", description = "Use this customer instead of finding one by email.")
  String customer;

  @Option(names = "--new-customer", description = "Always create a new customer, even if one has this email.")
  boolean newCustomer;

  // Exclusive by SetupRequestParser (one refusal, exit 2, for the command line and a CSV row alike).
  @Option(names = "--coupon", paramLabel = "ID",
      description = "Apply this coupon to the subscription (checked before anything is created).")
  String coupon;

  @Option(names = "--promotion-code", paramLabel = "CODE",
      description = "Apply the active promotion code a customer would type (e.g. SUMMER20); not with --coupon.")
  String promotionCode;

  public SetupRequest toRequest() {
    return SetupRequestParser.parse(SetupRequestParser.Raw.builder().name(name).email(email).amount(amount)
        .currency(plan.currency).interval(plan.interval).intervalCount(plan.intervalCount)
        .product(plan.product).trialDays(plan.trialDays).description(description).metadata(plan.metadata)
        .price(plan.price).testCard(plan.testCard).paymentMethod(plan.paymentMethod).customer(customer)
        .newCustomer(newCustomer).coupon(coupon).promotionCode(promotionCode).build());
  }
}
