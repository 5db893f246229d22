package dev.stripesetup.billing;

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
    this(customerId, existing, "customer " + customerId + " already has "
        + (existing.size() == 1 ? "a live subscription: " : "live subscriptions: ") + list(existing)
        + "; pass --allow-second-subscription to add another");
  }

  private SecondSubscriptionException(String customerId, List<Existing> existing, String message) {
    super(message);
    this.customerId = customerId;
    this.existing = List.copyOf(existing);
  }

  /** --new-customer for an email whose customer is already on this plan: a second customer would pay twice. */
  public static SecondSubscriptionException newCustomer(String email, String customerId, List<Existing> existing) {
    return new SecondSubscriptionException(customerId, existing, "customer " + customerId + " with the email " + email
        + " already has a live subscription to this plan: " + list(existing)
        + "; --new-customer would bill the person twice; pass --allow-second-subscription if that is meant");
  }

  /**
   * A Checkout link for another plan is still open: paying both would be two subscriptions, and a
   * run for this plan does not take another plan's link away.
   */
  public static SecondSubscriptionException openLinks(String customerId, List<Existing> links) {
    return new SecondSubscriptionException(customerId, links, "customer " + customerId + " has an open Checkout link "
        + "for another plan: " + list(links) + "; paying both would make two subscriptions: pass "
        + "--allow-second-subscription to send this link too, or expire that one (cleanup --run)");
  }

  private static String list(List<Existing> existing) {
    return String.join(", ", existing.stream().map(Existing::toString).toList());
  }

  public String customerId() {
    return customerId;
  }

  public List<Existing> existing() {
    return existing;
  }
}
