package dev.stripesetup.webhook;

/**
 * A durable record, outside the process, of which events were handled and of each subscription's
 * latest applied event: what the Lambda function uses instead of {@code listen}'s SQLite journal
 * (see {@code webhook.lambda.DynamoDbLedger}). Any method may throw a RuntimeException when the store
 * is unreachable; the delivery is then answered 500 so Stripe retries it.
 */
public interface EventLedger {
  /** What a delivery found when it tried to claim its event. */
  enum Claim {
    /** This delivery handles the event. */
    FIRST,
    /** The event was handled already: acknowledge, do nothing. */
    DONE,
    /** Another delivery is handling it right now: answer non-2xx so Stripe comes back later. */
    IN_PROGRESS
  }

  Claim claim(String eventId);

  /** Applies the event to its subscription's state; false when a newer event was applied already. */
  boolean apply(EventFacts facts);

  /** Marks a claimed event handled. */
  void finish(String eventId);

  /** Gives a claim back after handling failed, so the next delivery handles the event. */
  void release(String eventId);
}
