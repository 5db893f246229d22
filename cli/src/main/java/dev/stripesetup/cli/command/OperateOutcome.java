package dev.stripesetup.cli.command;

import dev.stripesetup.cli.CliContext;
import dev.stripesetup.cli.CliException;
import dev.stripesetup.cli.Confirmation;
import dev.stripesetup.cli.ExitCode;
import dev.stripesetup.cli.LiveGuard;
import dev.stripesetup.cli.option.CommonOptions;

import dev.stripesetup.output.JsonResult;
import dev.stripesetup.operate.SubscriptionView;
import dev.stripesetup.output.Console;
import dev.stripesetup.output.SubscriptionReport;
import java.util.Map;

/** How change, pause and resume end: a headline and the subscription, or one JSON document with an outcome word. */
public final class OperateOutcome {
  private OperateOutcome() {}

  static int report(Console console, String outcome, String headline, SubscriptionView v) {
    return report(console, outcome, headline, v, Map.of());
  }

  /** The same, with more JSON members (change's "preview") put before "subscription"; the text is unchanged. */
  static int report(Console console, String outcome, String headline, SubscriptionView v, Map<String, Object> more) {
    if (console.json()) {
      Map<String, Object> doc = JsonResult.of(ExitCode.OK);
      doc.put("outcome", outcome);
      doc.putAll(more);
      doc.put("subscription", SubscriptionReport.json(v));
      console.printJson(doc);
    } else {
      console.result(headline);
      SubscriptionReport.print(console, v);
    }
    return ExitCode.OK;
  }

  /** --dry-run's answer: what would happen and what would be sent, as two lines or one JSON document. */
  static int dryRun(Console console, String plan, String wouldSend) {
    if (console.json()) {
      Map<String, Object> doc = JsonResult.of(ExitCode.OK);
      doc.put("outcome", "dry_run");
      doc.put("plan", plan);
      doc.put("would_send", wouldSend);
      console.printJson(doc);
    } else {
      console.result("Dry run: " + plan);
      console.result(wouldSend);
    }
    return ExitCode.OK;
  }

  /** Refuses an ended subscription: nothing can be paused, resumed or paid on it. */
  static void requireNotEnded(SubscriptionView v, String action) {
    if (v.ended()) {
      throw new CliException(ExitCode.SUBSCRIPTION_NOT_ACTIVE, v.id() + " is " + v.status() + "; a "
          + v.status() + " subscription cannot be " + action);
    }
  }

  /** The live guard's question, or the test-mode confirmation, after showing what will happen. */
  static void confirm(dev.stripesetup.config.ApiKey key, CommonOptions common, CliContext context, String plan,
      String what) {
    if (key.isLive()) {
      LiveGuard.check(key, common, () -> plan, context.prompter(), context.console());
    } else {
      context.console().info(plan);
      Confirmation.require(what, common, context.prompter(), context.console());
    }
  }
}
