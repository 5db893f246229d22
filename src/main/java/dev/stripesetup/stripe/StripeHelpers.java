package dev.stripesetup.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.InvoicePayment;
import com.stripe.model.PaymentIntent;
import com.stripe.model.PaymentMethod;
import com.stripe.model.Price;
import com.stripe.model.StripeCollection;
import com.stripe.model.StripeError;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.model.StripeObject;
import com.stripe.net.StripeResponse;
import com.stripe.param.InvoicePaymentListParams;
import com.stripe.param.InvoiceRetrieveParams;
import com.stripe.param.SubscriptionRetrieveParams;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Puts one customer on recurring billing: customer, payment method, attach, price, subscription,
 * each call's ID passed straight into the next.
 *
 * <ol>
 *   <li>Look up, concurrently: the customer by email (the list API, which is consistent) and the
 *       price by its lookup key.
 *   <li>Create, concurrently, only what is missing: the customer, the price (with its product), and
 *       the test-card payment method; and when both customer and price already existed, look for a
 *       live subscription of that customer to that price.
 *   <li>Attach the payment method to the customer.
 *   <li>Create the subscription with that payment method as its default.
 * </ol>
 *
 * <p>At most four sequential round trips. Every POST carries an idempotency key from
 * {@link ChainCalls}; together with find-or-create this makes a retried, interrupted or repeated
 * run end with one customer, one price and one subscription. This class knows nothing of the
 * command line: it takes a {@link SetupRequest} and reports progress through a callback.
 */
public final class StripeHelpers implements AutoCloseable {
  /** Subscription statuses that mean "this customer is already on this plan". */
  static final Set<String> LIVE_STATUSES = Set.of("active", "trialing", "past_due", "unpaid", "incomplete", "paused");

  private final StripeClient client;
  private final Consumer<String> progress;
  private final Path lockDirectory;
  private boolean allowSecondSubscription;
  private Consumer<String> verbose = note -> {};
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

  Consumer<String> verbose() {
    return verbose;
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
    // From the look-up by email to the subscription: another run for this email waits meanwhile.
    try (EmailLock held = EmailLock.acquire(lockDirectory, request.email(), progress)) {
      return chain(request, knownPrice, steps, held.held());
    }
  }

  private SetupResult chain(SetupRequest request, Price knownPrice, Steps steps, boolean locked) {
    ChainCalls calls = new ChainCalls(request);
    ChainState state = new ChainState(request.newCustomer());

    // Round 1: look-ups that depend on nothing.
    CompletableFuture<Customer> foundCustomer = async("find customer", state, () -> findCustomer(calls, state));
    CompletableFuture<Price> foundPrice = knownPrice != null
        ? CompletableFuture.completedFuture(knownPrice)
        : async("find price", state, () -> findPrice(calls));
    // A given payment method is read first, so a mistyped one stops the run before anything is made.
    CompletableFuture<PaymentMethod> givenPm = request.paymentMethodId() != null
        ? async("check payment method", state, () -> client.v1().paymentMethods().retrieve(request.paymentMethodId()))
        : CompletableFuture.completedFuture(null);
    Customer found = join(foundCustomer);
    Price existingPrice = join(foundPrice);
    // Unlocked, another run may have made the customer since the look-up: look once more just
    // before creating one (one more round trip, only then).
    Customer existingCustomer = found == null && !locked && !request.newCustomer() && request.customerId() == null
        ? call("find customer", state, () -> findCustomer(calls, state)) : found;
    checkGivenPaymentMethod(join(givenPm), existingCustomer);
    if (existingCustomer != null) {
      state.record("customer", existingCustomer.getId(), true);
      steps.after("customer", existingCustomer.getId());
    }
    if (existingPrice != null) {
      state.record("price", existingPrice.getId(), true);
    }

    // Round 2: create what is missing, and check for a subscription only when one could exist.
    AtomicReference<String> goneCustomer = new AtomicReference<>();
    CompletableFuture<Customer> customerF = existingCustomer != null
        ? CompletableFuture.completedFuture(existingCustomer)
        : async("create customer", state, () -> createCustomer(calls, state, goneCustomer, steps));
    CompletableFuture<Price> priceF = existingPrice != null
        ? CompletableFuture.completedFuture(existingPrice)
        : async("create price", state, () -> createPrice(calls, state));
    // A test card goes with a new customer now; for one that already existed it waits until the
    // subscriptions below say one is needed (else each run with other inputs left one unattached).
    CompletableFuture<PaymentMethod> pmF = request.paymentMethodId() != null || existingCustomer != null
        ? CompletableFuture.completedFuture(null)
        : async("create payment method", state, () -> createPaymentMethod(calls, state, null, steps));
    // Only a customer that already existed can already have subscriptions.
    CompletableFuture<List<Subscription>> liveSubsF = existingCustomer != null
        ? async("find subscription", state, () -> liveSubscriptions(calls, existingCustomer.getId()))
        : CompletableFuture.completedFuture(List.of());
    Customer customer = join(customerF);
    Price price = join(priceF);
    PaymentMethod pmFromRound2 = join(pmF);
    List<Subscription> liveSubs = join(liveSubsF);
    // Matched by plan, so a subscription on an archived price of the same plan still counts.
    Subscription existing = onThisPlan(calls, liveSubs, price.getId());
    if (existing == null && !liveSubs.isEmpty() && !allowSecondSubscription) {
      throw new SecondSubscriptionException(customer.getId(), liveSubs.stream()
          .map(s -> new SecondSubscriptionException.Existing(s.getId(), s.getStatus(), planOf(s))).toList());
    }
    // An earlier identical run's customer was deleted: its test-card payment method went with it
    // (deleting a customer detaches them, and a detached one cannot be used again).
    PaymentMethod created = pmFromRound2 != null && goneCustomer.get() != null
        ? call("create payment method", state, () -> createPaymentMethod(calls, state, goneCustomer.get(), steps))
        : pmFromRound2;
    if (existing == null && created == null && request.paymentMethodId() == null) {
      created = call("create payment method", state, () -> createPaymentMethod(calls, state, null, steps));
    }
    if (existing != null) {
      progress.accept("Customer " + customer.getId() + " already has subscription " + existing.getId()
          + " (" + existing.getStatus() + ") to price " + price.getId() + ": nothing new was created");
      steps.after("subscription", existing.getId());
      // Report the plan as the subscription has it (its price may be an archived one of this plan).
      Price onPlan = existing.getItems().getData().get(0).getPrice();
      return result(calls, customer, state, onPlan != null ? onPlan : price, null, existing, true);
    }

    // A customer who already existed may hold an open Checkout link of this tool for this plan
    // (--collect checkout): expire it before subscribing, so that the customer cannot pay twice. If
    // the customer paid it meanwhile, that subscription is the answer (one list call, only here).
    if (existingCustomer != null) {
      Subscription paidByLink = call("expire open Checkout links", state,
          () -> expireOpenCheckoutLinks(new Prepared(calls, state, customer, price, null)));
      if (paidByLink != null) {
        steps.after("subscription", paidByLink.getId());
        return resultOf(new Prepared(calls, state, customer, price, paidByLink), paidByLink, true);
      }
    }

    // Round 3: attach the payment method to the customer.
    String pmId = created != null ? created.getId() : request.paymentMethodId();
    PaymentMethod attached = call("attach payment method", state, () -> attach(calls, pmId, customer.getId(), steps));
    state.record("payment_method", attached.getId(), created == null);

    // Round 4: the subscription itself.
    Subscription sub = call("create subscription", state,
        () -> createSubscription(calls, customer.getId(), price.getId(), attached.getId(), steps));
    state.record("subscription", sub.getId(), false);
    return result(calls, customer, state, price, attached, sub, false);
  }

  /**
   * Expires the tool's open Checkout links for this customer and price (skipped, with a note, for a
   * key that may not read Checkout Sessions or a server without them: no links can exist there).
   */
  private Subscription expireOpenCheckoutLinks(Prepared p) throws StripeException {
    return new CheckoutCollector(this).expireOpenLinks(p);
  }

  /** A payment method attached to someone else cannot be attached here: say so before creating anything. */
  private static void checkGivenPaymentMethod(PaymentMethod pm, Customer existing) {
    if (pm != null && pm.getCustomer() != null && (existing == null || !pm.getCustomer().equals(existing.getId()))) {
      throw new InvalidInputException("payment-method", pm.getId() + " is attached to another customer, "
          + pm.getCustomer() + "; a payment method belongs to one customer");
    }
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
    Price found = call("find price", state, () -> findPrice(calls));
    if (found != null) {
      return new ResolvedPrice(found, true);
    }
    return new ResolvedPrice(call("create price", state, () -> createPrice(calls, state)), false);
  }

  /** A plan's price and whether it existed before this run. */
  public record ResolvedPrice(Price price, boolean existed) {}

  /**
   * The customers whose email is the request's, as typed or lower-cased (Stripe's filter is
   * case-sensitive, see {@link CustomerEmails}); the two look-ups go out together.
   */
  private List<Customer> customersWithEmail(ChainCalls calls, ChainState state) {
    List<CompletableFuture<List<Customer>>> lookups = calls.request().emailLookupForms().stream()
        .map(form -> async("find customer", state,
            () -> client.v1().customers().list(calls.findCustomer(form)).getData()))
        .toList();
    Map<String, Customer> byId = new LinkedHashMap<>();
    for (CompletableFuture<List<Customer>> lookup : lookups) {
      join(lookup).forEach(c -> byId.putIfAbsent(c.getId(), c));
    }
    return List.copyOf(byId.values());
  }

  private Customer findCustomer(ChainCalls calls, ChainState state) throws StripeException {
    SetupRequest r = calls.request();
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
    List<Customer> matches = customersWithEmail(calls, state);
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
   * Creates the customer. A replayed response means an identical earlier run created it; if that
   * customer has since been deleted (cleanup, or by hand), a fresh one is made under a successor key.
   */
  private Customer createCustomer(ChainCalls calls, ChainState state, AtomicReference<String> gone, Steps steps)
      throws StripeException {
    String after = null;
    while (true) {
      String key = calls.customerKey(after);
      steps.before("customer", key);
      Customer c = client.v1().customers().create(calls.createCustomer(), ChainCalls.withKey(key));
      if (replayed(c) && goneOrMissing(() -> Boolean.TRUE.equals(client.v1().customers().retrieve(c.getId()).getDeleted()))) {
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

  private Price findPrice(ChainCalls calls) throws StripeException {
    SetupRequest r = calls.request();
    if (r.priceId() != null) {
      Price p = client.v1().prices().retrieve(r.priceId());
      if (p.getRecurring() == null) {
        throw new InvalidInputException("price", r.priceId() + " is a one-time price; a subscription needs a recurring price");
      }
      if (!Boolean.TRUE.equals(p.getActive())) {
        throw new InvalidInputException("price", r.priceId() + " is archived (inactive)");
      }
      progress.accept("Using price " + p.getId() + " (" + words(p) + ")");
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
  private Price createPrice(ChainCalls calls, ChainState state) throws StripeException {
    String after = null;
    while (true) {
      Price p = client.v1().prices().create(calls.createPrice(), ChainCalls.withKey(calls.priceKey(after)));
      if (replayed(p) && goneOrMissing(() -> !Boolean.TRUE.equals(client.v1().prices().retrieve(p.getId()).getActive()))) {
        progress.accept("Price " + p.getId() + " from an earlier run was archived: creating a new one");
        after = p.getId();
        continue;
      }
      state.record("price", p.getId(), false);
      progress.accept("Created price " + p.getId() + " (" + calls.request().planInWords() + ") of product " + p.getProduct());
      return p;
    }
  }

  private PaymentMethod createPaymentMethod(ChainCalls calls, ChainState state, String afterCustomer, Steps steps)
      throws StripeException {
    steps.before("payment_method", calls.paymentMethodKey(afterCustomer));
    PaymentMethod pm = client.v1().paymentMethods().create(calls.createPaymentMethod(),
        ChainCalls.withKey(calls.paymentMethodKey(afterCustomer)));
    state.record("payment_method", pm.getId(), false);
    steps.after("payment_method", pm.getId());
    progress.accept((replayed(pm) ? "Payment method " + pm.getId() + " was created by an identical earlier run"
        : "Created payment method " + pm.getId()) + " (test card " + calls.request().testCard().cliName() + ")");
    return pm;
  }

  private PaymentMethod attach(ChainCalls calls, String pmId, String customerId, Steps steps)
      throws StripeException {
    steps.before("attach", calls.attachKey(pmId, customerId));
    PaymentMethod pm = client.v1().paymentMethods().attach(pmId, calls.attach(customerId),
        ChainCalls.withKey(calls.attachKey(pmId, customerId)));
    steps.after("attach", pm.getId());
    progress.accept((replayed(pm) ? "Payment method " + pm.getId() + " was already attached to customer "
        : "Attached payment method " + pm.getId() + " to customer ") + customerId);
    return pm;
  }

  /** The customer's live subscriptions (active, trialing, past_due, unpaid, incomplete, paused). */
  private List<Subscription> liveSubscriptions(ChainCalls calls, String customerId) throws StripeException {
    List<Subscription> live = new java.util.ArrayList<>();
    for (Subscription s : client.v1().subscriptions().list(calls.findSubscriptions(customerId)).autoPagingIterable()) {
      if (LIVE_STATUSES.contains(s.getStatus())) {
        live.add(s);
      }
    }
    return live;
  }

  /**
   * The live subscription on this plan, if any: one whose price is the request's price, or carries
   * this plan's lookup key in its stripe_setup_plan metadata (so it survives the price being
   * archived and replaced).
   */
  private static Subscription onThisPlan(ChainCalls calls, List<Subscription> live, String priceId) {
    String plan = calls.request().priceId() == null ? calls.request().lookupKey() : null;
    for (Subscription s : live) {
      if (s.getItems() != null
          && s.getItems().getData().stream().map(SubscriptionItem::getPrice).anyMatch(p -> p != null
              && (p.getId().equals(priceId) || p.getId().equals(calls.request().priceId())
                  || (plan != null && p.getMetadata() != null && plan.equals(p.getMetadata().get(SetupRequestParser.META_PLAN)))))) {
        return s;
      }
    }
    return null;
  }

  /** "$20.00 USD every month" for a subscription's first price, or its price ID. */
  private static String planOf(Subscription s) {
    List<SubscriptionItem> items = s.getItems() == null ? List.of() : s.getItems().getData();
    if (items.isEmpty() || items.get(0).getPrice() == null) {
      return "no price";
    }
    Price p = items.get(0).getPrice();
    String words = words(p);
    return words.equals(p.getId()) ? words : words + ", price " + p.getId()
        + (items.size() > 1 ? " and " + (items.size() - 1) + " more item(s)" : "");
  }

  /**
   * Creates the subscription. A replayed response is checked against the subscription as it is now:
   * if an identical earlier run's subscription has since ended (canceled), a new one is created
   * under a successor key rather than reporting the old one as if it were active.
   */
  private Subscription createSubscription(ChainCalls calls, String customerId, String priceId, String pmId,
      Steps steps) throws StripeException {
    String after = null;
    while (true) {
      String key = calls.subscriptionKey(customerId, priceId, pmId, after);
      steps.before("subscription", key);
      Subscription s = client.v1().subscriptions().create(calls.createSubscription(customerId, priceId, pmId),
          ChainCalls.withKey(key));
      if (replayed(s)) {
        Subscription now = currentlyOrNull(s.getId());
        if (now == null || !LIVE_STATUSES.contains(now.getStatus())) {
          progress.accept("Subscription " + s.getId() + " from an earlier identical run is "
              + (now == null ? "no longer found" : now.getStatus()) + ": creating a new one");
          after = s.getId();
          continue;
        }
        s = now;
      }
      steps.after("subscription", s.getId());
      progress.accept("Created subscription " + s.getId() + " (" + s.getStatus() + ")");
      return s;
    }
  }

  /**
   * Whether an object an earlier identical run made is gone: the check says so (deleted, archived),
   * or Stripe no longer knows the object at all (resource_missing), which means the same.
   */
  private static boolean goneOrMissing(StripeCall<Boolean> gone) throws StripeException {
    try {
      return gone.run();
    } catch (InvalidRequestException e) {
      if ("resource_missing".equals(e.getCode())) {
        return true;
      }
      throw e;
    }
  }

  /** The subscription as it is now, or null if Stripe no longer knows it. */
  private Subscription currentlyOrNull(String id) throws StripeException {
    AtomicReference<Subscription> now = new AtomicReference<>();
    boolean missing = goneOrMissing(() -> {
      now.set(client.v1().subscriptions().retrieve(id, SubscriptionRetrieveParams.builder().addExpand("latest_invoice").build()));
      return false;
    });
    return missing ? null : now.get();
  }

  /** Stripe marks a response it replays from an idempotency key's saved result. */
  static boolean replayed(StripeObject o) {
    StripeResponse r = o.getLastResponse();
    return r != null && r.headers().firstValue("Idempotent-Replayed").map("true"::equals).orElse(false);
  }

  private SetupResult result(ChainCalls calls, Customer customer, ChainState state, Price price,
      PaymentMethod pm, Subscription sub, boolean existed) {
    String status = sub.getStatus();
    Invoice invoice = sub.getLatestInvoiceObject();
    String hosted = null;
    String paymentError = null;
    SetupResult.Outcome outcome;
    if ("active".equals(status) || "trialing".equals(status)) {
      outcome = existed ? SetupResult.Outcome.ALREADY_SUBSCRIBED : SetupResult.Outcome.SUBSCRIBED;
    } else {
      hosted = invoice != null ? invoice.getHostedInvoiceUrl() : null;
      PaymentIntent intent = invoice != null ? firstPaymentIntent(invoice.getId()) : null;
      StripeError error = intent != null ? intent.getLastPaymentError() : null;
      // When the payment cannot be read (a server without invoice payments, a key without access),
      // a test card still says what happened: Stripe's test cards behave the same every time.
      TestCard card = intent == null && invoice != null && pm != null ? calls.request().testCard() : null;
      if ((intent != null && "requires_action".equals(intent.getStatus())) || card == TestCard.THREE_DS) {
        outcome = SetupResult.Outcome.REQUIRES_ACTION;
        paymentError = "the card requires authentication (3D Secure) by the customer";
      } else if (error != null) {
        outcome = SetupResult.Outcome.PAYMENT_DECLINED;
        paymentError = (error.getDeclineCode() != null ? error.getDeclineCode()
            : error.getCode() != null ? error.getCode() : "declined") + ": " + error.getMessage();
      } else if (card == TestCard.DECLINED) {
        outcome = SetupResult.Outcome.PAYMENT_DECLINED;
        paymentError = "declined: the test card " + card.cliName() + " " + card.behaviour();
      } else {
        outcome = SetupResult.Outcome.NOT_ACTIVE;
      }
    }
    // A found subscription brings its payment method expanded (see ChainCalls.findSubscriptions).
    PaymentMethod card = pm != null ? pm : sub.getDefaultPaymentMethodObject();
    SubscriptionItem item = sub.getItems() != null && !sub.getItems().getData().isEmpty()
        ? sub.getItems().getData().get(0) : null;
    return new SetupResult(calls.runId(), Boolean.TRUE.equals(sub.getLivemode()),
        customer.getId(), state.reused("customer"),
        card != null ? card.getId() : sub.getDefaultPaymentMethod(),
        card != null && card.getCard() != null ? card.getCard().getBrand() : null,
        card != null && card.getCard() != null ? card.getCard().getLast4() : null,
        price.getId(), state.reused("price"), price.getProduct(), words(price),
        sub.getId(), existed, status,
        item != null ? item.getCurrentPeriodEnd() : null, sub.getTrialEnd(), hosted, outcome, paymentError);
  }

  /**
   * Reads why the first payment did not go through. Since API 2025-03-31 an invoice no longer links
   * its PaymentIntent directly; the invoice's payments do. Best effort: the hosted invoice link is
   * what matters, so a failure here is not fatal.
   */
  private PaymentIntent firstPaymentIntent(String invoiceId) {
    try {
      return firstIntent(client.v1().invoicePayments().list(InvoicePaymentListParams.builder()
          .setInvoice(invoiceId).addExpand("data.payment.payment_intent").build()).getData());
    } catch (StripeException | RuntimeException e) {
      // Some Stripe-compatible servers have no /v1/invoice_payments; the invoice's own payments
      // field (an expansion) carries the same objects.
    }
    try {
      Invoice invoice = client.v1().invoices().retrieve(invoiceId, InvoiceRetrieveParams.builder()
          .addExpand("payments.data.payment.payment_intent").build());
      return invoice.getPayments() == null ? null : firstIntent(invoice.getPayments().getData());
    } catch (StripeException | RuntimeException e) {
      progress.accept("Could not read why the first payment did not go through (" + reason(e)
          + ")");
      return null;
    }
  }

  private static PaymentIntent firstIntent(List<InvoicePayment> payments) {
    return payments == null || payments.isEmpty() || payments.get(0).getPayment() == null ? null
        : payments.get(0).getPayment().getPaymentIntentObject();
  }

  /** A short reason, not the server's raw text (stripe-mock answers "Unrecognized request URL ..."). */
  private static String reason(Exception e) {
    if (e instanceof StripeException s && s.getStatusCode() != null && s.getStatusCode() > 0) {
      return "HTTP " + s.getStatusCode();
    }
    return e instanceof UnreachableException u ? u.getMessage() : e.getClass().getSimpleName();
  }

  /** The plan in words from Stripe's own price (used for --price, which we did not create). */
  static String words(Price p) {
    if (p.getUnitAmount() == null || p.getRecurring() == null) {
      return p.getId();
    }
    Money m = new Money(p.getUnitAmount(), p.getCurrency());
    return m.format() + " " + Interval.fromApi(p.getRecurring().getInterval()).every(p.getRecurring().getIntervalCount());
  }

  @FunctionalInterface
  interface StripeCall<T> {
    T run() throws StripeException;
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
   * The chain's first two rounds for the collect paths ({@link CheckoutCollector},
   * {@link InvoiceCollector}), without a payment method: the customer and the price found or
   * created, and the customer's live subscription on this plan (null if none). The caller holds the
   * email lock ({@link #lockDirectory()}).
   */
  Prepared prepare(SetupRequest request, boolean locked) {
    ChainCalls calls = new ChainCalls(request);
    ChainState state = new ChainState(request.newCustomer());
    CompletableFuture<Customer> foundCustomer = async("find customer", state, () -> findCustomer(calls, state));
    CompletableFuture<Price> foundPrice = async("find price", state, () -> findPrice(calls));
    Customer found = join(foundCustomer);
    Price existingPrice = join(foundPrice);
    // As in the chain: unlocked, look once more just before creating a customer.
    Customer existingCustomer = found == null && !locked && !request.newCustomer() && request.customerId() == null
        ? call("find customer", state, () -> findCustomer(calls, state)) : found;
    if (existingCustomer != null) {
      state.record("customer", existingCustomer.getId(), true);
    }
    if (existingPrice != null) {
      state.record("price", existingPrice.getId(), true);
    }
    CompletableFuture<Customer> customerF = existingCustomer != null
        ? CompletableFuture.completedFuture(existingCustomer)
        : async("create customer", state, () -> createCustomer(calls, state, new AtomicReference<>(), Steps.NONE));
    CompletableFuture<Price> priceF = existingPrice != null
        ? CompletableFuture.completedFuture(existingPrice)
        : async("create price", state, () -> createPrice(calls, state));
    CompletableFuture<List<Subscription>> liveSubsF = existingCustomer != null
        ? async("find subscription", state, () -> liveSubscriptions(calls, existingCustomer.getId()))
        : CompletableFuture.completedFuture(List.of());
    Customer customer = join(customerF);
    Price price = join(priceF);
    List<Subscription> liveSubs = join(liveSubsF);
    Subscription existing = onThisPlan(calls, liveSubs, price.getId());
    // A link or invoice for another plan would be a second subscription: the same rule as the chain.
    if (existing == null && !liveSubs.isEmpty() && !allowSecondSubscription) {
      throw new SecondSubscriptionException(customer.getId(), liveSubs.stream()
          .map(s -> new SecondSubscriptionException.Existing(s.getId(), s.getStatus(), planOf(s))).toList());
    }
    if (existing != null) {
      progress.accept("Customer " + customer.getId() + " already has subscription " + existing.getId()
          + " (" + existing.getStatus() + ") to price " + price.getId() + ": nothing new was created");
    }
    return new Prepared(calls, state, customer, price, existing);
  }

  /** What {@link #prepare} found or made. */
  record Prepared(ChainCalls calls, ChainState state, Customer customer, Price price, Subscription existing) {}

  /** The result for a subscription of a prepared run, as the chain reports it. */
  SetupResult resultOf(Prepared p, Subscription sub, boolean existed) {
    Price onPlan = existed && sub.getItems() != null && !sub.getItems().getData().isEmpty()
        ? sub.getItems().getData().get(0).getPrice() : null;
    return result(p.calls(), p.customer(), p.state(), onPlan != null ? onPlan : p.price(), null, sub, existed);
  }

  Path lockDirectory() {
    return lockDirectory;
  }

  Consumer<String> progress() {
    return progress;
  }

  StripeClient client() {
    return client;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
