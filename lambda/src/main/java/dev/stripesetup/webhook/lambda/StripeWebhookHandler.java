package dev.stripesetup.webhook.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.stripesetup.config.ApiKey;
import dev.stripesetup.stripe.StripeClients;
import dev.stripesetup.webhook.DeclineReasons;
import dev.stripesetup.webhook.EventLedger;
import dev.stripesetup.webhook.Output;
import dev.stripesetup.webhook.PaymentFailure;
import dev.stripesetup.webhook.SignatureVerifier;
import dev.stripesetup.webhook.WebhookReceiver;
import dev.stripesetup.webhook.WebhookSecret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The same verification and handling as {@code stripe-setup listen}, as an AWS Lambda function behind
 * a function URL or an API Gateway HTTP API (payload format 2.0). Handler:
 * {@code dev.stripesetup.webhook.lambda.StripeWebhookHandler::handleRequest}, packaged in
 * {@code target/stripe-setup-lambda.jar} and deployed by {@code template.yaml} (docs/lambda.md).
 *
 * <p>With DEDUPE_TABLE set, each event is handled once across invocations and containers, and
 * applied to its subscription only when newer than what was applied before ({@link DynamoDbLedger}).
 * Without it the function is stateless: handling only writes the failure line to the log, so a
 * re-delivered event is logged again.
 *
 * <p>Environment: the signing secret from the Secrets Manager secret named by
 * STRIPE_WEBHOOK_SECRET_ARN (read once per cold start) or else from STRIPE_WEBHOOK_SECRET;
 * DEDUPE_TABLE (optional); STRIPE_API_KEY (optional, to look up decline reasons, which adds one
 * Stripe call before the answer).
 */
public final class StripeWebhookHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final WebhookSecret secret;
  private final ApiKey apiKey;
  private final String apiBase;
  private final EventLedger ledger;
  private com.stripe.StripeClient client;

  /** The Lambda runtime's constructor: configuration from the function's environment. */
  public StripeWebhookHandler() {
    this(System.getenv());
  }

  /** For tests: configuration from the given environment. */
  public StripeWebhookHandler(Map<String, String> env) {
    // Checked at cold start: a missing or wrong secret fails the init with the explanation in the log.
    // The AWS SDK is touched only when the environment asks for it: a stateless function starts as before.
    String arn = env.get(SecretFromSecretsManager.ARN);
    if (arn != null && !arn.isBlank()) {
      this.secret = WebhookSecret.of(SecretFromSecretsManager.read(new AwsClients(env), arn.strip()),
          "Secrets Manager secret " + arn.strip());
    } else {
      this.secret = WebhookSecret.of(env.get(WebhookSecret.NAME), "environment variable " + WebhookSecret.NAME);
    }
    String table = env.get(DynamoDbLedger.TABLE);
    this.ledger = table == null || table.isBlank() ? null
        : new DynamoDbLedger(new AwsClients(env).dynamoDb(), table.strip(), Clock.systemUTC());
    String key = env.get("STRIPE_API_KEY");
    this.apiKey = key == null || key.isBlank() ? null : ApiKey.of(key, "environment variable STRIPE_API_KEY");
    this.apiBase = env.get("STRIPE_API_BASE");
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent request, Context context) {
    Consumer<String> log = line -> {
      String safe = line.replace(secret.reveal(), secret.masked());
      if (apiKey != null) {
        safe = safe.replace(apiKey.reveal(), apiKey.masked());
      }
      if (context != null && context.getLogger() != null) {
        context.getLogger().log(safe + "\n");
      } else {
        System.out.println(safe);
      }
    };
    Output out = new Output() {
      @Override
      public void failure(PaymentFailure failure) {
        log.accept(failure.line());
      }

      @Override
      public void note(String line) {
        log.accept(line);
      }
    };
    String method = request.getRequestContext() != null && request.getRequestContext().getHttp() != null
        ? request.getRequestContext().getHttp().getMethod() : "POST";
    if (method != null && !method.equalsIgnoreCase("POST")) {
      return response(new WebhookReceiver.Reply(405, "{\"error\":\"method_not_allowed\"}"));
    }
    byte[] body;
    String raw = request.getBody() == null ? "" : request.getBody();
    try {
      // Function URLs and HTTP APIs base64-encode bodies they consider binary.
      body = request.getIsBase64Encoded() ? Base64.getDecoder().decode(raw) : raw.getBytes(StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      out.note("rejected delivery: body marked base64 is not valid base64");
      return response(new WebhookReceiver.Reply(400, "{\"error\":\"bad_base64\"}"));
    }
    String from = request.getRequestContext() != null && request.getRequestContext().getHttp() != null
        ? request.getRequestContext().getHttp().getSourceIp() : "unknown";
    WebhookReceiver receiver = ledger == null
        ? WebhookReceiver.stateless(new SignatureVerifier(secret), reasons(log), out)
        : WebhookReceiver.deduped(new SignatureVerifier(secret), reasons(log), out, ledger);
    return response(receiver.receive(body, header(request.getHeaders(), "Stripe-Signature"), from));
  }

  private synchronized DeclineReasons reasons(Consumer<String> log) {
    if (apiKey == null) {
      return DeclineReasons.NONE;
    }
    if (client == null) {
      // One client per container, reused across invocations (a warm Lambda keeps its connections).
      client = StripeClients.create(apiKey, apiBase, (m, p, s, ms, r) -> { });
    }
    return DeclineReasons.fromStripe(client, log);
  }

  /** HTTP APIs lower-case header names; a test or another proxy may not. */
  private static String header(Map<String, String> headers, String name) {
    if (headers == null) {
      return null;
    }
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static APIGatewayV2HTTPResponse response(WebhookReceiver.Reply reply) {
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(reply.status())
        .withHeaders(Map.of("Content-Type", "application/json"))
        .withBody(reply.body())
        .withIsBase64Encoded(false)
        .build();
  }
}
