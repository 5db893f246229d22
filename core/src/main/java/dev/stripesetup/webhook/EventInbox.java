package dev.stripesetup.webhook;

/**
 * Where a verified delivery is recorded before it is acknowledged, for a receiver that handles
 * events after answering (the {@code listen} server's SQLite journal, in {@code dev.stripesetup.listen}).
 * The Lambda has none: it handles each delivery before answering.
 */
public interface EventInbox {
  /**
   * Records the event and lets its processing start.
   *
   * @return true when it is new, false when it was recorded before (a re-delivery)
   * @throws Unavailable when it cannot be recorded: the delivery is then not acknowledged, so Stripe
   *     sends it again later
   */
  boolean record(String eventId, String type, long created, String payload) throws Unavailable;

  /** The inbox could not record an event. */
  final class Unavailable extends Exception {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
