package dev.stripesetup.webhook;

import com.stripe.model.Event;
import java.nio.charset.StandardCharsets;

/**
 * One delivery in, one status out, with no HTTP server or Lambda runtime in sight: both adapters
 * hand the raw body and the Stripe-Signature header here.
 *
 * <p>Journaled (the {@code listen} server): verify, record the event in its {@link EventInbox} (the
 * journal, synced), answer 200, and let the inbox's processor handle it afterwards. Stateless (Lambda): verify, handle,
 * answer; handling only reports, so a re-delivered event is reported again and changes nothing:
 * idempotent per event ID by construction.
 */
public final class WebhookReceiver {
  /** Stripe's events are a few KB; anything over 1 MB is refused with 413 unread. */
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  private final SignatureVerifier verifier;
  private final EventInbox inbox;
  private final DeclineReasons reasons;
  private final Output out;
  private final EventLedger ledger;

  /** The HTTP-level answer: status and a small JSON body. */
  public record Reply(int status, String body) {
    static Reply json(int status, String body) {
      return new Reply(status, body);
    }
  }

  private WebhookReceiver(SignatureVerifier verifier, EventInbox inbox, DeclineReasons reasons, Output out,
      EventLedger ledger) {
    this.verifier = verifier;
    this.inbox = inbox;
    this.reasons = reasons;
    this.out = out;
    this.ledger = ledger;
  }

  /** Records each delivery in the inbox, answers, and leaves the handling to whoever reads the inbox. */
  public static WebhookReceiver journaled(SignatureVerifier verifier, EventInbox inbox, Output out) {
    return new WebhookReceiver(verifier, inbox, null, out, null);
  }

  public static WebhookReceiver stateless(SignatureVerifier verifier, DeclineReasons reasons, Output out) {
    return new WebhookReceiver(verifier, null, reasons, out, null);
  }

  /**
   * Lambda with durable dedupe: each event handled once (per the ledger's claim) and applied to its
   * subscription's state only when it is newer than what was applied before.
   */
  public static WebhookReceiver deduped(SignatureVerifier verifier, DeclineReasons reasons, Output out, EventLedger ledger) {
    return new WebhookReceiver(verifier, null, reasons, out, ledger);
  }

  public static Reply tooLarge() {
    return Reply.json(413, "{\"error\":\"body_too_large\",\"limit_bytes\":" + MAX_BODY_BYTES + "}");
  }

  /**
   * Handles one delivery.
   *
   * @param from who sent it, for log lines ("127.0.0.1")
   */
  public Reply receive(byte[] body, String signatureHeader, String from) {
    if (body.length > MAX_BODY_BYTES) {
      out.note("rejected delivery from " + from + ": body of " + body.length + " bytes is over the 1 MB limit");
      return tooLarge();
    }
    String payload = new String(body, StandardCharsets.UTF_8);
    SignatureVerifier.Verification v = verifier.verify(payload, signatureHeader);
    if (!v.ok()) {
      out.note("rejected delivery from " + from + ": " + v.problem().code() + ": " + v.problem().explanation());
      return Reply.json(400, "{\"error\":\"" + v.problem().code() + "\"}");
    }
    Event event = v.event();
    EventFacts.Kind kind = EventFacts.Kind.of(event.getType());
    if (kind == null) {
      return Reply.json(200, "{\"received\":true,\"ignored\":\"" + event.getType() + "\"}");
    }
    if (inbox != null) {
      return record(event, payload);
    }
    return ledger != null ? handleOnce(event) : handleNow(event);
  }

  private Reply record(Event event, String payload) {
    boolean fresh;
    try {
      fresh = inbox.record(event.getId(), event.getType(), event.getCreated() == null ? 0 : event.getCreated(), payload);
    } catch (EventInbox.Unavailable e) {
      // Not recorded, so not acknowledged: Stripe delivers it again later.
      out.note("error: " + e.getMessage() + "; answered 500 so Stripe retries");
      return Reply.json(500, "{\"error\":\"journal_unavailable\"}");
    }
    if (fresh) {
      return Reply.json(200, "{\"received\":true}");
    }
    out.note("duplicate delivery of " + event.getId() + " (" + event.getType() + "): already recorded, not processed again");
    return Reply.json(200, "{\"received\":true,\"duplicate\":true}");
  }

  private Reply handleNow(Event event) {
    EventFacts facts;
    try {
      facts = EventReader.read(event);
    } catch (RuntimeException e) {
      out.note("error: cannot read event " + event.getId() + " (" + event.getType() + "): " + e.getMessage());
      // Retrying will not make it readable; acknowledge so Stripe does not retry for days.
      return Reply.json(200, "{\"received\":true,\"unreadable\":true}");
    }
    EventHandling.report(EventHandling.withDeclineReason(facts, reasons), true, out);
    return Reply.json(200, "{\"received\":true}");
  }

  private Reply handleOnce(Event event) {
    String id = event.getId();
    EventLedger.Claim claim;
    try {
      claim = ledger.claim(id);
    } catch (RuntimeException e) {
      out.note("error: cannot claim " + id + ": " + e.getMessage() + "; answered 500 so Stripe retries");
      return Reply.json(500, "{\"error\":\"dedupe_store_unavailable\"}");
    }
    if (claim == EventLedger.Claim.DONE) {
      out.note("duplicate delivery of " + id + " (" + event.getType() + "): already handled, not processed again");
      return Reply.json(200, "{\"received\":true,\"duplicate\":true}");
    }
    if (claim == EventLedger.Claim.IN_PROGRESS) {
      out.note("delivery of " + id + " while another delivery handles it: answered 409 so Stripe retries later");
      return Reply.json(409, "{\"error\":\"in_progress\"}");
    }
    try {
      EventFacts facts;
      try {
        facts = EventReader.read(event);
      } catch (RuntimeException e) {
        out.note("error: cannot read event " + id + " (" + event.getType() + "): " + e.getMessage());
        ledger.finish(id);
        return Reply.json(200, "{\"received\":true,\"unreadable\":true}");
      }
      facts = EventHandling.withDeclineReason(facts, reasons);
      boolean applied = facts.subscriptionId() == null || ledger.apply(facts);
      EventHandling.report(facts, applied, out);
      ledger.finish(id);
      return Reply.json(200, "{\"received\":true}");
    } catch (RuntimeException e) {
      out.note("error: handling " + id + " failed: " + e.getMessage() + "; answered 500 so Stripe retries");
      try {
        ledger.release(id);
      } catch (RuntimeException again) {
        // The claim then goes stale and a later delivery takes it over.
        out.note("error: cannot release the claim on " + id + ": " + again.getMessage());
      }
      return Reply.json(500, "{\"error\":\"handling_failed\"}");
    }
  }
}
