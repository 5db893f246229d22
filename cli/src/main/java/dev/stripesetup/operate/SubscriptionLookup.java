package dev.stripesetup.operate;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Subscription;
import com.stripe.param.CustomerRetrieveParams;
import com.stripe.param.SubscriptionListParams;
import com.stripe.param.SubscriptionRetrieveParams;
import dev.stripesetup.billing.CustomerResolution;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the subscriptions {@code status} reports on: one by ID, every one of a customer, or every one
 * of every customer with an email (whatever its capitals). Lists are read
 * to the end with stripe-java's auto-pagination, canceled subscriptions included.
 */
public final class SubscriptionLookup {
  /** What a view needs beyond the subscription: its payment method and latest invoice. */
  static final List<String> EXPAND = List.of("default_payment_method", "latest_invoice");
  private static final String CUSTOMER_DEFAULT_PM = "invoice_settings.default_payment_method";

  private final StripeClient client;
  private final long pageSize;

  public SubscriptionLookup(StripeClient client, long pageSize) {
    this.client = client;
    this.pageSize = pageSize;
  }

  /** The customers that matched and their subscriptions. */
  public record Found(List<String> customerIds, List<SubscriptionView> subscriptions) {}

  /** An unknown ID is Stripe's 404; an email nobody has gives no customers. */
  public Found find(Target target) throws StripeException {
    return switch (target.kind()) {
      case SUBSCRIPTION -> {
        SubscriptionView v = one(target.value());
        yield new Found(List.of(v.customerId()), List.of(v));
      }
      case CUSTOMER -> {
        Customer c = customer(target.value());
        yield new Found(List.of(c.getId()), ofCustomer(c));
      }
      case EMAIL -> byEmail(target.asTyped());
    };
  }

  /**
   * One subscription as the commands that change it read it, before and after: its payment method,
   * latest invoice and customer expanded (what {@link SubscriptionView} shows).
   */
  static Subscription retrieve(StripeClient client, String id) throws StripeException {
    return client.v1().subscriptions().retrieve(id, SubscriptionRetrieveParams.builder()
        .addAllExpand(EXPAND).addExpand("customer").build());
  }

  private SubscriptionView one(String id) throws StripeException {
    Subscription s = client.v1().subscriptions().retrieve(id, SubscriptionRetrieveParams.builder()
        .addAllExpand(EXPAND).addExpand("customer." + CUSTOMER_DEFAULT_PM).build());
    return SubscriptionView.of(s, null);
  }

  private Customer customer(String id) throws StripeException {
    return client.v1().customers().retrieve(id, CustomerRetrieveParams.builder()
        .addExpand(CUSTOMER_DEFAULT_PM).build());
  }

  /** Every customer with the email, whatever its capitals (see {@link CustomerResolution}). */
  private Found byEmail(String typedEmail) throws StripeException {
    List<String> ids = new ArrayList<>();
    List<SubscriptionView> views = new ArrayList<>();
    for (Customer c : CustomerResolution.lookups(client).withEmail(typedEmail, null,
        new CustomerResolution.Lookup(pageSize, List.of(CUSTOMER_DEFAULT_PM), true))) {
      ids.add(c.getId());
      views.addAll(ofCustomer(c));
    }
    return new Found(ids, views);
  }

  /** Newest first, as Stripe lists them; a deleted customer still shows its (canceled) subscriptions. */
  private List<SubscriptionView> ofCustomer(Customer c) throws StripeException {
    SubscriptionListParams.Builder params = SubscriptionListParams.builder().setCustomer(c.getId())
        .setStatus(SubscriptionListParams.Status.ALL).setLimit(pageSize);
    EXPAND.forEach(e -> params.addExpand("data." + e));
    List<SubscriptionView> views = new ArrayList<>();
    for (Subscription s : client.v1().subscriptions().list(params.build()).autoPagingIterable()) {
      views.add(SubscriptionView.of(s, c));
    }
    return views;
  }
}
