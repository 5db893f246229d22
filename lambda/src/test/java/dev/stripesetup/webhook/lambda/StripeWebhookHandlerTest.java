package dev.stripesetup.webhook.lambda;

import static dev.stripesetup.webhook.Deliveries.now;
import static dev.stripesetup.webhook.Deliveries.sign;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.stripesetup.config.ConfigException;
import dev.stripesetup.webhook.Deliveries;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Lambda handler invoked locally with API Gateway v2 (function URL) events. */
class StripeWebhookHandlerTest {
  final StripeWebhookHandler handler = new StripeWebhookHandler(Map.of("STRIPE_WEBHOOK_SECRET", Deliveries.SECRET));
  final ByteArrayOutputStream log = new ByteArrayOutputStream();
  PrintStream originalOut;

  @BeforeEach
  void captureLog() {
    // Without a Lambda Context the handler logs to stdout, as the Lambda runtime would collect it.
    originalOut = System.out;
    System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
  }

  private static APIGatewayV2HTTPEvent event(String method, String body, boolean base64, String signature) {
    APIGatewayV2HTTPEvent.RequestContext.Http http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
        .withMethod(method).withPath("/").withSourceIp("203.0.113.9").build();
    return APIGatewayV2HTTPEvent.builder()
        .withVersion("2.0").withRawPath("/")
        .withHeaders(signature == null ? Map.of("content-type", "application/json")
            : Map.of("content-type", "application/json", "stripe-signature", signature))
        .withBody(body).withIsBase64Encoded(base64)
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withHttp(http).build())
        .build();
  }

  private String logged() {
    return log.toString(StandardCharsets.UTF_8);
  }

  @Test
  void signedDeliveryIsHandledAndLogged() {
    String payload = Deliveries.paymentFailed("evt_l1", now(), "sub_1", "in_1", 2);
    APIGatewayV2HTTPResponse r = handler.handleRequest(event("POST", payload, false, sign(payload)), null);
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(logged()).contains("Payment failed: jenny@example.com, $20.00 USD, attempt 2").contains("evt_l1");
  }

  @Test
  void tamperedBodyIsRefused() {
    String payload = Deliveries.paymentFailed("evt_l2", now(), "sub_1", "in_1", 1);
    APIGatewayV2HTTPResponse r = handler.handleRequest(event("POST", payload.replace("jenny", "eve"), false, sign(payload)), null);
    assertThat(r.getStatusCode()).isEqualTo(400);
    assertThat(r.getBody()).contains("signature_mismatch");
    assertThat(logged()).doesNotContain("Payment failed").doesNotContain(Deliveries.SECRET);
  }

  @Test
  void staleSignatureIsRefused() {
    String payload = Deliveries.paymentFailed("evt_l3", now(), "sub_1", "in_1", 1);
    APIGatewayV2HTTPResponse r = handler.handleRequest(event("POST", payload, false, sign(payload, Deliveries.SECRET, now() - 3600)), null);
    assertThat(r.getStatusCode()).isEqualTo(400);
    assertThat(r.getBody()).contains("stale_timestamp");
  }

  @Test
  void base64EncodedBodyIsDecodedBeforeVerification() {
    String payload = Deliveries.paymentFailed("evt_l4", now(), "sub_1", "in_1", 1);
    String encoded = Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    APIGatewayV2HTTPResponse r = handler.handleRequest(event("POST", encoded, true, sign(payload)), null);
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(logged()).contains("evt_l4");
    assertThat(handler.handleRequest(event("POST", "%%%not-base64", true, sign(payload)), null).getStatusCode()).isEqualTo(400);
  }

  @Test
  void missingHeaderWrongMethodAndOversizedBodyAreRefused() {
    String payload = Deliveries.paymentFailed("evt_l5", now(), "sub_1", "in_1", 1);
    assertThat(handler.handleRequest(event("POST", payload, false, null), null).getBody()).contains("missing_header");
    assertThat(handler.handleRequest(event("GET", "", false, null), null).getStatusCode()).isEqualTo(405);
    String big = "x".repeat(1024 * 1024 + 1);
    assertThat(handler.handleRequest(event("POST", big, false, sign(big)), null).getStatusCode()).isEqualTo(413);
  }

  @Test
  void redeliveryIsHarmlessBecauseHandlingOnlyReports() {
    String payload = Deliveries.paymentFailed("evt_l6", now(), "sub_1", "in_1", 1);
    assertThat(handler.handleRequest(event("POST", payload, false, sign(payload)), null).getStatusCode()).isEqualTo(200);
    assertThat(handler.handleRequest(event("POST", payload, false, sign(payload)), null).getStatusCode()).isEqualTo(200);
  }

  @Test
  void aMissingOrWrongKindOfSecretFailsTheColdStartWithTheReason() {
    assertThatThrownBy(() -> new StripeWebhookHandler(Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("STRIPE_WEBHOOK_SECRET");
    assertThatThrownBy(() -> new StripeWebhookHandler(Map.of("STRIPE_WEBHOOK_SECRET", "sk_test_notawebhooksecret")))
        .hasMessageContaining("API key").hasMessageNotContaining("sk_test_notawebhooksecret");
  }
}
