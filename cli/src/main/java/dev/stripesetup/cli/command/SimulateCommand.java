package dev.stripesetup.cli.command;

import dev.stripesetup.cli.CliException;
import dev.stripesetup.cli.ErrorReport;
import dev.stripesetup.cli.ExitCode;

import dev.stripesetup.cli.BaseCommand;
import dev.stripesetup.cli.CliContext;
import dev.stripesetup.cli.StripeConnection;
import dev.stripesetup.cli.option.CommonOptions;
import dev.stripesetup.cli.option.PlanShapeOptions;

import dev.stripesetup.config.ApiKey;
import dev.stripesetup.config.Secrets;
import dev.stripesetup.output.Console;
import dev.stripesetup.simulate.Simulation;
import dev.stripesetup.simulate.Simulator;
import dev.stripesetup.simulate.Timeline;
import dev.stripesetup.simulate.TimelineHtml;
import dev.stripesetup.simulate.TimelineJson;
import dev.stripesetup.simulate.TimelineText;
import dev.stripesetup.billing.EmailLock;
import dev.stripesetup.billing.InvalidInputException;
import dev.stripesetup.billing.SetupRequest;
import dev.stripesetup.billing.SetupRequestParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stripe-setup simulate --amount 20 --months 4 --fail-from 2}: the usual chain with the customer
 * on a Stripe test clock, then the clock advanced one billing period at a time, printing what each
 * renewal did. Test mode only. The work is in {@link Simulator}.
 */
@Command(name = "simulate",
    description = {"Test mode: watch months of renewals and failed payments on a Stripe test clock.",
        "Puts a simulated customer on the plan on a new test clock, advances the clock one billing period",
        "at a time and prints each renewal's invoice, result, attempts, next retry and the subscription's",
        "status. Re-running the same command continues an interrupted run."},
    footer = {"", "Exit codes: 0 simulated (also when the card was made to fail), 2 bad input, 3 configuration,",
        "  4 live key refused, 20-25 Stripe errors (24 also: the test clock failed or never finished)."})
public final class SimulateCommand extends BaseCommand {

  @Mixin
  CommonOptions common;

  @Option(names = "--amount", paramLabel = "AMOUNT", required = true,
      description = "Price per interval in major units: 20, 19.99.")
  String amount;

  @Mixin
  PlanShapeOptions shape;

  @Option(names = {"--months", "--periods"}, paramLabel = "N", defaultValue = "3",
      description = "Billing periods to watch, the first included (default: 3; at most " + Simulation.MAX_PERIODS + ").")
  int periods;

  @Option(names = "--fail-from", paramLabel = "N",
      description = "Switch to a card that declines every charge before period N (2 or later).")
  Integer failFrom;

  @Option(names = "--recover-at", paramLabel = "N",
      description = "Give the customer a working card before period N and pay the open invoices with it.")
  Integer recoverAt;

  @Option(names = "--name", paramLabel = "NAME", description = "The simulated customer's name (default: '" + Simulation.DEFAULT_NAME + "').")
  String name;

  @Option(names = "--email", paramLabel = "EMAIL", description = "The simulated customer's email (default: simulate+<simulation>@example.com).")
  String email;

  @Option(names = "--keep", description = "Leave the test clock and its customer in place (default: delete them at the end).")
  boolean keep;

  @Option(names = "--html", paramLabel = "FILE", description = "Also write the timeline as a self-contained HTML page.")
  Path html;

  public SimulateCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() throws Exception {
    Console console = context.console();
    Simulation sim = simulation();
    Path htmlFile = html == null ? null : context.workingDir().resolve(html);
    if (htmlFile != null && (htmlFile.getParent() == null || !Files.isDirectory(htmlFile.getParent()))) {
      throw new InvalidInputException("html", "the directory of " + html + " does not exist");
    }
    Secrets secrets = StripeConnection.secrets(context, common);
    ApiKey key = StripeConnection.key(secrets, console);
    if (key.isLive()) {
      // Test clocks exist only in test mode, and a simulation has no business in a live account.
      throw new CliException(ExitCode.LIVE_REFUSED, "simulate runs only with a test key; refusing the live key "
          + key.masked() + " from " + key.source() + " (nothing was sent to Stripe)");
    }
    StripeConnection stripe = StripeConnection.open(context, common, secrets, key);
    Simulator simulator = new Simulator(stripe.client(), console::info, EmailLock.directory(context.env()), firstPoll());
    Timeline timeline = simulator.run(sim, keep); // a SimulationException's code: see ErrorReport
    if (htmlFile != null) {
      Files.writeString(htmlFile, TimelineHtml.page(timeline), StandardCharsets.UTF_8);
      console.info("Wrote the timeline page to " + htmlFile);
    }
    if (console.json()) {
      console.printJson(TimelineJson.document(timeline, ExitCode.OK));
    } else {
      TimelineText.lines(timeline).forEach(console::result);
    }
    return ExitCode.OK;
  }

  /**
   * The flags as a simulation. Its ID is taken from the normalised plan and the flags as given, and
   * the default customer's email from the ID, so the same command always meets the same clock.
   */
  private Simulation simulation() {
    SetupRequest plan = parse(name == null ? Simulation.DEFAULT_NAME : name,
        email == null ? "simulate@example.com" : email);
    String id = Simulation.idOf(String.valueOf(plan.amount().minorUnits()), plan.amount().currency(),
        plan.interval().apiValue(), String.valueOf(plan.intervalCount()), plan.product(), String.valueOf(periods),
        String.valueOf(failFrom), String.valueOf(recoverAt), name, email == null ? null : plan.email());
    SetupRequest setup = email == null ? parse(plan.name(), Simulation.defaultEmail(id)) : plan;
    return new Simulation(id, setup, periods, failFrom, recoverAt);
  }

  private SetupRequest parse(String customerName, String customerEmail) {
    return SetupRequestParser.parse(SetupRequestParser.Raw.builder().name(customerName).email(customerEmail)
        .amount(amount).currency(shape.currency).interval(shape.interval).intervalCount(shape.intervalCount)
        .product(shape.product).testCard("visa").build());
  }

  /** STRIPE_SETUP_CLOCK_POLL_MS: the first wait for an advancing clock (default 500 ms); tests lower it. */
  private Duration firstPoll() {
    String v = context.env().get("STRIPE_SETUP_CLOCK_POLL_MS");
    try {
      long ms = v == null || v.isBlank() ? 500 : Long.parseLong(v.strip());
      if (ms >= 1 && ms <= 60_000) {
        return Duration.ofMillis(ms);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new dev.stripesetup.config.ConfigException("STRIPE_SETUP_CLOCK_POLL_MS must be a whole number from 1 to 60000, got '" + v + "'");
  }
}
