package dev.stripesetup.operate;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionListParams;
import dev.stripesetup.stripe.NoCheckout;
import dev.stripesetup.billing.SetupRequestParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Checkout links {@code --collect checkout} made for some customers (metadata
 * created_by=stripe-setup), open or paid, for {@code status}. Expired ones are left out: they can
 * no longer be paid, and a re-run makes a new one.
 */
public final class PaymentLinks {
  private final StripeClient client;
  private final long pageSize;
  private final Consumer<String> verbose;

  public PaymentLinks(StripeClient client, long pageSize) {
    this(client, pageSize, note -> {});
  }

  /** verbose: where a note that only --verbose shows goes. */
  public PaymentLinks(StripeClient client, long pageSize, Consumer<String> verbose) {
    this.client = client;
    this.pageSize = pageSize;
    this.verbose = verbose;
  }

  /** One link: open (url, expires_at) or complete (the subscription it made). */
  public record Link(String sessionId, String customerId, String status, String url, Long expiresAt,
      String subscriptionId, String runId) {
    public Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", sessionId);
      m.put("customer", customerId);
      m.put("status", status);
      m.put("paid", "complete".equals(status));
      m.put("url", url);
      m.put("expires_at", expiresAt);
      m.put("subscription", subscriptionId);
      m.put("run", runId);
      return m;
    }
  }

  /** Newest first per customer; none on a server without Checkout (see {@link NoCheckout}). */
  public List<Link> of(List<String> customerIds) throws StripeException {
    try {
      return links(customerIds);
    } catch (StripeException e) {
      if (!NoCheckout.answered(e)) {
        throw e;
      }
      verbose.accept(NoCheckout.NOTE);
      return List.of();
    }
  }

  private List<Link> links(List<String> customerIds) throws StripeException {
    List<Link> links = new ArrayList<>();
    for (String customer : customerIds) {
      SessionListParams params = SessionListParams.builder().setCustomer(customer).setLimit(pageSize).build();
      for (Session s : client.v1().checkout().sessions().list(params).autoPagingIterable()) {
        Map<String, String> meta = s.getMetadata();
        if (meta == null || !SetupRequestParser.TOOL.equals(meta.get(SetupRequestParser.META_CREATED_BY))
            || "expired".equals(s.getStatus())) {
          continue;
        }
        links.add(new Link(s.getId(), customer, s.getStatus(), s.getUrl(), s.getExpiresAt(), s.getSubscription(),
            meta.get(SetupRequestParser.META_RUN)));
      }
    }
    return links;
  }
}
