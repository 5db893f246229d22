package dev.stripesetup.cli.command;

import dev.stripesetup.cli.TermSignal;

import dev.stripesetup.cli.BaseCommand;
import dev.stripesetup.cli.CliContext;
import dev.stripesetup.cli.CliException;
import dev.stripesetup.cli.ExitCode;
import dev.stripesetup.cli.StripeConnection;
import dev.stripesetup.cli.option.LiveOptions;

import dev.stripesetup.config.ApiKey;
import dev.stripesetup.config.Secrets;
import dev.stripesetup.output.Console;
import dev.stripesetup.billing.InvalidInputException;
import dev.stripesetup.webhook.DeclineReasons;
import dev.stripesetup.listen.EventJournal;
import dev.stripesetup.listen.OnFailureHook;
import dev.stripesetup.webhook.Output;
import dev.stripesetup.webhook.PaymentFailure;
import dev.stripesetup.webhook.Printable;
import dev.stripesetup.webhook.SignatureVerifier;
import dev.stripesetup.webhook.WebhookSecret;
import dev.stripesetup.listen.WebhookListener;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code stripe-setup listen}: receives Stripe's webhook deliveries, verifies them, records each event
 * once in the journal, and prints one line per failed payment, each line stamped with the time. Runs
 * until SIGTERM (a clean stop, exit 0) or Ctrl-C (exit 130, as for every command).
 */
@Command(name = "listen",
    description = {"Receive Stripe webhooks and print one line per failed payment.",
        "Point a webhook endpoint at it, or the Stripe CLI:",
        "  stripe listen --forward-to localhost:4242/webhook"},
    footer = {"", "Secrets: STRIPE_WEBHOOK_SECRET (whsec_...) from the environment or .env.",
        "Optional: STRIPE_API_KEY, to look up decline reasons (read-only calls)."})
public final class ListenCommand extends BaseCommand {

  @Mixin
  LiveOptions common;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "4242", description = "Port, 0-65535 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only).")
  String host;

  @Option(names = "--path", paramLabel = "PATH", defaultValue = "/webhook", description = "URL path (default: ${DEFAULT-VALUE}).")
  String path;

  @Option(names = "--journal", paramLabel = "FILE", defaultValue = EventJournal.DEFAULT_FILE,
      description = {"SQLite journal of received events.", "Default: ./${DEFAULT-VALUE}"})
  Path journal;

  @Option(names = "--on-failure", paramLabel = "COMMAND",
      description = {"For each failed payment, run COMMAND with sh -c,", "the failure as JSON on its stdin."})
  String onFailure;

  @Option(names = "--on-failure-timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "Stop an --on-failure command after this long, at least 1 (default: ${DEFAULT-VALUE}).")
  int onFailureTimeout;

  public ListenCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() throws IOException {
    Console console = context.console();
    checkOptions();
    try {
      java.net.InetAddress.getByName(host);
    } catch (java.net.UnknownHostException e) {
      throw new InvalidInputException("host", "cannot resolve '" + host + "' to an address of this machine");
    }
    Secrets secrets = StripeConnection.secrets(context, common);
    // Checked here, not read by the webhook code: the Lambda takes it from Secrets Manager instead.
    WebhookSecret secret = WebhookSecret.of(secrets.get(WebhookSecret.NAME), secrets.sourceOf(WebhookSecret.NAME));
    console.addSecret(secret.reveal(), secret.masked());
    DeclineReasons reasons = declineReasons(secrets, console);
    Path journalFile = context.workingDir().resolve(journal);
    WebhookListener.Config config = new WebhookListener.Config(host, port, path, journalFile,
        new SignatureVerifier(secret), reasons,
        onFailure == null ? null : new OnFailureHook(onFailure, Duration.ofSeconds(onFailureTimeout), context.workingDir()));
    WebhookListener listener;
    try {
      listener = WebhookListener.start(config, output(console));
    } catch (BindException e) {
      throw new CliException(ExitCode.USAGE, "--port: cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")");
    }
    // Ctrl-C (SIGINT): the JVM shuts down; this hook closes in order, and the exit status is 130.
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      console.info(stamped("Stopping: finishing deliveries in progress, closing the journal"));
      listener.close();
      stop.countDown();
    }, "webhook-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    // SIGTERM (kill, systemd, a container stop): a requested stop, made here, and the exit status is 0.
    AtomicBoolean terminated = new AtomicBoolean();
    try (TermSignal term = TermSignal.handle(() -> {
      terminated.set(true);
      stop.countDown();
    })) {
      console.info(stamped("Listening on " + listener.url() + " (secret " + secret.masked() + " from "
          + secrets.sourceOf(WebhookSecret.NAME) + ", journal " + journalFile + ")"));
      if (listener.reachableFromOtherMachines()) {
        console.info(stamped("warning: listening on " + listener.url() + ", which other machines can reach: anyone "
            + "who reaches port " + listener.address().getPort() + " can post deliveries (each still needs a valid "
            + "signature); bind 127.0.0.1 and put a TLS proxy in front unless that is what you want"));
      }
      console.info(stamped("Forward test events with: stripe listen --forward-to "
          + listener.url().replace("127.0.0.1", "localhost").replace("0.0.0.0", "localhost")));
      stop.await();
      if (terminated.get()) {
        stopInOrder(console, listener, hook);
      }
      return ExitCode.OK;
    } catch (InterruptedException e) {
      // In-process stop (tests, an embedding program): the same orderly close as SIGTERM.
      stopInOrder(console, listener, hook);
      return ExitCode.OK;
    }
  }

  private static void stopInOrder(Console console, WebhookListener listener, Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // Ctrl-C came as well: the hook is closing it already (close() runs once).
    }
    console.info(stamped("Stopping: finishing deliveries in progress, closing the journal"));
    listener.close();
  }

  /**
   * A line as listen prints it: the UTC time to the second first, since it runs for days and its
   * output is usually kept as a log.
   */
  private static String stamped(String line) {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + line;
  }

  private void checkOptions() {
    if (port < 0 || port > 65535) {
      throw new InvalidInputException("port", "must be 0-65535, got " + port);
    }
    if (!path.startsWith("/") || path.contains(" ")) {
      throw new InvalidInputException("path", "must start with / and have no spaces, got '" + path + "'");
    }
    if (onFailureTimeout < 1) {
      throw new InvalidInputException("on-failure-timeout", "must be at least 1 second");
    }
    if (onFailure != null && onFailure.isBlank()) {
      throw new InvalidInputException("on-failure", "is empty");
    }
  }

  /**
   * With an API key, decline reasons are read from Stripe (read-only calls). A live key is used only
   * with --live, like everywhere else in this tool.
   */
  private DeclineReasons declineReasons(Secrets secrets, Console console) {
    boolean hasKey = Secrets.API_KEY_NAMES.stream().anyMatch(n -> secrets.get(n) != null);
    if (!hasKey) {
      console.info(stamped("No STRIPE_API_KEY: decline reasons are shown only when the event carries them"));
      return DeclineReasons.NONE;
    }
    ApiKey found = secrets.apiKey();
    if (found.isLive() && !common.live) {
      // Said instead of the usual "Using live key ..." line: the key is not used at all.
      console.addSecret(found.reveal(), found.masked());
      console.info(stamped("Not using the live key " + found.masked() + " from " + found.source()
          + " without --live: decline reasons are shown only when the event carries them"));
      return DeclineReasons.NONE;
    }
    ApiKey key = StripeConnection.key(secrets, console);
    StripeConnection stripe = StripeConnection.open(context, common, secrets, key);
    return DeclineReasons.fromStripe(stripe.client(), line -> console.info(stamped("warning: " + Printable.escape(line))));
  }

  private static Output output(Console console) {
    return new Output() {
      @Override
      public void failure(PaymentFailure failure) {
        if (console.json()) {
          console.printJson(failure.json());
        } else {
          console.result(stamped(failure.line()));
        }
      }

      @Override
      public void note(String line) {
        // Notes can quote an event's ID or a parse error about its body: escaped like the failure line.
        console.info(stamped(Printable.escape(line)));
      }
    };
  }
}
