package dev.stripesetup.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.stripesetup.fake.FakeStripe.Fault;
import dev.stripesetup.fake.FakeStripe.RecordedRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request pipeline, in the order Stripe's edge would apply it: rate limit, injected faults, auth,
 * routing, idempotency, latency, then the endpoint (under the store lock), then respond or drop.
 */
final class Router implements HttpHandler {
  static final String API_VERSION = "2026-07-29.dahlia";

  /** One parsed HTTP request. */
  private record Incoming(String method, String path, FormParams params, String idempotencyKey,
      String authorization, String stripeVersion) {}

  /** What to do with the request: reply (maybe a replay), or act and then drop the connection. */
  private record Outcome(Reply reply, boolean replayed, boolean drop) {}

  /** See {@link FakeStripe#onceAfter}. */
  record AfterHook(String method, java.util.regex.Pattern path, Runnable action) {}

  final java.util.List<AfterHook> afterHooks = new java.util.concurrent.CopyOnWriteArrayList<>();
  final Faults faults = new Faults();
  final RateLimiter rateLimiter = new RateLimiter();
  final Auth auth = new Auth();
  final AtomicInteger rateLimited = new AtomicInteger();
  volatile long latencyMillis;
  /** A Stripe-compatible server without Checkout (some stripe-mock builds): its URLs are unknown. */
  volatile boolean checkoutAbsent;

  private final Store store;
  private final Routes routes;
  private final IdempotencyStore idempotency = new IdempotencyStore();
  private final AtomicLong arrivals = new AtomicLong();
  /** Keyed by arrival number so the log is in arrival order even though requests finish out of order. */
  private final ConcurrentSkipListMap<Long, RecordedRequest> log = new ConcurrentSkipListMap<>();

  Router(Store store, Routes routes) {
    this.store = store;
    this.routes = routes;
  }

  List<RecordedRequest> requests() {
    return new ArrayList<>(log.values());
  }

  void clearRequests() {
    log.clear();
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    long arrival = arrivals.incrementAndGet();
    long start = System.nanoTime();
    try {
      Incoming in = read(ex);
      Outcome out = process(in);
      // Logged before responding, so a test that just got its answer (or its IOException) sees the entry.
      log.put(arrival, new RecordedRequest(in.method(), in.path(), in.params().flat(), in.idempotencyKey(),
          in.authorization(), out.reply().status(), out.replayed(), start, System.nanoTime()));
      for (AfterHook hook : afterHooks) {
        if (hook.method().equals(in.method()) && hook.path().matcher(in.path()).matches() && afterHooks.remove(hook)) {
          hook.action().run();
          break;
        }
      }
      if (out.drop()) {
        // Closing an exchange before sendResponseHeaders closes the TCP connection with zero response
        // bytes, so the client sees "Unexpected end of file from server" even though we acted.
        ex.close();
        return;
      }
      send(ex, in, out);
    } catch (RuntimeException | Error e) {
      e.printStackTrace(); // a bug in the fake: make it loud, not a silent hang
      ex.close();
    }
  }

  private static Incoming read(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod().toUpperCase();
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    // POST carries params in the form body; GET/DELETE in the query string (stripe-java does the same).
    String encoded = method.equals("POST") && !body.isEmpty() ? body : ex.getRequestURI().getRawQuery();
    var h = ex.getRequestHeaders();
    return new Incoming(method, ex.getRequestURI().getPath(), FormParams.parse(encoded),
        h.getFirst("Idempotency-Key"), h.getFirst("Authorization"), h.getFirst("Stripe-Version"));
  }

  private Outcome process(Incoming in) {
    if (!rateLimiter.tryAcquire()) return early(rateLimitError());
    Fault fault = faults.pick(in.method(), in.path());
    if (fault == Fault.FAIL_500_BEFORE) {
      return early(new ApiError(500, "api_error", null, "An unknown error occurred", null, null).toReply());
    }
    if (fault == Fault.RATE_LIMIT_429) return early(rateLimitError());
    ApiError denied = auth.check(in.authorization(), in.method(), in.path());
    if (denied != null) return early(denied.toReply());
    Routes.Match match = checkoutAbsent && in.path().startsWith("/v1/checkout/") ? null
        : routes.find(in.method(), in.path());
    if (match == null) {
      return early(ApiError.invalid("Unrecognized request URL (" + in.method() + ": " + in.path()
          + "). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.", null)
          .toReply().withStatus(404));
    }
    boolean drop = fault == Fault.DROP_AFTER_ACTING;
    String key = in.idempotencyKey();
    boolean idempotent = key != null && !key.isEmpty()
        && (in.method().equals("POST") || in.method().equals("DELETE"));
    if (idempotent) {
      if (key.length() > 255) {
        return early(ApiError.invalid("Idempotency keys must be at most 255 characters long.", null).toReply());
      }
      String fingerprint = in.method() + " " + in.path() + "?" + in.params().canonical();
      IdempotencyStore.Begin begin = idempotency.begin(key, fingerprint);
      switch (begin.state()) {
        case IN_FLIGHT:
          return early(new ApiError(409, "idempotency_error", "idempotency_key_in_use", "There is currently "
              + "another in-progress request using this Idempotent Key (probably because of a timeout). "
              + "Please retry this request later.", null, null).toReply());
        case MISMATCH:
          return early(new ApiError(400, "idempotency_error", null, "Keys for idempotent requests can only be "
              + "used with the same parameters they were first used with. Try using a key other than '" + key
              + "' if you meant to execute a different request.", null, null).toReply());
        case REPLAY:
          pause();
          return new Outcome(begin.saved(), true, drop);
        default:
          break; // STARTED: we own the key until finish()
      }
    }
    pause(); // inside the in-flight window, so slow requests make concurrent same-key retries see 409
    Reply reply;
    try {
      Routes.Call call = new Routes.Call(in.method(), in.path(), match.ids(), in.params(),
          Auth.livemode(in.authorization()));
      // Stripe refuses a bad expand[] before acting; checking here keeps a 400 from leaving half-done state.
      Expansions.check(match.type(), in.params().expand());
      synchronized (store) {
        reply = match.endpoint().handle(call);
      }
    } catch (ApiError e) {
      reply = e.toReply();
    } catch (RuntimeException e) {
      if (idempotent) idempotency.abandon(key);
      throw e;
    }
    if (idempotent) idempotency.finish(key, reply);
    return new Outcome(reply, false, drop);
  }

  /** Rejections before the endpoint still take the configured latency, like a real round trip. */
  private Outcome early(Reply reply) {
    pause();
    return new Outcome(reply, false, false);
  }

  private Reply rateLimitError() {
    rateLimited.incrementAndGet();
    return new ApiError(429, "invalid_request_error", "rate_limit", "Too many requests hit the API too quickly. "
        + "We recommend an exponential backoff of your requests.", null, null).toReply();
  }

  private void pause() {
    long ms = latencyMillis;
    if (ms <= 0) return;
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(HttpExchange ex, Incoming in, Outcome out) throws IOException {
    byte[] body = Json.GSON.toJson(out.reply().body()).getBytes(StandardCharsets.UTF_8);
    var h = ex.getResponseHeaders();
    h.set("Content-Type", "application/json");
    h.set("Request-Id", Store.randomId("req_"));
    h.set("Stripe-Version", in.stripeVersion() != null ? in.stripeVersion() : API_VERSION);
    if (in.idempotencyKey() != null) h.set("Idempotency-Key", in.idempotencyKey());
    if (out.replayed()) h.set("Idempotent-Replayed", "true");
    ex.sendResponseHeaders(out.reply().status(), body.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(body);
    }
  }
}
