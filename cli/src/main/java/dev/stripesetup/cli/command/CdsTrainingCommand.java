package dev.stripesetup.cli.command;

import dev.stripesetup.cli.ErrorReport;
import dev.stripesetup.cli.ExitCode;

import dev.stripesetup.cli.CliContext;
import dev.stripesetup.cli.Main;
import dev.stripesetup.cli.Prompter;

import com.stripe.StripeClient;
import com.stripe.net.HttpClient;
import com.stripe.net.HttpHeaders;
import com.stripe.net.StripeRequest;
import com.stripe.net.StripeResponse;
import dev.stripesetup.output.Console;
import dev.stripesetup.output.DryRunPlan;
import dev.stripesetup.output.SetupSummary;
import dev.stripesetup.billing.SetupRequest;
import dev.stripesetup.billing.SetupRequestParser;
import dev.stripesetup.billing.SetupResult;
import dev.stripesetup.billing.StripeHelpers;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Hidden: the launcher's one-time training run for its class-data-sharing archive. It loads what a
 * real run loads (help, a dry run, the whole chain, both summaries, an error report) by running the
 * real chain against canned Stripe responses. Nothing goes over the network, nothing is printed.
 */
@Command(name = "cds-training", hidden = true)
public final class CdsTrainingCommand implements Callable<Integer> {
  private final CliContext context;

  public CdsTrainingCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
    Console quiet = new Console(nowhere, nowhere);
    CliContext silent = new CliContext(Map.of(), context.workingDir(), quiet, Prompter.none());
    CommandLine root = Main.commandLine(silent);
    root.usage(nowhere);
    root.getSubcommands().values().forEach(sub -> sub.usage(nowhere));
    root.execute("--version");
    Main.commandLine(silent, new String[] {"--help"}).usage(nowhere); // the root help's own path

    SetupRequest request = SetupRequestParser.parse(SetupRequestParser.Raw.builder().name("Training")
        .email("training@example.com").amount("1").build());
    DryRunPlan.calls(request);
    StripeClient client = StripeClient.builder().setApiKey("sk_test_training").setHttpClient(new Canned()).build();
    try (StripeHelpers helpers = new StripeHelpers(client, quiet::info)) {
      SetupResult result = helpers.setUp(request);
      SetupSummary.print(quiet, result, 0);
      quiet.configure(true, false);
      SetupSummary.print(quiet, result, 0);
    }
    ErrorReport.of(new IllegalStateException("training")).json();
    loadHttpStack();
    return ExitCode.OK;
  }

  /** Loads the JDK's HTTP client classes with a connection that is refused at once. */
  private static void loadHttpStack() {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:1/").toURL().openConnection();
      c.setConnectTimeout(200);
      c.getResponseCode();
    } catch (IOException expected) {
      // The point was the class loading.
    }
  }

  /** Stripe's answers to the chain, as JSON, so stripe-java parses real-looking objects. */
  private static final class Canned extends HttpClient {
    private static final String EMPTY_LIST = "{\"object\":\"list\",\"data\":[],\"has_more\":false,\"url\":\"/v1\"}";
    private static final String PRICE = "{\"id\":\"price_training\",\"object\":\"price\",\"active\":true,"
        + "\"currency\":\"usd\",\"unit_amount\":100,\"recurring\":{\"interval\":\"month\",\"interval_count\":1},"
        + "\"product\":\"prod_training\",\"livemode\":false}";
    private static final String PM = "{\"id\":\"pm_training\",\"object\":\"payment_method\",\"type\":\"card\","
        + "\"customer\":\"cus_training\",\"card\":{\"brand\":\"visa\",\"last4\":\"4242\"},\"livemode\":false}";

    @Override
    public StripeResponse request(StripeRequest request) {
      String path = request.url().getPath();
      boolean get = request.method().name().equals("GET");
      String body;
      if (get && path.endsWith("/search")) {
        body = "{\"object\":\"search_result\",\"data\":[],\"has_more\":false,\"next_page\":null,\"url\":\"/v1\"}";
      } else if (get) {
        body = EMPTY_LIST;
      } else if (path.equals("/v1/customers")) {
        // Created with its card as the invoice default (the chain's one call for a new customer).
        body = "{\"id\":\"cus_training\",\"object\":\"customer\",\"email\":\"training@example.com\",\"metadata\":{},"
            + "\"invoice_settings\":{\"default_payment_method\":" + PM + "},\"livemode\":false}";
      } else if (path.equals("/v1/prices")) {
        body = PRICE;
      } else if (path.startsWith("/v1/payment_methods")) {
        body = PM;
      } else {
        body = "{\"id\":\"sub_training\",\"object\":\"subscription\",\"status\":\"active\",\"customer\":\"cus_training\","
            + "\"default_payment_method\":\"pm_training\",\"livemode\":false,\"items\":{\"object\":\"list\",\"data\":"
            + "[{\"id\":\"si_training\",\"object\":\"subscription_item\",\"current_period_start\":1700000000,"
            + "\"current_period_end\":1702592000,\"price\":" + PRICE + "}]},"
            + "\"latest_invoice\":{\"id\":\"in_training\",\"object\":\"invoice\",\"status\":\"paid\"}}";
      }
      return new StripeResponse(200, HttpHeaders.of(Map.of("Request-Id", List.of("req_training"))), body);
    }
  }
}
