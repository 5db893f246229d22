package dev.stripesetup.cli.command;

import dev.stripesetup.cli.CliContext;
import dev.stripesetup.cli.CliException;
import dev.stripesetup.cli.ExitCode;
import dev.stripesetup.cli.StripeConnection;

import dev.stripesetup.config.ApiKey;
import dev.stripesetup.operate.CollectionPauser;
import dev.stripesetup.operate.CollectionPauser.Behavior;
import dev.stripesetup.operate.SubscriptionView;
import dev.stripesetup.operate.Target;
import dev.stripesetup.output.Console;
import dev.stripesetup.output.SubscriptionReport;
import dev.stripesetup.billing.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stripe-setup pause TARGET [--until DATE] [--behavior void|keep-as-draft|mark-uncollectible]}:
 * Stripe's pause_collection. The subscription stays active; its invoices are not charged until the
 * date, or until {@code resume}. The same pause again sends nothing.
 */
@Command(name = "pause",
    description = "Pause collecting payments for a subscription (until a date, or until resume).",
    footer = {"", "Example:", "  stripe-setup pause jenny@example.com --until 2027-02-01",
        "", "Exit codes:",
        "  0 paused (or already, the same way)", "  2 bad argument", "  3 configuration",
        "  4 live key without --live, or not confirmed", "  5 several live subscriptions", "  12 canceled",
        "  20-24 Stripe errors", "  25 no such subscription, customer or email"})
public final class PauseCommand extends OneSubscriptionCommand {
  @Option(names = "--until", paramLabel = "DATE",
      description = "Resume by itself then: 2027-02-01 (00:00 UTC) or 2027-02-01T09:00:00Z. Default: until resume.")
  String until;

  @Option(names = "--behavior", paramLabel = "HOW", defaultValue = "void",
      description = "What happens to invoices meanwhile: void (default) | keep-as-draft | mark-uncollectible.")
  String behavior;

  @Option(names = "--dry-run", description = "Say what would be sent; change nothing.")
  boolean dryRun;

  public PauseCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() throws Exception {
    Console console = context.console();
    Behavior how;
    try {
      how = Behavior.fromCli(behavior);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("behavior", e.getMessage());
    }
    Long resumesAt = until(until, Instant.now());
    StripeConnection stripe = connect();
    ApiKey key = stripe.key();
    CollectionPauser pauser = new CollectionPauser(stripe.client());
    SubscriptionView before = pauser.retrieve(subscriptionId(stripe));
    OperateOutcome.requireNotEnded(before, "paused");
    if (how.api().equals(before.pauseBehavior()) && Objects.equals(resumesAt, before.pauseResumesAt())) {
      return OperateOutcome.report(console, "already_paused", "Already " + SubscriptionReport.pause(before) + ": "
          + before.id() + "; nothing to do", before);
    }
    String plan = "Will pause collection for " + before.id() + " (" + before.status() + ", " + before.plan() + " for "
        + before.customerId() + "): " + (resumesAt == null ? "until you run stripe-setup resume"
            : "until " + SubscriptionReport.date(resumesAt)) + "; meanwhile " + meanwhile(how)
        + ". The subscription stays " + before.status() + ".";
    if (dryRun) {
      return OperateOutcome.dryRun(console, plan, "Would send POST /v1/subscriptions/" + before.id()
          + " pause_collection[behavior]=" + how.api()
          + (resumesAt != null ? " pause_collection[resumes_at]=" + resumesAt : "") + "; nothing was changed.");
    }
    OperateOutcome.confirm(key, common, context, plan, "pause " + before.id());
    SubscriptionView after = pauser.pause(before.id(), how, resumesAt);
    if (!how.api().equals(after.pauseBehavior())) {
      throw new CliException(ExitCode.STRIPE_INVALID_REQUEST, "Stripe answered with its saved result of an identical "
          + "pause made earlier (idempotency keys are kept 24 hours) and did not act again: " + after.id()
          + " is not paused. Pause it in the Dashboard, or after 24 hours");
    }
    return OperateOutcome.report(console, "paused", "Paused " + after.id() + ": " + SubscriptionReport.pause(after), after);
  }

  private static String meanwhile(Behavior how) {
    return switch (how) {
      case VOID -> "each new invoice is voided (never charged)";
      case KEEP_AS_DRAFT -> "each new invoice stays a draft (finalize it later to charge)";
      case MARK_UNCOLLECTIBLE -> "each new invoice is marked uncollectible (it can still be paid)";
    };
  }

  /** --until as epoch seconds: a date (midnight UTC) or an instant; it must be in the future. */
  static Long until(String value, Instant now) {
    if (value == null) {
      return null;
    }
    String v = value.strip();
    Instant when;
    try {
      when = v.contains("T") ? Instant.parse(v) : LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidInputException("until", "'" + v + "' is not a date (2027-02-01) or a UTC time (2027-02-01T09:00:00Z)");
    }
    if (!when.isAfter(now)) {
      throw new InvalidInputException("until", "'" + v + "' is not in the future");
    }
    return when.getEpochSecond();
  }
}
