package dev.stripesetup.webhook.lambda;

import dev.stripesetup.config.ConfigException;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * AWS SDK clients configured from the function's environment (a map, so tests can point them at a
 * local server): region from AWS_REGION, credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
 * AWS_SESSION_TOKEN (what the Lambda runtime sets) or else the SDK's default chain, and
 * AWS_ENDPOINT_URL when set. The HTTP client is the JDK's URLConnection: no Netty or Apache client
 * in the function's jar, and a faster cold start.
 */
final class AwsClients {
  private final Map<String, String> env;

  AwsClients(Map<String, String> env) {
    this.env = env;
  }

  DynamoDbClient dynamoDb() {
    return configure(DynamoDbClient.builder()).build();
  }

  SecretsManagerClient secretsManager() {
    return configure(SecretsManagerClient.builder()).build();
  }

  private <B extends AwsClientBuilder<B, ?> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>>
      B configure(B builder) {
    String region = env.get("AWS_REGION");
    if (region == null || region.isBlank()) {
      throw new ConfigException("AWS_REGION is not set: the Lambda runtime sets it; elsewhere set it to the table's region");
    }
    builder.region(Region.of(region)).credentialsProvider(credentials());
    builder.httpClient(UrlConnectionHttpClient.create());
    String endpoint = env.get("AWS_ENDPOINT_URL");
    if (endpoint != null && !endpoint.isBlank()) {
      builder.endpointOverride(URI.create(endpoint));
    }
    return builder;
  }

  private AwsCredentialsProvider credentials() {
    String id = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (id == null || secret == null) {
      return DefaultCredentialsProvider.builder().build();
    }
    String token = env.get("AWS_SESSION_TOKEN");
    return StaticCredentialsProvider.create(token == null
        ? AwsBasicCredentials.create(id, secret) : AwsSessionCredentials.create(id, secret, token));
  }
}
