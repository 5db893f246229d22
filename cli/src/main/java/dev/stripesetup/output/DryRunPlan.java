package dev.stripesetup.output;

import com.stripe.Stripe;
import com.stripe.net.ApiRequestParams;
import com.stripe.net.FormEncoder;
import com.stripe.net.KeyValuePair;
import dev.stripesetup.config.ApiKey;
import dev.stripesetup.config.ConfigException;
import dev.stripesetup.config.Secrets;
import dev.stripesetup.billing.DiscountCheck;
import dev.stripesetup.billing.ChainCalls;
import dev.stripesetup.billing.Collect;
import dev.stripesetup.billing.CollectCalls;
import java.time.Duration;
import dev.stripesetup.billing.SetupRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --dry-run}: the ordered calls the chain would make, with their exact form parameters and
 * idempotency keys, built by the same {@link ChainCalls} the real run uses. Sends nothing and needs
 * no key; the key, when there is one, is shown masked with where it came from.
 */
public final class DryRunPlan {
  private DryRunPlan() {}

  /** One planned request. */
  public record Call(int round, String method, String path, Map<String, String> params,
      String idempotencyKey, String when) {}

  /** How --collect is set, for the plan (null mode: the chain with a card). */
  public record Collecting(Collect mode, String successUrl, Duration linkExpires, int daysUntilDue,
      boolean allowPromotionCodes) {
    public Collecting(Collect mode, String successUrl, Duration linkExpires, int daysUntilDue) {
      this(mode, successUrl, linkExpires, daysUntilDue, false);
    }
  }

  public static List<Call> calls(SetupRequest r) {
    return calls(r, null);
  }

  /**
   * With --collect: the same look-ups and creates of customer and price, then the Checkout link or
   * the invoiced subscription instead of payment method, attach and subscription.
   */
  public static List<Call> calls(SetupRequest request, Collecting collecting) {
    SetupRequest r = collecting == null ? request : Collect.withoutCard(request);
    ChainCalls c = new ChainCalls(r);
    List<Call> calls = new ArrayList<>();
    if (r.customerId() != null) {
      calls.add(new Call(1, "GET", "/v1/customers/" + r.customerId(), Map.of(), null, "always"));
    } else if (!r.newCustomer()) {
      // Stripe's email filter is case-sensitive: the email as typed and lower-cased, together with
      // the case-insensitive search (see CustomerResolution).
      for (String form : r.emailLookupForms()) {
        calls.add(get(1, "/v1/customers", c.findCustomer(form), "always: reuse the customer if exactly one has this email"));
      }
      if (r.testClock() == null) {
        calls.add(get(1, "/v1/customers/search", dev.stripesetup.billing.CustomerResolution.searchParams(r.emailAsTyped(),
            dev.stripesetup.billing.CustomerResolution.Lookup.FIRST_TWO), "always: the same email in other capitals"));
      }
    }
    if (r.paymentMethodId() != null) {
      calls.add(new Call(1, "GET", "/v1/payment_methods/" + r.paymentMethodId(), Map.of(), null,
          "always: a payment method that does not exist, or belongs to another customer, stops the run here"));
    }
    SetupRequest.Discount d = r.discount();
    DiscountCheck.Applied discount = DiscountCheck.planned(d);
    if (d != null && d.promotionCode()) {
      calls.add(get(1, "/v1/promotion_codes", DiscountCheck.findPromotionCode(d.value()),
          "always: an unknown or inactive code stops the run here, before anything is created"));
    } else if (d != null) {
      calls.add(new Call(1, "GET", "/v1/coupons/" + d.value(), Map.of(), null,
          "always: an unknown or no longer valid coupon stops the run here, before anything is created"));
    }
    if (r.priceId() != null) {
      calls.add(new Call(1, "GET", "/v1/prices/" + r.priceId(), Map.of(), null, "always"));
    } else {
      calls.add(get(1, "/v1/prices", c.findPrice(), "always: reuse the price with this lookup key"));
      calls.add(post(2, "/v1/prices", c.createPrice(), c.priceKey(null), "if no price was found"));
    }
    // The card chain creates a new customer with its card (a test payment method, or --payment-method).
    String card = collecting == null ? c.cardForNewCustomer() : null;
    if (r.customerId() == null) {
      calls.add(post(2, "/v1/customers", c.createCustomer(card), c.customerKey(null, card),
          (r.newCustomer() ? "always (--new-customer)" : "if no customer was found")
              + (card != null ? "; with its card as the invoice default (no payment-method create or attach)" : "")));
    }
    if (r.paymentMethodId() == null && collecting == null && card == null) {
      calls.add(post(2, "/v1/payment_methods", c.createPaymentMethod(), c.paymentMethodKey(null),
          "test card: with a new customer; for an existing customer in round 3, only if a subscription is to be made"));
    }
    calls.add(get(2, "/v1/subscriptions", c.findSubscriptions("{customer}"),
        "if the customer already existed, in the same round as its Checkout links: stop here when it has a live "
            + "subscription on this plan; refuse (exit 9) when it has one on another plan, unless "
            + "--allow-second-subscription"));
    if (collecting != null) {
      CollectCalls k = new CollectCalls(c);
      if (collecting.mode() == Collect.INVOICE) {
        calls.add(post(3, "/v1/subscriptions", k.createInvoicedSubscription("{customer}", "{price}",
            collecting.daysUntilDue(), discount), k.invoicedSubscriptionKey("{customer}", "{price}",
            collecting.daysUntilDue(), discount, null), "always"));
        return calls;
      }
      calls.add(get(3, "/v1/checkout/sessions", k.listSessions("{customer}"),
          "always: reuse this run's open link for the price"));
      calls.add(new Call(4, "POST", "/v1/checkout/sessions/{other_open_session}/expire", Map.of(),
          CollectCalls.expireKey("{other_open_session}"), "for each open link of another run for this customer and price"));
      long expiresAt = System.currentTimeMillis() / 1000 + collecting.linkExpires().toSeconds();
      calls.add(post(4, "/v1/checkout/sessions", k.createSession("{customer}", "{price}", collecting.successUrl(),
          expiresAt, discount, collecting.allowPromotionCodes()), k.sessionKey("{customer}", "{price}", discount,
          collecting.allowPromotionCodes(), null) + "[:after:{newest_session_of_this_run}]",
          "if no open link of this run was found"));
      return calls;
    }
    String attachable = r.paymentMethodId() != null ? r.paymentMethodId()
        : card != null ? card : "{payment_method}";
    calls.add(post(3, "/v1/payment_methods/" + attachable + "/attach", c.attach("{customer}"),
        c.attachKey(attachable, "{customer}"), "only if the customer already existed"));
    String pm = "{customer's card}";
    calls.add(post(card != null ? 3 : 4, "/v1/subscriptions", c.createSubscription("{customer}", "{price}", pm, discount),
        c.subscriptionKey("{customer}", "{price}", pm, discount, null),
        "always (round 3 for a new customer, 4 for an existing one)"));
    return calls;
  }

  public static void print(Console console, SetupRequest r, Secrets secrets, String apiBase) {
    print(console, r, secrets, apiBase, null);
  }

  public static void print(Console console, SetupRequest r, Secrets secrets, String apiBase, Collecting collecting) {
    String keyLine;
    String mode;
    try {
      ApiKey key = secrets.apiKey();
      console.addSecret(key.reveal(), key.masked());
      keyLine = key.masked() + " from " + key.source();
      mode = key.mode() + (key.isLive() ? " (a real run needs --live and confirmation)" : "");
    } catch (ConfigException e) {
      keyLine = "none found (looked in " + String.join(", ", secrets.searched()) + "); a real run needs one";
      mode = "unknown";
    }
    List<Call> calls = calls(r, collecting);
    String base = apiBase == null ? Stripe.LIVE_API_BASE : apiBase;
    if (console.json()) {
      Map<String, Object> doc = JsonResult.of(0);
      doc.put("dry_run", true);
      doc.put("plan", r.planInWords());
      doc.put("email", r.email());
      doc.put("run", new ChainCalls(r).runId());
      doc.put("discount", r.discount() == null ? null : DiscountCheck.planned(r.discount()).words());
      doc.put("mode", mode);
      doc.put("key", keyLine);
      doc.put("api_base", base);
      doc.put("api_version", Stripe.API_VERSION);
      doc.put("calls", calls);
      console.printJson(doc);
      return;
    }
    console.result("Dry run: nothing will be sent. " + r.planInWords() + " for " + r.name() + " <" + r.email() + ">");
    if (r.discount() != null) {
      console.result("  Discount: " + DiscountCheck.planned(r.discount()).words() + " (checked in round 1)");
    }
    console.result("  Mode: " + mode + "; key: " + keyLine);
    console.result("  API: " + base + " (Stripe-Version " + Stripe.API_VERSION + "); run " + new ChainCalls(r).runId());
    console.result("  Calls run in rounds; calls in the same round go out concurrently:");
    for (Call call : calls) {
      console.result(String.format("  %d. %s %s   [%s]", call.round(), call.method(), call.path(), call.when()));
      for (Map.Entry<String, String> p : call.params().entrySet()) {
        console.result("       " + p.getKey() + "=" + p.getValue());
      }
      if (call.idempotencyKey() != null) {
        console.result("       Idempotency-Key: " + call.idempotencyKey());
      }
    }
  }

  private static Call get(int round, String path, ApiRequestParams params, String when) {
    return new Call(round, "GET", path, flatten(params), null, when);
  }

  private static Call post(int round, String path, ApiRequestParams params, String key, String when) {
    return new Call(round, "POST", path, flatten(params), key, when);
  }

  /** The form fields exactly as stripe-java will encode them (items[0][price], metadata[k]...). */
  static Map<String, String> flatten(ApiRequestParams params) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (KeyValuePair<String, Object> kv : FormEncoder.flattenParams(params.toMap())) {
      out.merge(kv.getKey(), String.valueOf(kv.getValue()), (a, b) -> a + "," + b);
    }
    return out;
  }
}
