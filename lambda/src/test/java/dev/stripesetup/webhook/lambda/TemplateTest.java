package dev.stripesetup.webhook.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** template.yaml deploys what the code expects: the handler, its jar, its variables, the table's key and TTL. */
class TemplateTest {
  @Test
  void theTemplateNamesWhatTheHandlerReads() throws Exception {
    String template = Files.readString(Path.of("../template.yaml"));
    assertThat(template)
        .contains("Handler: " + StripeWebhookHandler.class.getName() + "::handleRequest")
        .contains("CodeUri: target/stripe-setup-lambda.jar")
        .contains(SecretFromSecretsManager.ARN + ": !Ref WebhookSecret")
        .contains(DynamoDbLedger.TABLE + ": !Ref EventsTable")
        .contains("- AttributeName: id\n          AttributeType: S")
        .contains("TimeToLiveSpecification:\n        AttributeName: expires_at\n        Enabled: true")
        .contains("Timeout: 15");
    // A claim goes stale well after the function's timeout, so a live invocation is never overtaken.
    assertThat(DynamoDbLedger.STALE_CLAIM.toSeconds()).isGreaterThan(4 * 15);
  }
}
