package dev.stripesetup.webhook.lambda;

import dev.stripesetup.config.ConfigException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * Reads the endpoint's signing secret from Secrets Manager, once per cold start (the handler's
 * constructor), so it is never in the function's configuration. A rotated secret reaches the function
 * with its next cold start (or a configuration change, which forces one).
 */
final class SecretFromSecretsManager {
  /** The secret's ARN (or name). */
  static final String ARN = "STRIPE_WEBHOOK_SECRET_ARN";

  private SecretFromSecretsManager() {}

  static String read(AwsClients aws, String arn) {
    try (SecretsManagerClient client = aws.secretsManager()) {
      String value = client.getSecretValue(GetSecretValueRequest.builder().secretId(arn).build()).secretString();
      if (value == null) {
        throw new ConfigException("the secret " + arn + " (" + ARN + ") has no string value: put the whsec_ secret in it "
            + "with aws secretsmanager put-secret-value --secret-id " + arn + " --secret-string whsec_...");
      }
      return value;
    } catch (SdkException e) {
      // The SDK's messages name the secret and the failure, never its value.
      throw new ConfigException("cannot read the webhook signing secret " + arn + " (" + ARN + ") from Secrets Manager: "
          + e.getMessage());
    }
  }
}
