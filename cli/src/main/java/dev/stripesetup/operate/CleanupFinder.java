package dev.stripesetup.operate;

import static dev.stripesetup.billing.SetupRequestParser.META_CREATED_BY;
import static dev.stripesetup.billing.SetupRequestParser.META_RUN;
import static dev.stripesetup.billing.SetupRequestParser.TOOL;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.StripeException;
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionListParams;
import com.stripe.model.Customer;
import com.stripe.model.HasId;
import com.stripe.model.Price;
import com.stripe.model.Product;
import com.stripe.model.StripeCollection;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.model.testhelpers.TestClock;
import com.stripe.param.CustomerListParams;
import com.stripe.param.PriceListParams;
import com.stripe.param.ProductListParams;
import com.stripe.param.SubscriptionListParams;
import com.stripe.param.testhelpers.TestClockListParams;
import dev.stripesetup.billing.CustomerResolution;
import dev.stripesetup.operate.CleanupItem.Action;
import dev.stripesetup.operate.CleanupItem.Kind;
import dev.stripesetup.simulate.Simulation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds what this tool created, by the {@code created_by=stripe-setup} metadata the chain puts on
 * everything, and decides what cleanup does with each object. Read-only.
 *
 * <p>Stripe's list endpoints cannot filter on metadata (and the search API is eventually
 * consistent), so every list is read to the end with auto-pagination and filtered here.
 *
 * <ul>
 *   <li>Subscriptions: ours, of the run (--run) and of a customer with the email (--email); canceled
 *       ones count as already done.
 *   <li>Customers: ours, of the run, with the email. A customer that still has a live subscription
 *       cleanup is not cancelling (someone else's, or another run's) is kept: deleting a customer
 *       cancels all its subscriptions.
 *   <li>Prices carry no run (every run on a plan shares one), so: without --run/--email every price
 *       of ours; with them, only the prices of the selected subscriptions. Either way a price that a
 *       subscription staying live still uses is kept.
 *   <li>Products: ours (with --run/--email, only those of the prices above), archived once no active
 *       price is left on them.
 *   <li>Checkout links: ours, open, of the run and of a customer with the email; expired first.
 *   <li>Test clocks of {@code simulate}, by name, and only without --run/--email. Their customers and
 *       subscriptions are not listed (Stripe lists them only per clock); deleting the clock deletes them.
 * </ul>
 */
public final class CleanupFinder {
  private static final Set<String> ENDED = Set.of("canceled", "incomplete_expired");

  private final StripeClient client;
  private final long pageSize;

  public CleanupFinder(StripeClient client, long pageSize) {
    this.client = client;
    this.pageSize = pageSize;
  }

  /** What cleanup would do, in the order it does it: links, subscriptions, customers, prices, products, clocks. */
  public CleanupPlan find(CleanupFilter f) throws StripeException {
    List<CleanupItem> items = new ArrayList<>();
    List<Customer> customers = customers(f);
    Set<String> emailCustomers = f.email() == null ? null
        : customers.stream().map(Customer::getId).collect(Collectors.toSet());
    items.addAll(openLinks(f, emailCustomers));
    Selection subs = subscriptions(f, emailCustomers);
    items.addAll(subs.items());
    items.addAll(customerItems(f, customers, subs.staying()));
    List<Price> prices = all(client.v1().prices().list(PriceListParams.builder().setLimit(pageSize).build()));
    Priced priced = priceItems(f, prices, subs);
    items.addAll(priced.items());
    items.addAll(productItems(f, prices, priced));
    if (!f.narrowed()) {
      items.addAll(testClocks());
    }
    return new CleanupPlan(f, items);
  }

  /** Every customer, or those with the email whatever its capitals (the same look-up as the chain's). */
  private List<Customer> customers(CleanupFilter f) throws StripeException {
    if (f.email() == null) {
      return all(client.v1().customers().list(CustomerListParams.builder().setLimit(pageSize).build()));
    }
    return CustomerResolution.lookups(client).withEmail(f.lookupEmail(), null,
        new CustomerResolution.Lookup(pageSize, List.of(), true));
  }

  /**
   * The subscriptions cleanup cancels, and those that stay billing after it: every live one it is
   * not cancelling (what the customers, prices and products it would remove may still serve).
   */
  private record Selection(List<Subscription> all, Set<String> selected, List<Subscription> staying,
      List<CleanupItem> items) {}

  private Selection subscriptions(CleanupFilter f, Set<String> emailCustomers) throws StripeException {
    List<Subscription> subs = all(client.v1().subscriptions().list(SubscriptionListParams.builder()
        .setStatus(SubscriptionListParams.Status.ALL).setLimit(pageSize).build()));
    Set<String> selected = new HashSet<>();
    List<CleanupItem> items = new ArrayList<>();
    for (Subscription s : subs) {
      if (ours(s.getMetadata(), f) && (emailCustomers == null || emailCustomers.contains(s.getCustomer()))) {
        selected.add(s.getId());
        String label = s.getStatus() + ", " + PlanWords.of(items(s)) + ", customer " + s.getCustomer();
        items.add(ended(s) ? new CleanupItem(Kind.SUBSCRIPTION, s.getId(), label, Action.ALREADY_DONE, "already canceled")
            : new CleanupItem(Kind.SUBSCRIPTION, s.getId(), label, Action.ACT, null));
      }
    }
    List<Subscription> staying = subs.stream().filter(s -> !selected.contains(s.getId()) && !ended(s)).toList();
    return new Selection(subs, selected, staying, items);
  }

  /** Our customers, kept when deleting one would cancel a subscription that stays. */
  private static List<CleanupItem> customerItems(CleanupFilter f, List<Customer> customers, List<Subscription> staying) {
    List<CleanupItem> items = new ArrayList<>();
    for (Customer c : customers) {
      if (!ours(c.getMetadata(), f)) {
        continue;
      }
      List<String> others = staying.stream().filter(s -> c.getId().equals(s.getCustomer())).map(Subscription::getId).toList();
      items.add(others.isEmpty()
          ? new CleanupItem(Kind.CUSTOMER, c.getId(), c.getEmail(), Action.ACT, null)
          : new CleanupItem(Kind.CUSTOMER, c.getId(), c.getEmail(), Action.KEEP,
              "kept: deleting it would also cancel " + String.join(", ", others)));
    }
    return items;
  }

  /**
   * The prices' items, the prices that will be inactive after cleanup (already, or archived by it),
   * and the products of ours that cleanup may archive.
   */
  private record Priced(List<CleanupItem> items, Set<String> inactiveAfter, Set<String> candidateProducts) {}

  private static Priced priceItems(CleanupFilter f, List<Price> prices, Selection subs) {
    Set<String> selectedPrices = subs.all().stream().filter(s -> subs.selected().contains(s.getId()))
        .flatMap(s -> items(s).stream()).map(i -> i.getPrice().getId()).collect(Collectors.toSet());
    List<CleanupItem> items = new ArrayList<>();
    Set<String> inactiveAfter = new HashSet<>();
    Set<String> candidateProducts = new HashSet<>();
    for (Price p : prices) {
      if (!Boolean.TRUE.equals(p.getActive())) {
        inactiveAfter.add(p.getId());
      }
      if (!ours(p.getMetadata(), null) || (f.narrowed() && !selectedPrices.contains(p.getId()))) {
        continue;
      }
      candidateProducts.add(p.getProduct());
      String label = PlanWords.of(p);
      if (!Boolean.TRUE.equals(p.getActive())) {
        items.add(new CleanupItem(Kind.PRICE, p.getId(), label, Action.ALREADY_DONE, "already archived"));
        continue;
      }
      List<String> users = subs.staying().stream().filter(s -> items(s).stream()
          .anyMatch(i -> p.getId().equals(i.getPrice().getId()))).map(Subscription::getId).toList();
      if (users.isEmpty()) {
        inactiveAfter.add(p.getId());
        items.add(new CleanupItem(Kind.PRICE, p.getId(), label, Action.ACT, null));
      } else {
        items.add(new CleanupItem(Kind.PRICE, p.getId(), label, Action.KEEP, "kept: still used by "
            + String.join(", ", users)));
      }
    }
    return new Priced(items, inactiveAfter, candidateProducts);
  }

  /** Our products, archived once no active price is left on them. */
  private List<CleanupItem> productItems(CleanupFilter f, List<Price> prices, Priced priced) throws StripeException {
    List<CleanupItem> items = new ArrayList<>();
    List<Product> products = all(client.v1().products().list(ProductListParams.builder().setLimit(pageSize).build()));
    for (Product prod : products) {
      if (!ours(prod.getMetadata(), null) || (f.narrowed() && !priced.candidateProducts().contains(prod.getId()))) {
        continue;
      }
      if (!Boolean.TRUE.equals(prod.getActive())) {
        items.add(new CleanupItem(Kind.PRODUCT, prod.getId(), prod.getName(), Action.ALREADY_DONE, "already archived"));
        continue;
      }
      List<String> activeLeft = prices.stream()
          .filter(p -> prod.getId().equals(p.getProduct()) && !priced.inactiveAfter().contains(p.getId()))
          .map(Price::getId).toList();
      items.add(activeLeft.isEmpty()
          ? new CleanupItem(Kind.PRODUCT, prod.getId(), prod.getName(), Action.ACT, null)
          : new CleanupItem(Kind.PRODUCT, prod.getId(), prod.getName(), Action.KEEP,
              "kept: still has active price " + String.join(", ", activeLeft)));
    }
    return items;
  }

  /** The simulations' test clocks, by name: clocks carry no metadata, so only a full cleanup takes them. */
  private List<CleanupItem> testClocks() throws StripeException {
    List<CleanupItem> items = new ArrayList<>();
    for (TestClock c : all(client.v1().testHelpers().testClocks()
        .list(TestClockListParams.builder().setLimit(pageSize).build()))) {
      if (Simulation.isClockName(c.getName())) {
        items.add(new CleanupItem(Kind.TEST_CLOCK, c.getId(), c.getName() + ", " + c.getStatus(), Action.ACT, null));
      }
    }
    return items;
  }

  /**
   * The tool's open Checkout links of the run or email (all of them without a filter): a link left
   * open could still be paid after cleanup, making a subscription nobody meant to keep. A key that
   * may not read Checkout Sessions, or a server without them, has none to show.
   */
  private List<CleanupItem> openLinks(CleanupFilter f, Set<String> emailCustomers) throws StripeException {
    List<CleanupItem> links = new ArrayList<>();
    try {
      for (Session s : client.v1().checkout().sessions().list(SessionListParams.builder()
          .setStatus(SessionListParams.Status.OPEN).setLimit(pageSize).build()).autoPagingIterable()) {
        if (ours(s.getMetadata(), f) && (emailCustomers == null || emailCustomers.contains(s.getCustomer()))) {
          links.add(new CleanupItem(Kind.CHECKOUT_LINK, s.getId(), "open, customer " + s.getCustomer(), Action.ACT, null));
        }
      }
    } catch (PermissionException e) {
      return List.of();
    } catch (InvalidRequestException e) {
      if (e.getStatusCode() == null || e.getStatusCode() != 404) {
        throw e;
      }
      return List.of();
    }
    return links;
  }

  /** Made by this tool and, when a filter with a run is given, by that run. */
  private static boolean ours(Map<String, String> metadata, CleanupFilter f) {
    if (metadata == null || !TOOL.equals(metadata.get(META_CREATED_BY))) {
      return false;
    }
    return f == null || f.run() == null || f.run().equals(metadata.get(META_RUN));
  }

  private static boolean ended(Subscription s) {
    return ENDED.contains(s.getStatus());
  }

  private static List<SubscriptionItem> items(Subscription s) {
    return s.getItems() == null ? List.of() : s.getItems().getData().stream()
        .filter(i -> i.getPrice() != null).filter(Objects::nonNull).toList();
  }

  /** Every page, via stripe-java's auto-pagination (starting_after the last ID of each page). */
  private static <T extends HasId> List<T> all(StripeCollection<T> first) {
    List<T> out = new ArrayList<>();
    first.autoPagingIterable().forEach(out::add);
    return out;
  }
}
