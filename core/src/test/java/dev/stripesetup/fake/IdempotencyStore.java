package dev.stripesetup.fake;

import java.util.HashMap;
import java.util.Map;

/**
 * Idempotency-Key bookkeeping for POST/DELETE, as Stripe does it: a key is bound to the first request's
 * fingerprint (method + path + sorted params); while that request runs the key is "in use" (409); once
 * it finishes its status and body are replayed for identical retries and refused for different ones.
 */
final class IdempotencyStore {
  enum State { STARTED, IN_FLIGHT, MISMATCH, REPLAY }

  record Begin(State state, Reply saved) {}

  private static final class Entry {
    final String fingerprint;
    Reply saved; // null while the first request is still running

    Entry(String fingerprint) {
      this.fingerprint = fingerprint;
    }
  }

  private final Map<String, Entry> entries = new HashMap<>();

  /** Claims the key for this request, or says why it cannot run (in flight, mismatch, or replay). */
  synchronized Begin begin(String key, String fingerprint) {
    Entry e = entries.get(key);
    if (e == null) {
      entries.put(key, new Entry(fingerprint));
      return new Begin(State.STARTED, null);
    }
    if (e.saved == null) return new Begin(State.IN_FLIGHT, null);
    if (!e.fingerprint.equals(fingerprint)) return new Begin(State.MISMATCH, null);
    return new Begin(State.REPLAY, e.saved);
  }

  /** Saves the endpoint's answer (including its 4xx/402 errors) for replay. */
  synchronized void finish(String key, Reply reply) {
    Entry e = entries.get(key);
    if (e != null) e.saved = reply;
  }

  /** Forgets a key whose request never produced an endpoint answer (e.g. the fake itself crashed). */
  synchronized void abandon(String key) {
    entries.remove(key);
  }
}
