package dev.stripesetup.webhook.lambda;

import dev.stripesetup.webhook.EventFacts;
import dev.stripesetup.webhook.EventLedger;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The Lambda function's {@link EventLedger} in one DynamoDB table (partition key {@code id}, a
 * string; TTL attribute {@code expires_at}), written only with conditional requests, so that
 * concurrent invocations in different containers agree without locks.
 *
 * <ul>
 *   <li>One item per event ({@code id} = the event ID): a put on the condition
 *       {@code attribute_not_exists(id)} claims it; {@code state} goes from {@code processing} to
 *       {@code done}. It expires after {@link #EVENT_TTL} (Stripe retries for up to three days). A
 *       claim still {@code processing} after {@link #STALE_CLAIM} (a crashed or timed-out invocation)
 *       is taken over by the next delivery, so no event is lost to a crash.
 *   <li>Two items per subscription ({@code sub_...#status}, {@code sub_...#invoice}): the
 *       {@code created} time and ID of the last applied event, updated only on the condition that
 *       the new event is not older, so out-of-order deliveries never move state backwards. As in
 *       {@code listen}'s journal, a canceled subscription stays canceled.
 * </ul>
 */
public final class DynamoDbLedger implements EventLedger {
  /** The table's name, from the function's environment; without it the function is stateless. */
  public static final String TABLE = "DEDUPE_TABLE";
  static final Duration EVENT_TTL = Duration.ofDays(3);
  /** Longer than the function's timeout (15 s in template.yaml) with room to spare. */
  static final Duration STALE_CLAIM = Duration.ofMinutes(2);

  private final DynamoDbClient db;
  private final String table;
  private final Clock clock;

  public DynamoDbLedger(DynamoDbClient db, String table, Clock clock) {
    this.db = db;
    this.table = table;
    this.clock = clock;
  }

  @Override
  public Claim claim(String eventId) {
    long now = clock.instant().getEpochSecond();
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("id", s(eventId));
    item.put("state", s("processing"));
    item.put("claimed_at", n(now));
    item.put("expires_at", n(now + EVENT_TTL.toSeconds()));
    try {
      db.putItem(PutItemRequest.builder().tableName(table).item(item)
          .conditionExpression("attribute_not_exists(id) OR (#state = :processing AND claimed_at < :stale)")
          .expressionAttributeNames(Map.of("#state", "state"))
          .expressionAttributeValues(Map.of(":processing", s("processing"), ":stale", n(now - STALE_CLAIM.toSeconds())))
          .build());
      return Claim.FIRST;
    } catch (ConditionalCheckFailedException taken) {
      Map<String, AttributeValue> existing = db.getItem(GetItemRequest.builder().tableName(table)
          .key(Map.of("id", s(eventId))).consistentRead(true).build()).item();
      AttributeValue state = existing == null ? null : existing.get("state");
      return state != null && "done".equals(state.s()) ? Claim.DONE : Claim.IN_PROGRESS;
    }
  }

  @Override
  public boolean apply(EventFacts f) {
    boolean invoice = f.kind().isInvoice();
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":created", n(f.created()));
    values.put(":event", s(f.eventId()));
    String set = "SET last_created = :created, last_event_id = :event";
    String condition;
    if (invoice) {
      set += ", invoice = :invoice, invoice_status = :invoiceStatus";
      values.put(":invoice", sOrNull(f.invoiceId()));
      values.put(":invoiceStatus", sOrNull(f.invoiceStatus()));
      condition = "attribute_not_exists(id) OR last_created <= :created";
    } else {
      set += ", #status = :status";
      names.put("#status", "status");
      values.put(":status", sOrNull(f.subscriptionStatus()));
      values.put(":canceled", s("canceled"));
      values.put(":expired", s("incomplete_expired"));
      // Stripe never revives a canceled subscription: a same-second update after the cancel is stale.
      condition = "attribute_not_exists(id) OR (last_created <= :created "
          + "AND (NOT (#status IN (:canceled, :expired)) OR last_event_id = :event))";
    }
    if (f.customerId() != null) {
      set += ", customer = :customer";
      values.put(":customer", s(f.customerId()));
    }
    UpdateItemRequest.Builder update = UpdateItemRequest.builder().tableName(table)
        .key(Map.of("id", s(f.subscriptionId() + (invoice ? "#invoice" : "#status"))))
        .updateExpression(set).conditionExpression(condition).expressionAttributeValues(values);
    if (!names.isEmpty()) {
      update.expressionAttributeNames(names);
    }
    try {
      db.updateItem(update.build());
      return true;
    } catch (ConditionalCheckFailedException older) {
      return false;
    }
  }

  @Override
  public void finish(String eventId) {
    db.updateItem(UpdateItemRequest.builder().tableName(table).key(Map.of("id", s(eventId)))
        .updateExpression("SET #state = :done").expressionAttributeNames(Map.of("#state", "state"))
        .expressionAttributeValues(Map.of(":done", s("done"))).build());
  }

  @Override
  public void release(String eventId) {
    // Only a claim still in progress: never forget an event that was handled.
    try {
      db.deleteItem(DeleteItemRequest.builder().tableName(table).key(Map.of("id", s(eventId)))
          .conditionExpression("#state = :processing").expressionAttributeNames(Map.of("#state", "state"))
          .expressionAttributeValues(Map.of(":processing", s("processing"))).build());
    } catch (ConditionalCheckFailedException alreadyDone) {
      // Nothing to give back.
    }
  }

  private static AttributeValue s(String value) {
    return AttributeValue.builder().s(value).build();
  }

  private static AttributeValue sOrNull(String value) {
    return value == null ? AttributeValue.builder().nul(true).build() : s(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.builder().n(Long.toString(value)).build();
  }
}
