package dev.stripesetup.cli.command;

import dev.stripesetup.cli.CliException;
import dev.stripesetup.cli.ExitCode;
import dev.stripesetup.cli.LiveGuard;

import dev.stripesetup.cli.BaseCommand;
import dev.stripesetup.cli.CliContext;
import dev.stripesetup.cli.StripeConnection;
import dev.stripesetup.cli.option.LiveOptions;
import dev.stripesetup.cli.option.PageSize;

import dev.stripesetup.output.JsonResult;
import dev.stripesetup.config.ApiKey;
import dev.stripesetup.config.Secrets;
import dev.stripesetup.operate.PaymentLinks;
import dev.stripesetup.operate.SubscriptionLookup;
import dev.stripesetup.operate.SubscriptionView;
import dev.stripesetup.operate.Target;
import dev.stripesetup.output.Console;
import dev.stripesetup.output.SubscriptionReport;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code stripe-setup status sub_...|cus_...|EMAIL}: each matching subscription's status, plan, period,
 * next billing date, cancellation, payment method and latest invoice. Reads only, so a live key needs
 * --live but no confirmation.
 */
@Command(name = "status",
    description = "Show a subscription, every subscription of a customer, or of every customer with an email.",
    footer = {"", "Exit codes:",
        "  0 shown", "  2 bad argument", "  3 configuration", "  4 live key without --live",
        "  20-24 Stripe errors", "  25 no such subscription, customer or email"})
public final class StatusCommand extends BaseCommand {
  static final String ARG = "SUB_ID|CUS_ID|EMAIL";

  private Target target;

  @Spec
  CommandSpec spec;

  @Mixin
  LiveOptions common;

  @Option(names = "--page-size", hidden = true, defaultValue = "100", description = "List page size (1-100).")
  long pageSize;

  public StatusCommand(CliContext context) {
    super(context);
  }

  @Parameters(index = "0", paramLabel = ARG, description = "sub_... , cus_... or an email address.")
  void target(String value) {
    try {
      target = Target.parse(value);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), ARG + ": " + e.getMessage());
    }
  }

  @Override
  public Integer call() throws Exception {
    Console console = context.console();
    PageSize.check(spec, pageSize);
    Secrets secrets = StripeConnection.secrets(context, common);
    ApiKey key = StripeConnection.key(secrets, console);
    // Reading changes nothing, so only the first half of the live guard applies: --live is required.
    LiveGuard.requireLiveFlag(key, common);
    StripeConnection stripe = StripeConnection.open(context, common, secrets, key);
    SubscriptionLookup.Found found = new SubscriptionLookup(stripe.client(), pageSize).find(target);
    if (found.customerIds().isEmpty()) {
      throw new CliException(ExitCode.NOT_FOUND, "no customer has the email " + target.value());
    }
    List<SubscriptionView> subs = found.subscriptions();
    // Links from --collect checkout: a customer may have an open one and no subscription yet.
    List<PaymentLinks.Link> links = target.kind() == Target.Kind.SUBSCRIPTION ? List.of()
        : new PaymentLinks(stripe.client(), pageSize, console::debug).of(found.customerIds());
    if (console.json()) {
      Map<String, Object> doc = JsonResult.of(ExitCode.OK);
      doc.put("query", target.value());
      doc.put("customers", found.customerIds());
      doc.put("subscriptions", subs.stream().map(SubscriptionReport::json).toList());
      doc.put("payment_links", links.stream().map(PaymentLinks.Link::json).toList());
      console.printJson(doc);
      return ExitCode.OK;
    }
    printLinks(console, links);
    if (subs.isEmpty()) {
      console.result("No subscriptions for " + target.value()
          + (target.kind() == Target.Kind.EMAIL ? " (customers " + String.join(", ", found.customerIds()) + ")" : ""));
      return ExitCode.OK;
    }
    for (int i = 0; i < subs.size(); i++) {
      if (i > 0) {
        console.result("");
      }
      SubscriptionReport.print(console, subs.get(i));
    }
    return ExitCode.OK;
  }

  private static void printLinks(Console console, List<PaymentLinks.Link> links) {
    for (PaymentLinks.Link l : links) {
      if ("complete".equals(l.status())) {
        console.result("Payment link " + l.sessionId() + "  paid: subscription " + l.subscriptionId()
            + " (customer " + l.customerId() + ")");
      } else {
        console.result("Payment link " + l.sessionId() + "  open, not paid yet, until "
            + SubscriptionReport.date(l.expiresAt()) + " (customer " + l.customerId() + ")");
        console.result("  " + l.url());
      }
    }
    if (!links.isEmpty()) {
      console.result("");
    }
  }
}
