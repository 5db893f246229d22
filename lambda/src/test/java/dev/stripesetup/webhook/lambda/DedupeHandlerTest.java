package dev.stripesetup.webhook.lambda;

import static dev.stripesetup.webhook.Deliveries.now;
import static dev.stripesetup.webhook.Deliveries.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.stripesetup.webhook.Deliveries;
import dev.stripesetup.webhook.EventLedger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The Lambda handler with DEDUPE_TABLE, against a real DynamoDB-compatible server on loopback
 * ({@link LocalDynamoDb}): each event handled once, out-of-order events never move state backwards,
 * concurrent deliveries of one event handled once.
 */
class DedupeHandlerTest {
  static LocalDynamoDb dynamo;
  static final AtomicInteger TABLES = new AtomicInteger();

  @BeforeAll
  static void startDynamo() throws Exception {
    dynamo = LocalDynamoDb.start();
  }

  @AfterAll
  static void stopDynamo() {
    if (dynamo != null) {
      dynamo.close();
    }
  }

  /** A fresh table per test, so tests cannot see each other's events. */
  private static String newTable() {
    String table = "stripe-events-" + TABLES.incrementAndGet();
    dynamo.createTable(table);
    return table;
  }

  /** Collects what the function logs, as the Lambda runtime's logger would. */
  static final class Logged implements Context {
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    long count(String text) {
      synchronized (lines) {
        return lines.stream().filter(l -> l.contains(text)).count();
      }
    }

    @Override public LambdaLogger getLogger() {
      return new LambdaLogger() {
        @Override public void log(String message) {
          lines.add(message);
        }

        @Override public void log(byte[] message) {
          lines.add(new String(message, StandardCharsets.UTF_8));
        }
      };
    }

    @Override public String getAwsRequestId() { return "req"; }
    @Override public String getLogGroupName() { return "group"; }
    @Override public String getLogStreamName() { return "stream"; }
    @Override public String getFunctionName() { return "stripe-webhook"; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "arn"; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return 15_000; }
    @Override public int getMemoryLimitInMB() { return 512; }
  }

  static APIGatewayV2HTTPEvent delivery(String payload) {
    APIGatewayV2HTTPEvent.RequestContext.Http http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
        .withMethod("POST").withPath("/").withSourceIp("203.0.113.9").build();
    return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRawPath("/")
        .withHeaders(Map.of("content-type", "application/json", "stripe-signature", sign(payload)))
        .withBody(payload).withIsBase64Encoded(false)
        .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withHttp(http).build()).build();
  }

  private static Map<String, AttributeValue> item(String table, String id) {
    try (DynamoDbClient db = dynamo.client()) {
      return db.getItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.builder().s(id).build()))
          .consistentRead(true)).item();
    }
  }

  @Test
  void aRedeliveredEventIsProcessedOnce() {
    String table = newTable();
    StripeWebhookHandler handler = new StripeWebhookHandler(dynamo.env(table));
    Logged log = new Logged();
    String payload = Deliveries.paymentFailed("evt_d1", now(), "sub_d1", "in_d1", 1);

    APIGatewayV2HTTPResponse first = handler.handleRequest(delivery(payload), log);
    // A second container (another cold start) sees the same table.
    APIGatewayV2HTTPResponse again = new StripeWebhookHandler(dynamo.env(table)).handleRequest(delivery(payload), log);

    assertThat(first.getStatusCode()).isEqualTo(200);
    assertThat(first.getBody()).doesNotContain("duplicate");
    assertThat(again.getStatusCode()).isEqualTo(200);
    assertThat(again.getBody()).contains("\"duplicate\":true");
    assertThat(log.count("Payment failed: jenny@example.com")).isEqualTo(1);
    Map<String, AttributeValue> event = item(table, "evt_d1");
    assertThat(event.get("state").s()).isEqualTo("done");
    long expires = Long.parseLong(event.get("expires_at").n());
    assertThat(expires - now()).isBetween(3 * 86_400L - 60, 3 * 86_400L + 60);
  }

  @Test
  void anOlderEventDeliveredLateNeverMovesStateBackwards() {
    String table = newTable();
    StripeWebhookHandler handler = new StripeWebhookHandler(dynamo.env(table));
    Logged log = new Logged();
    long t = now();

    handler.handleRequest(delivery(Deliveries.subscription("evt_s2", "customer.subscription.updated", t, "sub_o", "past_due")), log);
    handler.handleRequest(delivery(Deliveries.subscription("evt_s1", "customer.subscription.updated", t - 60, "sub_o", "active")), log);
    assertThat(item(table, "sub_o#status").get("status").s()).isEqualTo("past_due");
    assertThat(log.count("Subscription sub_o is active") ).isEqualTo(1);
    assertThat(log.count("older than an event already applied: state unchanged")).isEqualTo(1);

    // Canceled stays canceled, even against an update stamped the same second.
    handler.handleRequest(delivery(Deliveries.subscription("evt_s3", "customer.subscription.deleted", t + 10, "sub_o", "canceled")), log);
    handler.handleRequest(delivery(Deliveries.subscription("evt_s4", "customer.subscription.updated", t + 10, "sub_o", "active")), log);
    assertThat(item(table, "sub_o#status").get("status").s()).isEqualTo("canceled");
    assertThat(item(table, "sub_o#status").get("last_event_id").s()).isEqualTo("evt_s3");

    // Invoices keep their own order: a failure older than the paid invoice is reported as superseded.
    handler.handleRequest(delivery(Deliveries.invoicePaid("evt_i2", t, "sub_o", "in_o2")), log);
    handler.handleRequest(delivery(Deliveries.paymentFailed("evt_i1", t - 30, "sub_o", "in_o1", 1)), log);
    assertThat(item(table, "sub_o#invoice").get("invoice_status").s()).isEqualTo("paid");
    assertThat(log.count("a newer invoice event was already seen")).isEqualTo(1);
  }

  @Test
  void concurrentDeliveriesOfOneEventAreProcessedOnce() throws Exception {
    String table = newTable();
    Logged log = new Logged();
    String payload = Deliveries.paymentFailed("evt_c1", now(), "sub_c1", "in_c1", 1);
    int containers = 6;
    List<StripeWebhookHandler> handlers = new ArrayList<>();
    for (int i = 0; i < containers; i++) {
      handlers.add(new StripeWebhookHandler(dynamo.env(table)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(containers);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<APIGatewayV2HTTPResponse>> answers = new ArrayList<>();
    for (StripeWebhookHandler h : handlers) {
      answers.add(pool.submit(() -> {
        go.await();
        return h.handleRequest(delivery(payload), log);
      }));
    }
    go.countDown();
    Map<String, Integer> outcomes = new HashMap<>();
    for (Future<APIGatewayV2HTTPResponse> f : answers) {
      APIGatewayV2HTTPResponse r = f.get();
      String outcome = r.getStatusCode() + (r.getBody().contains("duplicate") ? " duplicate" : "");
      outcomes.merge(outcome, 1, Integer::sum);
    }
    pool.shutdown();

    assertThat(log.count("Payment failed: jenny@example.com")).isEqualTo(1);
    assertThat(outcomes.get("200")).isEqualTo(1);
    assertThat(outcomes.keySet()).allMatch(o -> o.equals("200") || o.equals("200 duplicate") || o.equals("409"));
    // Once it is done, a further delivery is acknowledged as a duplicate.
    assertThat(handlers.get(0).handleRequest(delivery(payload), log).getBody()).contains("duplicate");
  }

  @Test
  void aClaimLeftByACrashedInvocationIsTakenOverOnceStale() {
    String table = newTable();
    Instant t = Instant.ofEpochSecond(now());
    try (DynamoDbClient db = dynamo.client()) {
      EventLedger crashed = new DynamoDbLedger(db, table, Clock.fixed(t, ZoneOffset.UTC));
      assertThat(crashed.claim("evt_x")).isEqualTo(EventLedger.Claim.FIRST);
      EventLedger soon = new DynamoDbLedger(db, table, Clock.fixed(t.plusSeconds(5), ZoneOffset.UTC));
      assertThat(soon.claim("evt_x")).isEqualTo(EventLedger.Claim.IN_PROGRESS);
      EventLedger later = new DynamoDbLedger(db, table, Clock.fixed(t.plus(DynamoDbLedger.STALE_CLAIM).plusSeconds(1), ZoneOffset.UTC));
      assertThat(later.claim("evt_x")).isEqualTo(EventLedger.Claim.FIRST);
      later.finish("evt_x");
      later.release("evt_x");
      assertThat(soon.claim("evt_x")).isEqualTo(EventLedger.Claim.DONE);
    }
  }

  @Test
  void anUnreachableTableIsAnsweredWith500SoStripeRetries() {
    Map<String, String> env = new HashMap<>(dynamo.env("stripe-events-missing"));
    StripeWebhookHandler handler = new StripeWebhookHandler(env);
    Logged log = new Logged();
    String payload = Deliveries.paymentFailed("evt_u1", now(), "sub_u1", "in_u1", 1);
    APIGatewayV2HTTPResponse r = handler.handleRequest(delivery(payload), log);
    assertThat(r.getStatusCode()).isEqualTo(500);
    assertThat(log.count("Payment failed")).isZero();
    assertThat(log.count("answered 500 so Stripe retries")).isEqualTo(1);
  }
}
