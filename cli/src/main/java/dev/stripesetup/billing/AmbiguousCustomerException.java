package dev.stripesetup.billing;

import java.util.List;

/** Several customers share the email: guessing could bill the wrong one, so the user must choose. */
public class AmbiguousCustomerException extends RuntimeException {
  private final List<String> customerIds;

  public AmbiguousCustomerException(String email, List<String> customerIds) {
    super("several customers have the email " + email + " (" + String.join(", ", customerIds)
        + (customerIds.size() >= 2 ? ", ..." : "") + "); choose one with --customer cus_... or make a new one with --new-customer");
    this.customerIds = List.copyOf(customerIds);
  }

  public List<String> customerIds() {
    return customerIds;
  }
}
