package dev.stripesetup.cli.command;

import dev.stripesetup.cli.CliContext;
import dev.stripesetup.cli.CliException;
import dev.stripesetup.cli.ExitCode;
import dev.stripesetup.cli.LiveGuard;
import dev.stripesetup.cli.StripeConnection;
import dev.stripesetup.cli.option.PlanShapeOptions;

import com.stripe.model.Price;
import com.stripe.model.Subscription;
import dev.stripesetup.config.ApiKey;
import dev.stripesetup.operate.PlanChanger;
import dev.stripesetup.operate.PlanChanger.Preview;
import dev.stripesetup.operate.PlanChanger.Proration;
import dev.stripesetup.operate.PlanWords;
import dev.stripesetup.operate.SubscriptionView;
import dev.stripesetup.operate.Target;
import dev.stripesetup.output.Console;
import dev.stripesetup.output.SubscriptionReport;
import dev.stripesetup.billing.ChainCalls;
import dev.stripesetup.billing.InvalidInputException;
import dev.stripesetup.billing.SetupRequest;
import dev.stripesetup.billing.SetupRequestParser;
import dev.stripesetup.billing.StripeHelpers;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stripe-setup change TARGET --amount 30}: moves a one-item subscription to another plan. The
 * plan's price is found or created by the chain's own code (one price per plan), Stripe's invoice
 * preview of the change is shown (credit, charge, next invoice), then it asks (or takes --yes) and
 * updates with the preview's proration date. Already on that plan: nothing sent, exit 0.
 */
@Command(name = "change",
    description = "Move a subscription to another plan, after Stripe's preview of the proration.",
    footer = {"", "Example:", "  stripe-setup change jenny@example.com --amount 30",
        "  stripe-setup change sub_123 --price price_456 --proration invoice-now --yes",
        "", "Exit codes:",
        "  0 changed (or already on that plan)", "  2 bad argument, or several items",
        "  3 configuration", "  4 live key without --live, or not confirmed", "  5 several live subscriptions",
        "  12 canceled", "  20-24 Stripe errors", "  25 no such subscription, customer or email"})
public final class ChangeCommand extends OneSubscriptionCommand {
  @Mixin
  PlanShapeOptions shape;

  @Option(names = "--amount", paramLabel = "AMOUNT", description = "The new plan's amount, e.g. 30 or 29.99.")
  String amount;

  @Option(names = "--price", paramLabel = "price_...", description = "Move to an existing recurring price instead.")
  String price;

  @Option(names = "--proration", paramLabel = "HOW", defaultValue = "create",
      description = "create (credit and charge on the next invoice, Stripe's default) | none | invoice-now.")
  String proration;

  @Option(names = "--dry-run", description = "Show Stripe's preview and the update that would be sent; change nothing.")
  boolean dryRun;

  public ChangeCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() throws Exception {
    Console console = context.console();
    Proration how = proration();
    SetupRequest plan = plan();
    StripeConnection stripe = connect();
    ApiKey key = stripe.key();
    PlanChanger changer = new PlanChanger(stripe.client());
    Subscription sub = changer.retrieve(subscriptionId(stripe));
    SubscriptionView before = SubscriptionView.of(sub, null);
    OperateOutcome.requireNotEnded(before, "moved to another plan (start a new one with stripe-setup --email ...)");
    PlanChanger.Item item = PlanChanger.onlyItem(sub);
    if (item == null) {
      throw new CliException(ExitCode.USAGE, sub.getId() + " has " + sub.getItems().getData().size()
          + " items (" + before.plan() + "); change moves a one-item subscription, so nothing was changed: "
          + "change this one in the Dashboard");
    }
    if (onPlan(item.price(), plan)) {
      return report(console, "already_on_plan", "Already on " + PlanWords.of(item.price()) + ": " + sub.getId()
          + " is on price " + item.price().getId() + "; nothing to do", before, null);
    }
    Price target = price(stripe, plan, key, sub.getId());
    if (target == null) {
      return OperateOutcome.dryRun(console, "the plan's price (" + plan.planInWords() + ", lookup key "
          + plan.lookupKey() + ") does not exist yet and would be created first, then " + sub.getId() + " moved to it; "
          + "Stripe's preview needs the price, so no amounts are shown.", "Would send POST /v1/prices, then "
          + "POST /v1/subscriptions/" + sub.getId() + "; nothing was sent.");
    }
    if (target.getId().equals(item.price().getId())) {
      return report(console, "already_on_plan", "Already on " + PlanWords.of(target) + ": " + sub.getId()
          + "; nothing to do", before, null);
    }
    long at = Instant.now().getEpochSecond();
    Preview preview = changer.preview(item, target.getId(), how, at);
    String words = plan(before, target, how, preview);
    if (dryRun) {
      return OperateOutcome.dryRun(console, words, "Would send POST /v1/subscriptions/" + sub.getId() + " items[0][id]="
          + item.itemId() + " items[0][price]=" + target.getId() + " proration_behavior=" + how.api()
          + " proration_date=" + at + "; nothing was changed.");
    }
    OperateOutcome.confirm(key, common, context, words, "change " + sub.getId() + " to " + PlanWords.of(target));
    Subscription after = changer.change(item, target.getId(), how, at);
    PlanChanger.Item now = PlanChanger.onlyItem(after);
    if (now == null || !target.getId().equals(now.price().getId())) {
      throw new CliException(ExitCode.STRIPE_INVALID_REQUEST, "Stripe answered with a saved result and did not act: "
          + sub.getId() + " is still on " + SubscriptionView.of(after, null).plan() + "; run the command again");
    }
    return report(console, "changed", "Changed " + sub.getId() + " from " + PlanWords.of(item.price()) + " to "
        + PlanWords.of(target), SubscriptionView.of(after, null), preview);
  }

  private Proration proration() {
    try {
      return Proration.fromCli(proration);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("proration", e.getMessage());
    }
  }

  /**
   * The new plan through the chain's own parser, so the same flags give the same price and lookup
   * key as a set-up run. Only the plan half of the request is used; name and email are placeholders.
   */
  private SetupRequest plan() {
    if (amount == null && price == null) {
      throw new InvalidInputException("amount", "is required (or move to an existing price with --price price_...)");
    }
    return SetupRequestParser.parse(SetupRequestParser.Raw.builder().name("plan")
        .email("plan@stripe-setup.invalid").amount(amount).currency(shape.currency).interval(shape.interval)
        .intervalCount(shape.intervalCount).product(shape.product).price(price).build());
  }

  /**
   * The new plan's price through the chain's own code: a --price is read and checked; a plan's price is
   * looked up by its lookup key and, when missing, created (once per plan, as a set-up run would).
   * Creating needs no question in test mode; with a live key the live guard asks first, since the
   * preview that the main question shows cannot exist before the price does. Null: --dry-run and the
   * price does not exist (nothing is created).
   */
  private Price price(StripeConnection stripe, SetupRequest plan, ApiKey key, String subId) throws Exception {
    try (StripeHelpers helpers = new StripeHelpers(stripe.client(), context.console()::info)) {
      if (plan.priceId() == null) {
        var found = stripe.client().v1().prices().list(new ChainCalls(plan).findPrice()).getData();
        if (!found.isEmpty()) {
          return found.get(0);
        }
        if (dryRun) {
          return null;
        }
        LiveGuard.check(key, common, () -> "the plan's price (" + plan.planInWords() + ") does not exist yet: will "
            + "create it (one price per plan, reused by later runs) to preview moving " + subId + " to it",
            context.prompter(), context.console());
      }
      return helpers.findOrCreatePrice(plan).price();
    }
  }

  /** On the plan already: the price asked for, or a price carrying the plan's lookup key (maybe archived). */
  private static boolean onPlan(Price current, SetupRequest plan) {
    if (current == null) {
      return false;
    }
    if (plan.priceId() != null) {
      return plan.priceId().equals(current.getId());
    }
    return plan.lookupKey().equals(current.getLookupKey()) || (current.getMetadata() != null
        && plan.lookupKey().equals(current.getMetadata().get(SetupRequestParser.META_PLAN)));
  }

  /** What will happen and what the customer pays, from Stripe's preview. */
  static String plan(SubscriptionView v, Price target, Proration how, Preview p) {
    StringBuilder s = new StringBuilder("Will move " + v.id() + " (" + v.status() + ", " + v.plan() + " for "
        + v.customerId() + (v.customerEmail() != null ? " (" + v.customerEmail() + ")" : "") + ") to "
        + PlanWords.of(target) + " (price " + target.getId() + "), proration " + how.api() + ". Stripe's preview:");
    if (how != Proration.NONE) {
      s.append("\n  Credit for unused time     ").append(p.money(p.credit()));
      s.append("\n  Charge for remaining time  ").append(p.money(p.charge()));
    }
    s.append(p.invoicedNow() ? "\n  Invoiced and charged now   " : "\n  Next invoice "
        + (p.invoiceDate() != null ? SubscriptionReport.date(p.invoiceDate()) : "(date not known)") + "  ")
        .append(p.money(p.invoiceTotal()));
    return s.toString();
  }

  private static int report(Console console, String outcome, String headline, SubscriptionView v, Preview p) {
    if (p == null) {
      return OperateOutcome.report(console, outcome, headline, v);
    }
    Map<String, Object> preview = new LinkedHashMap<>();
    preview.put("currency", p.currency());
    preview.put("credit", p.credit());
    preview.put("charge", p.charge());
    preview.put("invoice_total", p.invoiceTotal());
    preview.put("invoice_date", p.invoiceDate());
    preview.put("invoiced_now", p.invoicedNow());
    preview.put("proration_date", p.prorationDate());
    return OperateOutcome.report(console, outcome, headline, v, Map.of("preview", preview));
  }
}
