package dev.stripesetup.billing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the chain has found or created so far. Filled in as calls return (some run concurrently), so
 * that a failure part-way can still say exactly which objects exist.
 */
public final class ChainState {
  private final Map<String, String> ids = new LinkedHashMap<>();
  private final Map<String, Boolean> reused = new LinkedHashMap<>();
  private final boolean newCustomerForced;

  public ChainState() {
    this(false);
  }

  /** @param newCustomerForced the run skipped the customer look-up (--new-customer) */
  public ChainState(boolean newCustomerForced) {
    this.newCustomerForced = newCustomerForced;
  }

  /**
   * A --new-customer run finds its customer again only through its idempotency key, which Stripe
   * keeps for 24 hours: after that, a re-run makes another customer.
   */
  public boolean resumableOnlyWithin24Hours() {
    return newCustomerForced;
  }

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

  /** True when every object known so far was found, not made by this run (or none is known). */
  public synchronized boolean createdNothing() {
    return !reused.containsValue(Boolean.FALSE);
  }

  /** kind -> id, in the order they became known. */
  public synchronized Map<String, String> ids() {
    return new LinkedHashMap<>(ids);
  }
}
