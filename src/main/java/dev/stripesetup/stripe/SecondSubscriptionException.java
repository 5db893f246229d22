package dev.stripesetup.stripe;

import java.util.List;

/**
 * The customer already has a live subscription to another plan. A second one could be meant (an
 * add-on) or a mistake (the same plan typed with another product name, case or amount), and either
 * way it bills the customer twice, so the user must say so with --allow-second-subscription.
 */
public class SecondSubscriptionException extends RuntimeException {
  /** One live subscription the customer already has. */
  public record Existing(String id, String status, String plan) {
    @Override
    public String toString() {
      return id + " (" + status + ", " + plan + ")";
    }
  }

  private final String customerId;
  private final List<Existing> existing;

  public SecondSubscriptionException(String customerId, List<Existing> existing) {
    super("customer " + customerId + " already has " + (existing.size() == 1 ? "a live subscription: " : "live subscriptions: ")
        + String.join(", ", existing.stream().map(Existing::toString).toList())
        + "; pass --allow-second-subscription to add another");
    this.customerId = customerId;
    this.existing = List.copyOf(existing);
  }

  public String customerId() {
    return customerId;
  }

  public List<Existing> existing() {
    return existing;
  }
}
