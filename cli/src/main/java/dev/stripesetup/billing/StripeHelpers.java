package dev.stripesetup.billing;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.PaymentMethod;
import com.stripe.model.Price;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import dev.stripesetup.stripe.NoCheckout;

/**
 * The subscription chain: puts one customer on recurring billing by calling the billing steps of
 * {@code dev.stripesetup.billing} in one order, which every path (card, Checkout link, invoice,
 * batch, simulate) shares through this class:
 *
 * <ol>
 *   <li>Look up, concurrently: the customer ({@link CustomerResolution}: by ID, or by email whatever
 *       its case; in a batch, shared with other rows: {@link SharedCustomerLookup}), the price
 *       ({@link PriceResolution}) and a given payment method.
 *   <li>Create, concurrently, only what is missing: the customer with its card as invoice default
 *       (a test payment method such as pm_card_visa, or --payment-method), the price; and list an
 *       existing customer's Checkout links and subscriptions.
 *   <li>Take this customer's open links for the plan out of play ({@link OpenLinks}); a link paid
 *       at any moment is seen, by the subscriptions list, a complete session or a refused expire;
 *       then decide on the live subscriptions ({@link LiveSubscriptionCheck}).
 *   <li>An existing customer's card is attached; the subscription ({@link SubscriptionCreation}).
 * </ol>
 *
 * <p>A new customer's card chain takes three sequential round trips (look-ups; customer with card
 * and price; subscription), an existing customer's four (look-up; links and subscriptions; attach;
 * subscription), plus one to expire an open link when there is one. Every POST carries an
 * idempotency key from {@link ChainCalls}; together with find-or-create this makes a retried,
 * interrupted or repeated run end with one customer, one price and one subscription. This class
 * knows nothing of the command line: it takes a {@link SetupRequest} and reports progress through a
 * callback.
 */
public final class StripeHelpers implements AutoCloseable {
  private final StripeClient client;
  private final Consumer<String> progress;
  private final Path lockDirectory;
  private boolean allowSecondSubscription;
  private Consumer<String> verbose = note -> {};
  // The billing steps (dev.stripesetup.billing), each decision in one place; this class orders them.
  private final CustomerResolution customers;
  private final PriceResolution prices;
  private final OpenLinks openLinks;
  private final LiveSubscriptionCheck liveCheck;
  private final SubscriptionCreation subscriptions;
  private final DiscountCheck discounts;
  private final PaymentMethodAttachment cards;
  private final SetupResults results;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "stripe-call");
    t.setDaemon(true);
    return t;
  });

  public StripeHelpers(StripeClient client, Consumer<String> progress) {
    this(client, progress, null);
  }

  /**
   * With {@code lockDirectory} (see {@link EmailLock#directory}), runs for the same email on this
   * machine take turns, so two at once cannot both create the customer.
   */
  public StripeHelpers(StripeClient client, Consumer<String> progress, Path lockDirectory) {
    this.client = client;
    this.progress = progress;
    this.lockDirectory = lockDirectory;
    this.customers = new CustomerResolution(client, progress, pool);
    this.prices = new PriceResolution(client, progress);
    this.openLinks = new OpenLinks(client, progress);
    this.liveCheck = new LiveSubscriptionCheck(client);
    this.subscriptions = new SubscriptionCreation(client, progress);
    this.discounts = new DiscountCheck(client);
    this.cards = new PaymentMethodAttachment(client, progress);
    this.results = new SetupResults(client, progress);
  }

  /**
   * Whether a customer who already has a live subscription to another plan may get this one too
   * (--allow-second-subscription). Without it such a run stops with {@link SecondSubscriptionException}.
   */
  boolean allowsSecondSubscription() {
    return allowSecondSubscription;
  }

  public StripeHelpers allowSecondSubscription(boolean allow) {
    this.allowSecondSubscription = allow;
    return this;
  }

  /** Where notes that only --verbose shows go (default: nowhere). */
  public StripeHelpers verbose(Consumer<String> notes) {
    this.verbose = notes;
    return this;
  }

  /**
   * Told about each creating step of one run: its idempotency key before the call, the ID it
   * returned (or found) after. The batch command journals these; the single command ignores them.
   * Steps: customer, payment_method, attach, subscription.
   */
  public interface Steps {
    Steps NONE = new Steps() {};

    default void before(String step, String idempotencyKey) {}

    default void after(String step, String objectId) {}
  }

  /** Runs the chain; throws {@link ChainFailedException} naming the step and what already exists. */
  public SetupResult setUp(SetupRequest request) {
    return setUp(request, null, Steps.NONE);
  }

  /**
   * Runs the chain with the plan's price already resolved by the caller ({@link #findOrCreatePrice}),
   * so the price look-up is skipped; null looks it up as usual. The idempotency keys still come from
   * the request alone, so they are the same as the single command's for the same inputs.
   */
  public SetupResult setUp(SetupRequest request, Price knownPrice, Steps steps) {
    return setUp(request, knownPrice, steps, null);
  }

  /**
   * As above, with the email's customers already looked up together with other rows' (a batch:
   * {@link SharedCustomerLookup}), which then stands in for this run's own look-up, but only if no
   * run has let this email's lock go since that look-up started ({@link EmailLock#quietSince}):
   * otherwise another run may have created the customer meanwhile, and the email is looked up again.
   */
  public SetupResult setUp(SetupRequest request, Price knownPrice, Steps steps, SharedCustomerLookup.Found shared) {
    // From the look-up by email to the subscription: another run for this email waits meanwhile.
    try (EmailLock held = EmailLock.acquire(lockDirectory, request.email(), progress)) {
      List<Customer> known = shared != null && CustomerResolution.findsByEmail(request)
          && held.quietSince(shared.startedMillis()) ? shared.of(request.emailAsTyped()) : null;
      return chain(request, knownPrice, steps, held.held(), known);
    }
  }

  private SetupResult chain(SetupRequest request, Price knownPrice, Steps steps, boolean locked,
      List<Customer> knownMatches) {
    Parties parties = parties(request, knownPrice, steps, locked, Pay.CARD, knownMatches);
    ChainCalls calls = parties.calls();
    ChainState state = parties.state();
    Customer customer = parties.customer();
    Price price = parties.price();
    // Open links out of play, then live subscriptions: the one decision every path shares.
    Standing standing = standing(parties, null, !allowSecondSubscription, true);
    Subscription existing = standing.subscription();
    if (existing != null) {
      steps.after("subscription", existing.getId());
      noteDiscountNotChanged(parties.discount(), existing);
      // Report the plan as the subscription has it (its price may be an archived one of this plan).
      return resultOf(new Prepared(calls, state, customer, price, existing, standing.links(), parties.discount()),
          existing, true);
    }
    PaymentMethod attached;
    if (parties.cardOnCustomer() != null) {
      // A new customer was created with its card as the invoice default: nothing to create or attach.
      attached = parties.cardOnCustomer();
      state.record("payment_method", attached.getId(), request.paymentMethodId() != null);
    } else {
      // An earlier identical run's customer was deleted: its test-card payment method went with it
      // (deleting a customer detaches them, and a detached one cannot be used again).
      PaymentMethod created = parties.cardPm() != null && parties.goneCustomer() != null
          ? call("create payment method", state, () -> cards.create(calls, state, parties.goneCustomer(), steps))
          : parties.cardPm();
      // A test card with a test payment method (pm_card_visa) is attached as it is: Stripe attaches
      // a fresh copy, so no create call; the others are created first.
      String testPm = request.testCard() == null ? null : request.testCard().paymentMethod();
      if (created == null && request.paymentMethodId() == null && testPm == null) {
        created = call("create payment method", state, () -> cards.create(calls, state, null, steps));
      }
      PaymentMethod card = created;
      String pmId = card != null ? card.getId() : request.paymentMethodId() != null ? request.paymentMethodId() : testPm;
      attached = call("attach payment method", state, () -> cards.attach(calls, pmId, customer.getId(), steps));
      state.record("payment_method", attached.getId(), request.paymentMethodId() != null);
    }

    // The subscription itself.
    Subscription sub = call("create subscription", state, () -> subscriptions.create(
        after -> calls.subscriptionKey(customer.getId(), price.getId(), attached.getId(), parties.discount(), after),
        calls.createSubscription(customer.getId(), price.getId(), attached.getId(), parties.discount()), steps));
    progress.accept("Created subscription " + sub.getId() + " (" + sub.getStatus() + ")");
    state.record("subscription", sub.getId(), false);
    return results.of(calls, customer, state, price, attached, sub, false).withDiscount(words(parties.discount()));
  }

  private static String words(DiscountCheck.Applied discount) {
    return discount == null ? null : discount.words();
  }

  /** A re-run finds the subscription whatever discount it asks for, and leaves its discounts as they are. */
  void noteDiscountNotChanged(DiscountCheck.Applied discount, Subscription existing) {
    if (discount != null) {
      progress.accept("The existing subscription " + existing.getId() + " keeps its own discounts: "
          + discount.words() + " was not applied to it");
    }
  }

  /** How the run pays: a test card or --payment-method (the chain), or a link or invoice (collect). */
  enum Pay { CARD, CHECKOUT, INVOICE }

  /** Customer and price found or made, and what the decision after needs. */
  private record Parties(ChainCalls calls, ChainState state, Customer customer, boolean customerExisted, Price price,
      PaymentMethod cardPm, String goneCustomer, List<Session> sessions, PaymentMethod cardOnCustomer,
      List<Subscription> subscriptions, DiscountCheck.Applied discount) {}

  /**
   * The first two rounds, shared by every path. Round 1, concurrently: the customer (by ID, or by
   * email whatever its case: {@link CustomerResolution}), the price, a given payment method, and for
   * --new-customer the email's other customers. Round 2, concurrently: what is missing is created
   * (with a new customer's test card), and an existing customer's Checkout links are listed.
   */
  private Parties parties(SetupRequest request, Price knownPrice, Steps steps, boolean locked, Pay pay,
      List<Customer> knownMatches) {
    ChainCalls calls = new ChainCalls(request);
    ChainState state = new ChainState(request.newCustomer());

    CompletableFuture<Customer> foundCustomer = knownMatches != null
        ? CompletableFuture.completedFuture(customers.decide(request, knownMatches))
        : async("find customer", state, () -> customers.find(request));
    CompletableFuture<Price> foundPrice = knownPrice != null
        ? CompletableFuture.completedFuture(knownPrice)
        : async("find price", state, () -> prices.find(calls));
    // A given payment method is read first, so a mistyped one stops the run before anything is made.
    CompletableFuture<PaymentMethod> givenPm = request.paymentMethodId() != null
        ? async("check payment method", state, () -> cards.given(request.paymentMethodId()))
        : CompletableFuture.completedFuture(null);
    CompletableFuture<List<Customer>> others = request.newCustomer() && !allowSecondSubscription
        ? async("find customer", state, () -> customers.withEmail(request.emailAsTyped(), request.testClock(),
            new CustomerResolution.Lookup(10, List.of(), false)))
        : CompletableFuture.completedFuture(List.of());
    // The discount is checked with the look-ups: an unknown or spent one stops the run before
    // anything is created.
    CompletableFuture<DiscountCheck.Applied> discountF = request.discount() != null
        ? async("check discount", state, () -> discounts.check(request))
        : CompletableFuture.completedFuture(null);
    DiscountCheck.Applied discount = join(discountF);
    Customer found = join(foundCustomer);
    Price existingPrice = join(foundPrice);
    // Unlocked, another run may have made the customer since the look-up: look once more just
    // before creating one (one more round trip, only then).
    Customer existingCustomer = found == null && !locked && !request.newCustomer() && request.customerId() == null
        ? call("find customer", state, () -> customers.find(request)) : found;
    PaymentMethodAttachment.checkGiven(join(givenPm), existingCustomer);
    refuseNewCustomerOnThisPlan(calls, state, join(others), existingPrice);
    if (existingCustomer != null) {
      state.record("customer", existingCustomer.getId(), true);
      steps.after("customer", existingCustomer.getId());
    }
    if (existingPrice != null) {
      state.record("price", existingPrice.getId(), true);
    }

    AtomicReference<String> goneCustomer = new AtomicReference<>();
    // A new customer of the card chain is created with its card (--payment-method, or the test
    // card's test payment method) as its invoice default, in the same call: no payment-method create
    // or attach round after. Only a test card without a test payment method goes the long way.
    String card = pay == Pay.CARD && existingCustomer == null ? calls.cardForNewCustomer() : null;
    CompletableFuture<Customer> customerF = existingCustomer != null
        ? CompletableFuture.completedFuture(existingCustomer)
        : async("create customer", state, () -> customers.create(calls, state, goneCustomer,
            pay == Pay.CARD ? steps : Steps.NONE, card));
    CompletableFuture<Price> priceF = existingPrice != null
        ? CompletableFuture.completedFuture(existingPrice)
        : async("create price", state, () -> prices.create(calls, state));
    // A test card goes with a new customer now; for one that already existed it waits until the
    // subscriptions say one is needed (else each run with other inputs left one unattached).
    CompletableFuture<PaymentMethod> pmF = pay != Pay.CARD || request.paymentMethodId() != null || existingCustomer != null
        || card != null
        ? CompletableFuture.completedFuture(null)
        : async("create payment method", state, () -> cards.create(calls, state, null, steps));
    // Only a customer that already existed can hold links; a Checkout run lists its new customer's
    // too (one made under this run's key may have paid one already) and needs them for its key.
    CompletableFuture<List<Session>> sessionsF = existingCustomer != null
        ? async("find open Checkout links", state, () -> sessionsOf(existingCustomer.getId(), pay))
        : CompletableFuture.completedFuture(null);
    // The customer's subscriptions in the same round as the links (one round fewer): safe because a
    // complete session of the plan whose subscription this list lacks counts too (see OpenLinks).
    CompletableFuture<List<Subscription>> subsF = existingCustomer != null
        ? async("find subscription", state, () -> liveCheck.allOf(calls, existingCustomer.getId()))
        : CompletableFuture.completedFuture(null);
    Customer customer = join(customerF);
    Price price = join(priceF);
    PaymentMethod pm = join(pmF);
    List<Session> sessions = join(sessionsF);
    List<Subscription> subscriptions = join(subsF);
    if (sessions == null && pay == Pay.CHECKOUT) {
      sessions = call("find open Checkout links", state, () -> openLinks.ofCustomer(customer.getId()));
    }
    // A customer this run created with its card (a re-run after a kill or a lost answer) still has
    // that card as its default: use it as it is, rather than attach a second one.
    PaymentMethod onCustomer = card != null ? PaymentMethodAttachment.defaultCard(customer)
        : pay == Pay.CARD && existingCustomer != null
            && PaymentMethodAttachment.createdWithCardByThisRun(calls, existingCustomer)
            ? PaymentMethodAttachment.defaultCard(existingCustomer) : null;
    return new Parties(calls, state, customer, existingCustomer != null, price, pm, goneCustomer.get(), sessions,
        onCustomer, subscriptions, discount);
  }

  /**
   * The tool's Checkout sessions of the customer. A key that may not read Checkout Sessions (a
   * restricted key without that permission) cannot have made any either, so the card path goes on
   * without them, with a note; the collect paths need them.
   */
  private List<Session> sessionsOf(String customerId, Pay pay) throws StripeException {
    try {
      return openLinks.ofCustomer(customerId);
    } catch (com.stripe.exception.PermissionException e) {
      if (pay == Pay.CHECKOUT) {
        throw e;
      }
      progress.accept("Could not look for open Checkout links (the key may not read Checkout Sessions)");
      return null;
    } catch (com.stripe.exception.InvalidRequestException e) {
      // A server without Checkout (404 on the list) cannot hold links either; said only under
      // --verbose, since on such a server every run would say it.
      if (pay == Pay.CHECKOUT || !NoCheckout.answered(e)) {
        throw e;
      }
      verbose.accept(NoCheckout.NOTE);
      return null;
    }
  }

  /**
   * --new-customer for an email whose customer (another run's, or made elsewhere) already has a
   * live subscription to this plan would bill the person twice: that needs
   * --allow-second-subscription. Customers this run made (a re-run) are its own, not others.
   */
  private void refuseNewCustomerOnThisPlan(ChainCalls calls, ChainState state, List<Customer> others, Price price) {
    List<CompletableFuture<List<Subscription>>> subs = others.stream()
        .filter(c -> c.getMetadata() == null || !calls.runId().equals(c.getMetadata().get(SetupRequestParser.META_RUN)))
        .map(c -> async("find subscription", state, () -> liveCheck.liveOf(calls, c.getId())))
        .toList();
    for (CompletableFuture<List<Subscription>> live : subs) {
      Subscription onPlan = LiveSubscriptionCheck.onThisPlan(calls.request(), join(live), price == null ? null : price.getId());
      if (onPlan != null) {
        throw SecondSubscriptionException.newCustomer(calls.request().email(), onPlan.getCustomer(),
            LiveSubscriptionCheck.existing(List.of(onPlan)));
      }
    }
  }

  /** Where the customer stands on the plan once no open link can be paid any more. */
  private record Standing(Subscription subscription, OpenLinks.Outcome links) {}

  private static final OpenLinks.Outcome NO_LINKS = new OpenLinks.Outcome(null, null, null, List.of());

  /**
   * The decision every path shares, in this order: take this customer's open links for the plan
   * out of play ({@link OpenLinks}: a link paid meanwhile is the answer), THEN decide on the live
   * subscriptions ({@link LiveSubscriptionCheck}), so that a link paid at any moment before is seen.
   * The subscriptions may have been listed in the same round as the links (issue 20): a link paid
   * between the two lists then shows as a complete session whose subscription the list lacks, which
   * {@link OpenLinks} counts. Only after this may anything be created.
   */
  private Standing standing(Parties p, Predicate<Session> keep, boolean expireOtherPlans, boolean lookForLive) {
    Set<String> listed = p.subscriptions() == null ? null
        : p.subscriptions().stream().map(Subscription::getId).collect(java.util.stream.Collectors.toSet());
    OpenLinks.Outcome links = p.sessions() == null ? NO_LINKS : call("expire open Checkout links", p.state(),
        () -> openLinks.takeOutOfPlay(p.sessions(), p.calls().runId(), p.price().getId(), keep, expireOtherPlans,
            listed));
    if (links.paid() != null) {
      return new Standing(links.paid(), links);
    }
    List<Subscription> live = !p.customerExisted() || !lookForLive ? List.of()
        : p.subscriptions() != null ? LiveSubscriptionCheck.live(p.subscriptions())
        : call("find subscription", p.state(), () -> liveCheck.liveOf(p.calls(), p.customer().getId()));
    Subscription existing = LiveSubscriptionCheck.decide(p.calls().request(), p.customer().getId(), live,
        p.price().getId(), allowSecondSubscription);
    if (existing != null) {
      progress.accept("Customer " + p.customer().getId() + " already has subscription " + existing.getId()
          + " (" + existing.getStatus() + ") to price " + p.price().getId() + ": nothing new was created");
    }
    return new Standing(existing, links);
  }

  /**
   * The request's price: the given --price (checked to be recurring and active), else the plan's
   * price found by lookup key, else created under the plan's idempotency key. For a caller that
   * runs many requests on one plan and resolves it once; the caller must not resolve the same plan
   * concurrently (two creates could race past the look-up).
   *
   * @return the price, and whether it already existed
   */
  public ResolvedPrice findOrCreatePrice(SetupRequest request) {
    ChainCalls calls = new ChainCalls(request);
    ChainState state = new ChainState();
    Price found = call("find price", state, () -> prices.find(calls));
    if (found != null) {
      return new ResolvedPrice(found, true);
    }
    return new ResolvedPrice(call("create price", state, () -> prices.create(calls, state)), false);
  }

  /** A plan's price and whether it existed before this run. */
  public record ResolvedPrice(Price price, boolean existed) {}

  /** The plan in words from Stripe's own price (used for --price, which we did not create). */
  static String words(Price p) {
    return PlanText.words(p);
  }

  private <T> CompletableFuture<T> async(String step, ChainState state, StripeCall<T> call) {
    return CompletableFuture.supplyAsync(() -> call(step, state, call), pool);
  }

  private static <T> T call(String step, ChainState state, StripeCall<T> call) {
    try {
      return call.run();
    } catch (StripeException e) {
      throw new ChainFailedException(step, e, state);
    }
  }

  /** Waits for a concurrent call and rethrows its own exception rather than a wrapper. */
  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }

  /**
   * The shared rounds and decision for the collect paths ({@link CheckoutCollector},
   * {@link InvoiceCollector}), without a payment method: customer and price found or made, open
   * links out of play, then the customer's live subscription on this plan ({@code existing}, null if
   * none). A Checkout run keeps its own open link for reuse when {@code keep} accepts it, and leaves
   * other plans' links alone; an invoice takes them out of play unless a second subscription is
   * allowed. The caller holds the email lock ({@link #lockDirectory()}).
   */
  Prepared prepare(SetupRequest request, boolean locked, Pay pay, Predicate<Session> keep) {
    Parties parties = parties(request, null, Steps.NONE, locked, pay, null);
    boolean expireOtherPlans = pay != Pay.CHECKOUT && !allowSecondSubscription;
    Standing standing = standing(parties, keep, expireOtherPlans, true);
    return new Prepared(parties.calls(), parties.state(), parties.customer(), parties.price(), standing.subscription(),
        standing.links(), parties.discount());
  }

  /** What {@link #prepare} found or made: {@code existing} is the live subscription on the plan, if any. */
  record Prepared(ChainCalls calls, ChainState state, Customer customer, Price price, Subscription existing,
      OpenLinks.Outcome links, DiscountCheck.Applied discount) {}

  /** The result for a subscription of a prepared run, as the chain reports it. */
  SetupResult resultOf(Prepared p, Subscription sub, boolean existed) {
    Price onPlan = existed && sub.getItems() != null && !sub.getItems().getData().isEmpty()
        ? sub.getItems().getData().get(0).getPrice() : null;
    return results.of(p.calls(), p.customer(), p.state(), onPlan != null ? onPlan : p.price(), null, sub, existed);
  }

  /** A look-up of several emails' customers at once, for a batch (see {@link #setUp(SetupRequest, Price, Steps, SharedCustomerLookup.Found)}). */
  public SharedCustomerLookup sharedCustomerLookup() {
    return new SharedCustomerLookup(client, pool);
  }

  SubscriptionCreation subscriptions() {
    return subscriptions;
  }

  OpenLinks openLinks() {
    return openLinks;
  }

  LiveSubscriptionCheck liveCheck() {
    return liveCheck;
  }

  Path lockDirectory() {
    return lockDirectory;
  }

  Consumer<String> progress() {
    return progress;
  }

  public StripeClient client() {
    return client;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
