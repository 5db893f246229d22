package dev.stripesetup.webhook.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.stripesetup.config.ConfigException;
import dev.stripesetup.webhook.Deliveries;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cold start reads the signing secret from Secrets Manager through the SDK's real client and
 * protocol (the JSON API, answered by a small server on loopback that plays Secrets Manager).
 */
class SecretFromSecretsManagerTest {
  HttpServer server;
  final List<String> targets = new CopyOnWriteArrayList<>();
  volatile int status = 200;
  volatile String answer;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      targets.add(exchange.getRequestHeaders().getFirst("X-Amz-Target") + " "
          + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] body = answer.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
      if (status != 200) {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", "ResourceNotFoundException");
      }
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Map<String, String> env() {
    return Map.of(SecretFromSecretsManager.ARN, "arn:aws:secretsmanager:us-east-1:123456789012:secret:stripe-webhook",
        "AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL", "http://127.0.0.1:" + server.getAddress().getPort(),
        "AWS_ACCESS_KEY_ID", "fake", "AWS_SECRET_ACCESS_KEY", "fake");
  }

  @Test
  void theSecretIsReadOnceAtColdStartAndUsedToVerify() {
    answer = "{\"ARN\":\"arn:x\",\"Name\":\"stripe-webhook\",\"SecretString\":\"" + Deliveries.SECRET + "\"}";
    StripeWebhookHandler handler = new StripeWebhookHandler(env());
    String payload = Deliveries.paymentFailed("evt_sm1", Deliveries.now(), "sub_1", "in_1", 1);
    DedupeHandlerTest.Logged log = new DedupeHandlerTest.Logged();
    assertThat(handler.handleRequest(DedupeHandlerTest.delivery(payload), log).getStatusCode()).isEqualTo(200);
    assertThat(handler.handleRequest(DedupeHandlerTest.delivery(payload), log).getStatusCode()).isEqualTo(200);
    assertThat(targets).hasSize(1);
    assertThat(targets.get(0)).startsWith("secretsmanager.GetSecretValue ").contains("secret:stripe-webhook");
  }

  @Test
  void aMissingSecretFailsTheColdStartWithOneLineNamingIt() {
    status = 400;
    answer = "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified secret.\"}";
    assertThatThrownBy(() -> new StripeWebhookHandler(env())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("STRIPE_WEBHOOK_SECRET_ARN").hasMessageContaining("can't find the specified secret");
  }

  @Test
  void anApiKeyStoredAsTheSecretIsExplainedWithoutShowingIt() {
    answer = "{\"SecretString\":\"sk_test_fake_in_the_wrong_place\"}";
    assertThatThrownBy(() -> new StripeWebhookHandler(env())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("Secrets Manager secret arn:aws:secretsmanager").hasMessageContaining("API key")
        .hasMessageNotContaining("sk_test_fake_in_the_wrong_place");
  }
}
