package dev.stripesetup.cli.command;

import dev.stripesetup.cli.BaseCommand;
import dev.stripesetup.cli.CliContext;
import dev.stripesetup.cli.LiveGuard;
import dev.stripesetup.cli.StripeConnection;
import dev.stripesetup.cli.option.ConsentOptions;

import com.stripe.exception.StripeException;
import dev.stripesetup.config.ApiKey;
import dev.stripesetup.config.Secrets;
import dev.stripesetup.operate.Target;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What the commands on one subscription share (change, pause, resume, retry, portal): the TARGET
 * argument, the consent options, and the start every one of them makes: the key read, refused
 * when it is live without --live, then the connection, then the one subscription the TARGET names
 * ({@link OneSubscription}).
 */
public abstract class OneSubscriptionCommand extends BaseCommand {
  protected Target target;

  @Spec
  CommandSpec spec;

  @Mixin
  ConsentOptions common;

  protected OneSubscriptionCommand(CliContext context) {
    super(context);
  }

  @Parameters(index = "0", paramLabel = StatusCommand.ARG,
      description = "sub_... , cus_... or an email.")
  void target(String value) {
    target = OneSubscription.parse(spec, value);
  }

  /** The key (a live one only with --live) and the connection made with it. */
  protected StripeConnection connect() {
    Secrets secrets = StripeConnection.secrets(context, common);
    ApiKey key = StripeConnection.key(secrets, context.console());
    LiveGuard.requireLiveFlag(key, common);
    return StripeConnection.open(context, common, secrets, key);
  }

  /** The subscription the TARGET names: as given, or the customer's or email's only live one. */
  protected String subscriptionId(StripeConnection stripe) throws StripeException {
    return OneSubscription.id(stripe.client(), target, context.console());
  }
}
