package dev.stripesetup.batch;

import dev.stripesetup.billing.InvalidInputException;
import dev.stripesetup.billing.SetupRequest;
import dev.stripesetup.billing.StripeHelpers;
import dev.stripesetup.billing.StripeHelpers.ResolvedPrice;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each plan's price, resolved once per batch: the first row of a plan finds or creates it while the
 * plan's other rows wait, so concurrent rows never race to create the same price, and the rows skip
 * the per-row price look-up.
 */
final class PlanPrices {
  private final StripeHelpers helpers;
  private final Journal journal;
  private final ConcurrentHashMap<String, CompletableFuture<ResolvedPrice>> prices = new ConcurrentHashMap<>();

  PlanPrices(StripeHelpers helpers, Journal journal) {
    this.helpers = helpers;
    this.journal = journal;
  }

  ResolvedPrice resolve(String plan, SetupRequest request) {
    CompletableFuture<ResolvedPrice> mine = new CompletableFuture<>();
    CompletableFuture<ResolvedPrice> first = prices.putIfAbsent(plan, mine);
    if (first != null) {
      try {
        return first.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException re ? re : e;
      }
    }
    try {
      ResolvedPrice p = helpers.findOrCreatePrice(request);
      journal.plan(plan, p.price().getId(), p.price().getProduct(), p.existed());
      mine.complete(p);
      return p;
    } catch (RuntimeException e) {
      // A bad --price stays bad; anything else (network, 429 after retries) is tried again by the
      // next row of the plan that comes along.
      if (!(e instanceof InvalidInputException)) {
        prices.remove(plan, mine);
      }
      mine.completeExceptionally(e);
      throw e;
    }
  }

  /** Prices created and reused so far: {created, reused}. */
  long[] tally() {
    long created = 0;
    long reused = 0;
    for (CompletableFuture<ResolvedPrice> f : prices.values()) {
      if (f.isDone() && !f.isCompletedExceptionally()) {
        if (f.join().existed()) {
          reused++;
        } else {
          created++;
        }
      }
    }
    return new long[] {created, reused};
  }
}
