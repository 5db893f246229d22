package dev.stripesetup.billing;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Price;
import java.util.List;
import java.util.function.Consumer;

/**
 * Which price a run subscribes to: the given --price (checked to be recurring and active), else the
 * plan's active price found by its lookup key, else one created under the plan's key (shared by
 * every run on the plan), with a successor when a replayed one has since been archived.
 */
public final class PriceResolution {
  private final StripeClient client;
  private final Consumer<String> progress;

  public PriceResolution(StripeClient client, Consumer<String> progress) {
    this.client = client;
    this.progress = progress;
  }

  /** The price to use, or null when the plan has none yet. */
  public Price find(ChainCalls calls) throws StripeException {
    SetupRequest r = calls.request();
    if (r.priceId() != null) {
      Price p = client.v1().prices().retrieve(r.priceId());
      if (p.getRecurring() == null) {
        throw new InvalidInputException("price", r.priceId() + " is a one-time price; a subscription needs a recurring price");
      }
      if (!Boolean.TRUE.equals(p.getActive())) {
        throw new InvalidInputException("price", r.priceId() + " is archived (inactive)");
      }
      progress.accept("Using price " + p.getId() + " (" + PlanText.words(p) + ")");
      return p;
    }
    List<Price> found = client.v1().prices().list(calls.findPrice()).getData();
    if (found.isEmpty()) {
      return null;
    }
    progress.accept("Found price " + found.get(0).getId() + " (" + r.planInWords() + ")");
    return found.get(0);
  }

  /** Creates the plan's price; if a replayed one has since been archived, makes a successor. */
  public Price create(ChainCalls calls, ChainState state) throws StripeException {
    String after = null;
    while (true) {
      Price p = client.v1().prices().create(calls.createPrice(), ChainCalls.withKey(calls.priceKey(after)));
      if (Replays.replayed(p)
          && Replays.goneOrMissing(() -> !Boolean.TRUE.equals(client.v1().prices().retrieve(p.getId()).getActive()))) {
        progress.accept("Price " + p.getId() + " from an earlier run was archived: creating a new one");
        after = p.getId();
        continue;
      }
      state.record("price", p.getId(), false);
      progress.accept("Created price " + p.getId() + " (" + calls.request().planInWords() + ") of product " + p.getProduct());
      return p;
    }
  }
}
