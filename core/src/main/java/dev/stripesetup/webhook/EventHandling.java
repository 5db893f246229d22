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
    // The IDs and the status are the sender's text: escaped (Printable).
    switch (facts.kind()) {
      case INVOICE_PAID -> note(out, "Invoice paid: " + facts.invoiceId()
          + (facts.subscriptionId() != null ? " of " + facts.subscriptionId() : "") + " at " + when + stale);
      case SUBSCRIPTION_UPDATED -> note(out, "Subscription " + facts.subscriptionId() + " is "
          + facts.subscriptionStatus() + " (as of " + when + ")" + stale);
      case SUBSCRIPTION_DELETED -> note(out, "Subscription " + facts.subscriptionId() + " was canceled (as of "
          + when + ")" + stale);
      default -> note(out, facts.type() + " " + facts.eventId());
    }
  }

  private static void note(Output out, String line) {
    out.note(Printable.escape(line));
  }
}
