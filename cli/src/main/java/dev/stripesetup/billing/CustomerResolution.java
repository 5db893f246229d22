package dev.stripesetup.billing;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.StripeCollection;
import com.stripe.model.StripeSearchResult;
import com.stripe.param.CustomerListParams;
import com.stripe.param.CustomerSearchParams;
import dev.stripesetup.billing.StripeHelpers.Steps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Which customer a run bills: the one given by ID (checked against the email), the one customer
 * with the email, a new one (--new-customer), or none yet (created under the run's key).
 *
 * <p>Finding by email, whatever its capitals: Stripe's {@code customers?email=} list is consistent
 * but case-sensitive, and Checkout and the Dashboard store what the person typed; its Search API
 * ({@code email:"..."}) ignores case but lags writes by up to about a minute. Both go out together
 * (one round trip): the search, and the list for the email as typed and lower-cased (this tool's
 * own form, so a customer it made a moment ago is found while search lags). Results are merged by
 * ID; two or more is ambiguous. A server without search (404) still works through the list.
 */
public final class CustomerResolution {
  private final StripeClient client;
  private final Consumer<String> progress;
  private final Executor pool;

  /** For the look-ups of commands without a pool of their own (status, cleanup). */
  private static final Executor LOOKUPS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "customer-lookup");
    t.setDaemon(true);
    return t;
  });

  /** Look-ups only (no progress notes), for the operate commands. */
  public static CustomerResolution lookups(StripeClient client) {
    return new CustomerResolution(client, note -> {}, LOOKUPS);
  }

  public CustomerResolution(StripeClient client, Consumer<String> progress, Executor pool) {
    this.client = client;
    this.progress = progress;
    this.pool = pool;
  }

  /** How many customers to ask for and what to expand on them; all pages or just the first. */
  public record Lookup(long limit, List<String> expand, boolean allPages) {
    /** Enough to tell "exactly one" from "several". */
    public static final Lookup FIRST_TWO = new Lookup(2, List.of(), false);
    /**
     * The chain's look-up: also the customer's invoice default card, so a re-run whose customer was
     * created with its card (see {@link ChainCalls#createCustomer(String)}) uses it as it is.
     */
    public static final Lookup WITH_DEFAULT_CARD = new Lookup(2, List.of("invoice_settings.default_payment_method"),
        false);
  }

  /**
   * The request's existing customer, or null when one is to be created (none has the email, or
   * --new-customer). Several with the email: {@link AmbiguousCustomerException}.
   */
  public Customer find(SetupRequest r) throws StripeException {
    if (r.customerId() != null) {
      Customer c = client.v1().customers().retrieve(r.customerId());
      if (Boolean.TRUE.equals(c.getDeleted())) {
        throw new InvalidInputException("customer", r.customerId() + " has been deleted");
      }
      if (c.getEmail() == null || !c.getEmail().equalsIgnoreCase(r.email())) {
        // Guards against a mistyped ID billing someone else: the two flags must agree.
        throw new InvalidInputException("customer", r.customerId() + " has the email " + c.getEmail()
            + ", not " + r.email() + " (--email)");
      }
      progress.accept("Using customer " + c.getId() + " (" + c.getEmail() + ")");
      return c;
    }
    if (r.newCustomer()) {
      return null;
    }
    return decide(r, withEmail(r.emailAsTyped(), r.testClock(), Lookup.WITH_DEFAULT_CARD));
  }

  /**
   * Whether a request looks customers up by email (no customer ID, no --new-customer, no test
   * clock): only then may a shared look-up ({@link SharedCustomerLookup}) stand in for {@link #find}.
   */
  public static boolean findsByEmail(SetupRequest r) {
    return r.customerId() == null && !r.newCustomer() && r.testClock() == null;
  }

  /**
   * {@link #find}'s answer from the email's customers found already (by {@link #withEmail} or a
   * shared look-up): the one customer, none (null), or several ({@link AmbiguousCustomerException}).
   */
  public Customer decide(SetupRequest r, List<Customer> matches) {
    if (matches.size() > 1) {
      throw new AmbiguousCustomerException(r.email(), matches.stream().map(Customer::getId).toList());
    }
    if (matches.size() == 1) {
      progress.accept("Found customer " + matches.get(0).getId() + " (" + matches.get(0).getEmail() + ")");
      return matches.get(0);
    }
    return null;
  }

  /**
   * Every customer whose email is {@code typed}, whatever the capitals, each once: search and the
   * exact-case lists concurrently. With a test clock only the lists are asked (search has no clock
   * filter, and Stripe lists a clock's customers only when the clock is named); without one, a
   * clock's customers that search finds are left out, as the list leaves them out.
   */
  public List<Customer> withEmail(String typed, String testClock, Lookup how) throws StripeException {
    List<CompletableFuture<List<Customer>>> lookups = new ArrayList<>();
    if (testClock == null) {
      lookups.add(Concurrently.start(pool, () -> search(typed, how)));
    }
    for (String form : CustomerEmails.lookupForms(typed)) {
      CustomerListParams.Builder b = CustomerListParams.builder().setEmail(form).setTestClock(testClock)
          .setLimit(how.limit());
      how.expand().forEach(e -> b.addExpand("data." + e));
      CustomerListParams params = b.build();
      lookups.add(Concurrently.start(pool, () -> pages(client.v1().customers().list(params), how)));
    }
    Map<String, Customer> byId = new LinkedHashMap<>();
    for (CompletableFuture<List<Customer>> lookup : lookups) {
      for (Customer c : Concurrently.join(lookup)) {
        byId.putIfAbsent(c.getId(), c);
      }
    }
    return List.copyOf(byId.values());
  }

  private List<Customer> search(String typed, Lookup how) throws StripeException {
    CustomerSearchParams params = searchParams(typed, how);
    List<Customer> found = new ArrayList<>();
    try {
      StripeSearchResult<Customer> page = client.v1().customers().search(params);
      Iterable<Customer> all = how.allPages() ? page.autoPagingIterable() : page.getData();
      String lower = typed.strip().toLowerCase(Locale.ROOT);
      for (Customer c : all) {
        // Search matches words, not whole values: keep only the same email, and no clock's customer.
        if (c.getEmail() != null && c.getEmail().toLowerCase(Locale.ROOT).equals(lower) && c.getTestClock() == null
            && !Boolean.TRUE.equals(c.getDeleted())) {
          found.add(c);
        }
      }
    } catch (InvalidRequestException e) {
      if (e.getStatusCode() == null || e.getStatusCode() != 404) {
        throw e;
      }
      progress.accept("Customer search is not available here (HTTP 404): customers are found by the email "
          + "as typed and lower-cased only");
    }
    return found;
  }

  /** The search for one email (also shown by --dry-run). */
  public static CustomerSearchParams searchParams(String typed, Lookup how) {
    CustomerSearchParams.Builder b = CustomerSearchParams.builder()
        .setQuery("email:\"" + quoted(typed.strip()) + "\"").setLimit(how.limit());
    how.expand().forEach(e -> b.addExpand("data." + e));
    return b.build();
  }

  /** Search's quoted strings escape a quote and a backslash with a backslash. */
  static String quoted(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static List<Customer> pages(StripeCollection<Customer> first, Lookup how) {
    if (!how.allPages()) {
      return first.getData();
    }
    List<Customer> out = new ArrayList<>();
    first.autoPagingIterable().forEach(out::add);
    return out;
  }

  /**
   * Creates the customer. A replayed response means an identical earlier run created it; if that
   * customer has since been deleted (cleanup, or by hand), a fresh one is made under a successor key,
   * and its ID is left in {@code gone} (its payment methods went with it).
   *
   * @param card a payment method the customer is created with, as its default (see
   *     {@link ChainCalls#createCustomer(String)}); null for none. A successor gets a fresh copy.
   */
  public Customer create(ChainCalls calls, ChainState state, AtomicReference<String> gone, Steps steps, String card)
      throws StripeException {
    String after = null;
    while (true) {
      String key = calls.customerKey(after, card);
      steps.before("customer", key);
      Customer c = client.v1().customers().create(calls.createCustomer(card), ChainCalls.withKey(key));
      if (Replays.replayed(c)
          && Replays.goneOrMissing(() -> Boolean.TRUE.equals(client.v1().customers().retrieve(c.getId()).getDeleted()))) {
        progress.accept("Customer " + c.getId() + " from an earlier identical run was deleted: creating a new one");
        gone.set(c.getId());
        after = c.getId();
        continue;
      }
      state.record("customer", c.getId(), false);
      steps.after("customer", c.getId());
      progress.accept("Created customer " + c.getId() + " (" + c.getEmail() + ")");
      return c;
    }
  }
}
