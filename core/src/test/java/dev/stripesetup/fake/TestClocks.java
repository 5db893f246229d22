package dev.stripesetup.fake;

import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * /v1/test_helpers/test_clocks: create, retrieve, list, advance, delete. Advancing is asynchronous as
 * at Stripe: the advance call answers {@code advancing}; the clock turns {@code ready} (and the billing
 * between the two times happens, see {@link ClockBilling}) on a later retrieve. Stripe's limits: at most
 * {@value #MAX_CUSTOMERS} customers per clock, frozen_time never goes backwards, and one advance may
 * go at most two intervals of the shortest subscription interval on the clock past the current time.
 */
final class TestClocks {
  static final int MAX_CUSTOMERS = 3;
  /** Stripe deletes a clock 30 days after it was created. */
  private static final long LIFETIME = 30L * 86_400;

  private final Store store;
  private final Customers customers;
  private final ClockBilling billing;
  /** clock id -> retrieves still answering "advancing" before the advance completes. */
  private final Map<String, Integer> pendingPolls = new HashMap<>();
  /** How many retrieves after an advance still see "advancing" (0: the first retrieve sees "ready"). */
  volatile int advancingPolls = 1;

  TestClocks(Store store, Customers customers, ClockBilling billing) {
    this.store = store;
    this.customers = customers;
    this.billing = billing;
  }

  void register(Routes r) {
    String base = "/v1/test_helpers/test_clocks";
    r.add("POST", base, "test_clock", this::create);
    r.add("GET", base, "list:test_clock", this::list);
    r.add("GET", base + "/" + Routes.ID, "test_clock", this::retrieve);
    r.add("POST", base + "/" + Routes.ID + "/advance", "test_clock", this::advance);
    r.add("DELETE", base + "/" + Routes.ID, "test_clock", this::delete);
  }

  /** The current time for an object of this customer: its clock's frozen time, or the real time. */
  static long now(Store store, JsonObject customer) {
    JsonObject clock = customer == null ? null : store.find(Json.str(customer, "test_clock"));
    return clock == null ? Store.now() : Json.lng(clock, "frozen_time");
  }

  /**
   * Puts a customer being created on the clock named by test_clock (if any): checks the clock and its
   * customer limit before anything is stored. Called by customer creation.
   */
  static void placeOnClock(Store store, JsonObject customer, String clockId) {
    if (clockId == null || clockId.isEmpty()) {
      customer.add("test_clock", Json.el(null));
      return;
    }
    JsonObject clock = store.require("test_clock", "test_clock", clockId, "test_clock");
    if (customersOn(store, clockId).size() >= MAX_CUSTOMERS) {
      throw ApiError.invalid("The test clock " + clockId + " already has the maximum number of customers ("
          + MAX_CUSTOMERS + ").", "test_clock");
    }
    customer.addProperty("test_clock", clockId);
    customer.addProperty("created", Json.lng(clock, "frozen_time"));
  }

  /** Stripe lists a clock's customers only when that clock is asked for. */
  static boolean listed(JsonObject customer, String clockParam) {
    String on = Json.str(customer, "test_clock");
    return clockParam == null ? on == null : clockParam.equals(on);
  }

  /** Stripe lists a subscription on a clock only when its customer (or clock) is asked for. */
  static boolean onClock(Store store, JsonObject subscription) {
    JsonObject customer = store.find(Json.str(subscription, "customer"));
    return customer != null && Json.str(customer, "test_clock") != null;
  }

  static List<JsonObject> customersOn(Store store, String clockId) {
    return store.all("customer", false).stream().filter(c -> clockId.equals(Json.str(c, "test_clock"))).toList();
  }

  private Reply create(Routes.Call c) {
    FormParams p = c.params();
    p.allowOnly(Set.of("frozen_time", "name", "expand"));
    if (c.livemode()) throw ApiError.invalid("Test clocks are only available in test mode.", null);
    Long frozen = p.integer("frozen_time");
    if (frozen == null) throw ApiError.missingParam("frozen_time");
    long now = Store.now();
    JsonObject clock = Json.obj("id", Store.randomId("clock_"), "object", "test_clock", "name", p.str("name"),
        "frozen_time", frozen, "status", "ready", "status_details", new JsonObject(),
        "deletes_after", now + LIFETIME, "created", now, "livemode", false);
    store.put(clock);
    return Reply.ok(store.render(clock));
  }

  private Reply list(Routes.Call c) {
    return Reply.ok(store.page("/v1/test_helpers/test_clocks", store.all("test_clock", false), x -> true, c.params()));
  }

  private Reply retrieve(Routes.Call c) {
    JsonObject clock = store.require("test_clock", "test_clock", c.id(), "test_clock");
    if ("advancing".equals(Json.str(clock, "status"))) {
      int left = pendingPolls.getOrDefault(c.id(), 0);
      if (left > 0) {
        pendingPolls.put(c.id(), left - 1);
      } else {
        finishAdvance(clock);
      }
    }
    return Reply.ok(store.render(clock));
  }

  private Reply advance(Routes.Call c) {
    FormParams p = c.params();
    p.allowOnly(Set.of("frozen_time", "expand"));
    JsonObject clock = store.require("test_clock", "test_clock", c.id(), "test_clock");
    Long target = p.integer("frozen_time");
    if (target == null) throw ApiError.missingParam("frozen_time");
    if (!"ready".equals(Json.str(clock, "status"))) {
      throw ApiError.invalid("The test clock " + c.id() + " is currently " + Json.str(clock, "status")
          + " and cannot be advanced until it is ready.", null);
    }
    long current = Json.lng(clock, "frozen_time");
    if (target <= current) {
      throw ApiError.invalid("The frozen_time must be after the test clock's current frozen_time (" + current + ").",
          "frozen_time");
    }
    Long limit = billing.advanceLimit(c.id(), current);
    if (limit != null && target > limit) {
      throw ApiError.invalid("Cannot advance the test clock more than two intervals of the shortest subscription "
          + "interval on it; advance to at most " + limit + ".", "frozen_time");
    }
    clock.addProperty("status", "advancing");
    clock.add("status_details", Json.obj("advancing", Json.obj("target_frozen_time", target)));
    pendingPolls.put(c.id(), advancingPolls);
    return Reply.ok(store.render(clock));
  }

  private void finishAdvance(JsonObject clock) {
    long target = Json.lng(clock.getAsJsonObject("status_details").getAsJsonObject("advancing"), "target_frozen_time");
    billing.runUntil(clock, target);
    clock.addProperty("frozen_time", target);
    clock.addProperty("status", "ready");
    clock.add("status_details", new JsonObject());
    pendingPolls.remove(Json.str(clock, "id"));
  }

  /** Deleting a clock deletes its customers (which cancels their subscriptions), as Stripe does. */
  private Reply delete(Routes.Call c) {
    JsonObject clock = store.require("test_clock", "test_clock", c.id(), "test_clock");
    for (JsonObject customer : customersOn(store, c.id())) {
      customers.deleteCustomer(customer, Json.lng(clock, "frozen_time"));
    }
    clock.addProperty("deleted", true);
    pendingPolls.remove(c.id());
    return Reply.ok(store.render(clock));
  }

  /** {@code start} plus n intervals, in UTC calendar terms (a month from Jan 31 is Feb 28/29). */
  static long plusIntervals(long start, String interval, long n) {
    ZonedDateTime t = Instant.ofEpochSecond(start).atZone(ZoneOffset.UTC);
    ZonedDateTime end = switch (interval) {
      case "day" -> t.plusDays(n);
      case "week" -> t.plusWeeks(n);
      case "year" -> t.plusYears(n);
      default -> t.plusMonths(n);
    };
    return end.toEpochSecond();
  }
}
