package dev.stripesetup.webhook;

import java.time.Instant;

/**
 * What handling one event says, the same on the server and on Lambda: the failure line, or a note
 * for the other handled types.
 */
public final class EventHandling {
  private EventHandling() {}

  /** Looks up a missing decline reason, then reports the event. */
  public static EventFacts withDeclineReason(EventFacts facts, DeclineReasons reasons) {
    if (facts.failure() == null || facts.failure().declineReason() != null) {
      return facts;
    }
    String reason = reasons.lookUp(facts.invoiceId());
    return reason == null ? facts : new EventFacts(facts.eventId(), facts.type(), facts.created(), facts.kind(),
        facts.subscriptionId(), facts.customerId(), facts.subscriptionStatus(), facts.invoiceId(), facts.invoiceStatus(),
        facts.failure().withDeclineReason(reason));
  }

  /** Prints what the event means; {@code applied} is false when a newer event already set the state. */
  public static void report(EventFacts facts, boolean applied, Output out) {
    if (facts.failure() != null) {
      out.failure(facts.failure().withSuperseded(!applied));
      return;
    }
    String when = PaymentFailure.UTC.format(Instant.ofEpochSecond(facts.created()));
    String stale = applied ? "" : " (older than an event already applied: state unchanged)";
    switch (facts.kind()) {
      case INVOICE_PAID -> out.note("Invoice paid: " + facts.invoiceId()
          + (facts.subscriptionId() != null ? " of " + facts.subscriptionId() : "") + " at " + when + stale);
      case SUBSCRIPTION_UPDATED -> out.note("Subscription " + facts.subscriptionId() + " is "
          + facts.subscriptionStatus() + " (as of " + when + ")" + stale);
      case SUBSCRIPTION_DELETED -> out.note("Subscription " + facts.subscriptionId() + " was canceled (as of "
          + when + ")" + stale);
      default -> out.note(facts.type() + " " + facts.eventId());
    }
  }
}
