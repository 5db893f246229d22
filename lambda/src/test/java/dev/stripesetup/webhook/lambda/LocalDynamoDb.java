package dev.stripesetup.webhook.lambda;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A real DynamoDB-compatible server for the tests: dynalite (open source, Apache-2.0, from the npm
 * registry; installed by {@code npm ci --prefix lambda/src/test/dynalite}, which .ci/run does), in memory on
 * a loopback port, one process per test class. Amazon's DynamoDB Local is not used: its licence is
 * Amazon's own terms, not an open-source one.
 *
 * <p>Where node or the package is missing the tests are skipped with the install line; under CI
 * (CI set) they fail instead, so a CI that lost its install step cannot go green by skipping.
 */
final class LocalDynamoDb implements AutoCloseable {
  static final Path CLI = Path.of("src/test/dynalite/node_modules/dynalite/cli.js");
  static final String REGION = "us-east-1";

  private final Process process;
  final String endpoint;

  private LocalDynamoDb(Process process, String endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  static LocalDynamoDb start() throws Exception {
    String missing = !Files.isRegularFile(CLI) ? CLI + " is missing"
        : !onPath("node") ? "node is not on the PATH" : null;
    if (missing != null) {
      String reason = missing + ": run `npm ci --prefix lambda/src/test/dynalite` to test against a local DynamoDB";
      if (System.getenv("CI") != null) {
        throw new IllegalStateException(reason);
      }
      Assumptions.abort(reason);
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder("node", CLI.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
        "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0")
        .redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        return null;
      }
    });
    String line = first.get(30, TimeUnit.SECONDS);
    if (line == null || !line.contains("listening")) {
      p.destroyForcibly();
      throw new IllegalStateException("dynalite did not start: " + line);
    }
    // Keep draining its output so it never blocks on a full pipe.
    Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "dynalite-output");
    drain.setDaemon(true);
    drain.start();
    return new LocalDynamoDb(p, "http://127.0.0.1:" + port);
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  /** The environment a function would see, pointed at this server. */
  Map<String, String> env(String table) {
    return Map.of("STRIPE_WEBHOOK_SECRET", dev.stripesetup.webhook.Deliveries.SECRET, DynamoDbLedger.TABLE, table,
        "AWS_REGION", REGION, "AWS_ENDPOINT_URL", endpoint, "AWS_ACCESS_KEY_ID", "fake", "AWS_SECRET_ACCESS_KEY", "fake");
  }

  DynamoDbClient client() {
    return DynamoDbClient.builder().region(Region.of(REGION)).endpointOverride(URI.create(endpoint))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("fake", "fake")))
        .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(10)).build()).build();
  }

  /** The table as template.yaml declares it: partition key id (string), on demand. */
  void createTable(String table) {
    try (DynamoDbClient db = client()) {
      db.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
          .attributeDefinitions(List.of(AttributeDefinition.builder().attributeName("id")
              .attributeType(ScalarAttributeType.S).build()))
          .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
      db.waiter().waitUntilTableExists(b -> b.tableName(table));
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
