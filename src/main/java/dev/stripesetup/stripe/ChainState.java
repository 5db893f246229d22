package dev.stripesetup.stripe;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the chain has found or created so far. Filled in as calls return (some run concurrently), so
 * that a failure part-way can still say exactly which objects exist.
 */
public final class ChainState {
  private final Map<String, String> ids = new LinkedHashMap<>();
  private final Map<String, Boolean> reused = new LinkedHashMap<>();

  public synchronized void record(String kind, String id, boolean wasReused) {
    ids.put(kind, id);
    reused.put(kind, wasReused);
  }

  public synchronized String id(String kind) {
    return ids.get(kind);
  }

  public synchronized boolean reused(String kind) {
    return Boolean.TRUE.equals(reused.get(kind));
  }

  /** kind -> id, in the order they became known. */
  public synchronized Map<String, String> ids() {
    return new LinkedHashMap<>(ids);
  }
}
