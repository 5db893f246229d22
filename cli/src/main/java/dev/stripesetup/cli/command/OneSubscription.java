package dev.stripesetup.cli.command;

import dev.stripesetup.cli.CliException;
import dev.stripesetup.cli.ExitCode;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import dev.stripesetup.operate.SubscriptionLookup;
import dev.stripesetup.operate.SubscriptionView;
import dev.stripesetup.operate.Target;
import dev.stripesetup.output.Console;
import java.util.List;

/**
 * The one subscription a TARGET names, for the commands that change one (change, pause, resume,
 * retry, portal): a subscription ID as it is, or a customer's or an email's only live (not ended)
 * subscription. Several live ones are listed and refused (exit 5): the tool does not guess which.
 */
public final class OneSubscription {
  private OneSubscription() {}

  static String id(StripeClient client, Target target, Console console) throws StripeException {
    if (target.kind() == Target.Kind.SUBSCRIPTION) {
      return target.value();
    }
    SubscriptionLookup.Found found = new SubscriptionLookup(client, 100).find(target);
    if (found.customerIds().isEmpty()) {
      throw new CliException(ExitCode.NOT_FOUND, "no customer has the email " + target.value());
    }
    List<SubscriptionView> live = found.subscriptions().stream().filter(v -> !v.ended()).toList();
    if (live.isEmpty()) {
      throw new CliException(ExitCode.NOT_FOUND, "no live subscription for " + target.value()
          + " (customers " + String.join(", ", found.customerIds()) + ")");
    }
    if (live.size() > 1) {
      for (SubscriptionView v : live) {
        console.info("  " + v.id() + "  " + v.status() + "  " + v.plan() + "  customer " + v.customerId());
      }
      throw new CliException(ExitCode.AMBIGUOUS_CUSTOMER, target.value() + " has " + live.size()
          + " live subscriptions (listed above); give the one you mean as sub_...");
    }
    return live.get(0).id();
  }

  /** TARGET for picocli: the shape check, as a usage error naming the argument. */
  static Target parse(picocli.CommandLine.Model.CommandSpec spec, String value) {
    try {
      return Target.parse(value);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), StatusCommand.ARG + ": " + e.getMessage());
    }
  }
}
