package dev.stripesetup.fake;

import com.google.gson.JsonObject;
import com.stripe.StripeClient;
import com.sun.net.httpserver.HttpServer;
import dev.stripesetup.config.ApiKey;
import dev.stripesetup.stripe.StripeClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * A stateful fake of the Stripe HTTP API (v1, API version 2026-07-29.dahlia) on 127.0.0.1, for running the
 * real stripe-java client against: customers, payment methods, prices/products, subscriptions, invoices,
 * invoice payments and payment intents, test clocks (advancing renewals, retries and dunning: see
 * {@link TestClocks}, {@link ClockBilling}), with idempotency keys, rate limiting and injectable faults.
 *
 * <p>Tests inspect what happened through {@link #requests()} and {@link #objects(String)}.
 */
public final class FakeStripe implements AutoCloseable {
  /** Faults a request can be given; see {@link #injectFault}. */
  public enum Fault {
    /** 500 api_error before doing anything; nothing saved under the idempotency key. */
    FAIL_500_BEFORE,
    /** 429 rate_limit before doing anything; nothing saved. */
    RATE_LIMIT_429,
    /** Handle fully (state change and idempotent result saved), then close the connection with no response. */
    DROP_AFTER_ACTING
  }

  /** One request as received. params: decoded query (GET/DELETE) or form body (POST), keys as sent. */
  public record RecordedRequest(String method, String path, Map<String, List<String>> params,
      String idempotencyKey, String authorization, int status, boolean replayed,
      long startNanos, long endNanos) {}

  static {
    // The JDK server writes headers and body separately; with Nagle on, each response then waits for the
    // client's delayed ACK (~40 ms per request). TCP_NODELAY makes a request take ~1-3 ms. The property is
    // read once, when the first HttpServer of the JVM is created, so set it before that unless overridden.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Store store = new Store();
  private final Router router;
  private final ClockBilling billing;
  private final TestClocks clocks;
  private final CheckoutSessions checkout;
  private final Customers customers;

  private FakeStripe(int port) {
    Routes routes = new Routes();
    PaymentMethods paymentMethods = new PaymentMethods(store);
    Invoices invoices = new Invoices(store);
    customers = new Customers(store, paymentMethods);
    customers.register(routes);
    paymentMethods.register(routes);
    new Prices(store).register(routes);
    Coupons coupons = new Coupons(store);
    coupons.register(routes);
    billing = new ClockBilling(store, paymentMethods);
    new Subscriptions(store, paymentMethods, invoices, billing, coupons).register(routes);
    invoices.register(routes);
    new InvoicePreviews(store).register(routes);
    billing.register(routes);
    new BillingPortal(store).register(routes);
    clocks = new TestClocks(store, customers, billing);
    clocks.register(routes);
    checkout = new CheckoutSessions(store, routes, coupons);
    checkout.register(routes);
    router = new Router(store, routes);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Many threads so that latency and concurrent clients overlap instead of queueing behind each other.
    executor = Executors.newFixedThreadPool(64, r -> {
      Thread t = new Thread(r, "fake-stripe");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", router);
    server.start();
  }

  /** Starts on 127.0.0.1 with an ephemeral port. */
  public static FakeStripe start() {
    return new FakeStripe(0);
  }

  /** Starts on 127.0.0.1:port (0 = ephemeral). */
  public static FakeStripe start(int port) {
    return new FakeStripe(port);
  }

  /** "http://127.0.0.1:PORT", for StripeClient.builder().setApiBase(...). */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * A client of this fake as the tool makes one ({@link StripeClients}: its retries, with 5 ms
   * between them so that fault tests stay quick; a test key; no request log), for tests that drive
   * the billing classes without the command line.
   */
  public StripeClient client() {
    return StripeClients.create(ApiKey.of("sk_test_fake", "test"), baseUrl(), (m, p, s, ms, r) -> {},
        StripeClients.MAX_RETRIES, Duration.ofMillis(5));
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Standalone: --port N --latency-ms N --rate N; runs until killed. */
  public static void main(String[] args) throws InterruptedException {
    int port = 0;
    long latency = 0;
    int rate = 0;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--latency-ms" -> latency = Long.parseLong(args[i + 1]);
        case "--rate" -> rate = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    FakeStripe fake = start(port);
    fake.setLatencyMillis(latency);
    fake.setRateLimit(rate);
    System.out.println("FakeStripe listening on " + fake.baseUrl());
    System.out.flush();
    Thread.currentThread().join(); // the server's threads are daemons; keep the JVM alive until killed
  }

  /**
   * The account's retry settings for failed renewal payments: retries this many days after the
   * previous attempt, then the subscription becomes endStatus (canceled, unpaid or past_due).
   * Default: 3, 5, 7 days, then canceled.
   */
  public void setDunning(String endStatus, long... retryDaysAfterPrevious) {
    billing.dunningEnd = endStatus;
    billing.retryDays = retryDaysAfterPrevious.clone();
  }

  /** How many retrieves of an advancing test clock still answer "advancing" (default 1). */
  public void setClockAdvancingPolls(int polls) {
    clocks.advancingPolls = polls;
  }

  /** Sleep this long before answering every request. */
  public void setLatencyMillis(long millis) {
    router.latencyMillis = millis;
  }

  /** Requests per sliding second over all requests (0 = off); excess get Stripe's 429 rate_limit. */
  public void setRateLimit(int perSecond) {
    router.rateLimiter.setPerSecond(perSecond);
  }

  /** Number of 429 responses sent (rate limit and RATE_LIMIT_429 faults). */
  public int rateLimited() {
    return router.rateLimited.get();
  }

  /** The next {@code times} requests whose method equals and path fully matches pathRegex get the fault. */
  public void injectFault(Fault fault, String method, String pathRegex, int times) {
    router.faults.inject(fault, method, pathRegex, times);
  }

  /** Forgets injected faults not yet used, and random faults. */
  public void clearFaults() {
    router.faults.clear();
  }

  /** Every request independently gets one of kinds with this probability (seeded, so runs repeat). */
  public void setRandomFaults(double probability, long seed, Fault... kinds) {
    router.faults.setRandom(probability, seed, kinds);
  }

  /** Number of faults applied so far (injected and random). */
  public int faultsInjected() {
    return router.faults.injected();
  }

  /**
   * The customer search API lags writes by this long, as Stripe's may (up to about a minute): a
   * customer created or updated more recently is not found by {@code /v1/customers/search} yet.
   */
  public void setSearchLagMillis(long millis) {
    customers.searchLagMillis = millis;
  }

  /** Off: {@code /v1/customers/search} answers 404, as a Stripe-compatible server without search does. */
  public void setSearchEnabled(boolean enabled) {
    customers.searchEnabled = enabled;
  }

  /**
   * The next request whose method equals and path fully matches pathRegex runs {@code action} once it
   * has been handled and before its answer is sent: what happens "just after" that call, such as the
   * customer paying a Checkout link in the middle of a run. Runs once, on the server's thread.
   */
  public void onceAfter(String method, String pathRegex, Runnable action) {
    router.afterHooks.add(new Router.AfterHook(method, java.util.regex.Pattern.compile(pathRegex), action));
  }

  /** Test-only: pays the session with tok_visa if it is still open; true if it was paid. */
  public boolean payIfOpen(String sessionId) {
    synchronized (store) {
      JsonObject s = store.find(sessionId);
      if (s == null || !"open".equals(s.get("status").getAsString())) {
        return false;
      }
      checkout.complete(sessionId, "tok_visa", false);
      return true;
    }
  }

  /** Make this exact, otherwise well-formed key get 401 (a revoked key). */
  public void rejectKey(String key) {
    router.auth.reject(key);
  }

  /** Requests matching method and path regex get 403 (a restricted key lacking permission). */
  public void forbid(String method, String pathRegex) {
    router.auth.forbid(method, pathRegex);
  }

  /**
   * Checkout endpoints absent (or back): every /v1/checkout/... request gets Stripe's 404 for an
   * unrecognized URL, as from a Stripe-compatible server without Checkout.
   */
  public void setCheckoutAbsent(boolean absent) {
    router.checkoutAbsent = absent;
  }

  /** Completed requests in arrival order (a copy). */
  public List<RecordedRequest> requests() {
    return router.requests();
  }

  public void clearRequests() {
    router.clearRequests();
  }

  /**
   * Copies of the stored objects of a type (customer, payment_method, price, product, subscription,
   * invoice, invoice_payment, payment_intent), oldest first; deleted customers excluded.
   */
  public List<JsonObject> objects(String type) {
    synchronized (store) {
      return store.all(type, false).stream().map(JsonObject::deepCopy).collect(Collectors.toList());
    }
  }

  /** Like {@link #objects} but deleted customers included (with "deleted": true and all their fields). */
  public List<JsonObject> objectsIncludingDeleted(String type) {
    synchronized (store) {
      return store.all(type, true).stream().map(JsonObject::deepCopy).collect(Collectors.toList());
    }
  }

  /** Copy of the stored object with this id (deleted customers included), or null. */
  public JsonObject get(String id) {
    synchronized (store) {
      JsonObject o = store.find(id);
      return o == null ? null : o.deepCopy();
    }
  }

  /**
   * Forgets an object entirely, so that Stripe answers resource_missing (404) for it, as it may for a
   * customer deleted long ago, instead of the deleted stub.
   */
  public void purge(String id) {
    synchronized (store) {
      store.remove(id);
    }
  }

  /**
   * Test-only: the customer pays the open Checkout Session with this test card token (tok_visa,
   * tok_chargeCustomerFail, ...), as on Stripe's hosted page. Returns the subscription it created.
   */
  public String completeCheckoutSession(String sessionId, String token) {
    synchronized (store) {
      return checkout.complete(sessionId, token, false);
    }
  }

  /** Test-only: the session's expires_at has passed (Stripe expires it). */
  public void expireCheckoutSession(String sessionId) {
    synchronized (store) {
      checkout.expireNow(sessionId);
      // Its time has come: expires_at is now, as for a session Stripe's sweep expired.
      store.find(sessionId).addProperty("expires_at", Store.now());
    }
  }

  /**
   * Test-only: moves the subscription's current period to [start, end) (epoch seconds), as if time had
   * passed since it began, so a proration has real numbers to show.
   */
  public void setPeriod(String subscriptionId, long start, long end) {
    synchronized (store) {
      JsonObject item = Subscriptions.firstItem(store.require("subscription", "subscription", subscriptionId, "id"));
      item.addProperty("current_period_start", start);
      item.addProperty("current_period_end", end);
    }
  }

  public int count(String type) {
    return objects(type).size();
  }
}
