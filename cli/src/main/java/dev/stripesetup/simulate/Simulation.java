package dev.stripesetup.simulate;

import dev.stripesetup.billing.InvalidInputException;
import dev.stripesetup.billing.SetupRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one simulation does: the subscription to put on a test clock ({@code setup}, with the
 * simulation's customer), how many billing periods to watch, and when the card starts failing and
 * is fixed. The same flags always give the same {@link #id()}, which names the clock, so a re-run
 * finds the clock of an interrupted run and continues on it.
 *
 * @param failFrom the first period whose payment is attempted with a declining card, or null
 * @param recoverAt the period before which the card is fixed (and open invoices paid), or null
 */
public record Simulation(String id, SetupRequest setup, int periods, Integer failFrom, Integer recoverAt) {
  /** Keeps a run within minutes: each period is one advance of the clock (and a few seconds at Stripe). */
  public static final int MAX_PERIODS = 36;
  /** Metadata naming the simulation on everything the chain creates (with created_by and the run). */
  public static final String META_SIMULATION = "stripe_setup_simulation";
  /** The clock's name starts with this; test clocks have no metadata, so cleanup finds them by name. */
  public static final String CLOCK_NAME_PREFIX = "stripe-setup ";
  /** Rows are read this long before a period ends, so the next period's invoice is not there yet. */
  static final long SNAPSHOT_BEFORE_END_SECONDS = 60;

  public Simulation {
    if (periods < 1 || periods > MAX_PERIODS) {
      throw new InvalidInputException("months", "must be from 1 to " + MAX_PERIODS + " billing periods, got " + periods);
    }
    if (failFrom != null && (failFrom < 2 || failFrom > periods)) {
      throw new InvalidInputException("fail-from", "must be a period from 2 to " + periods
          + " (the first payment is the plain command's business: see --test-card declined), got " + failFrom);
    }
    if (recoverAt != null && failFrom == null) {
      throw new InvalidInputException("recover-at", "needs --fail-from: there is nothing to recover from");
    }
    if (recoverAt != null && (recoverAt <= failFrom || recoverAt > periods)) {
      throw new InvalidInputException("recover-at", "must be a period after --fail-from " + failFrom + " and at most "
          + periods + ", got " + recoverAt);
    }
    if (setup.amount() == null) {
      throw new InvalidInputException("amount", "is required");
    }
  }

  /**
   * The simulation's ID from the flags as given (name and email may be null: the defaults are derived
   * from this ID). Changing any flag starts a different simulation on a different clock.
   */
  public static String idOf(String... flags) {
    StringBuilder canonical = new StringBuilder("sim-v1");
    for (String f : flags) {
      canonical.append('\u001f').append(f);
    }
    return "sim_" + SetupRequest.sha256(canonical.toString()).substring(0, 16);
  }

  public static String defaultEmail(String id) {
    return "simulate+" + id + "@example.com";
  }

  public static final String DEFAULT_NAME = "Simulated customer";

  /** Whether a clock's name is one {@link #clockName()} gives (cleanup finds them by it). */
  public static boolean isClockName(String name) {
    return name != null && name.startsWith(CLOCK_NAME_PREFIX + "sim_");
  }

  public String clockName() {
    return CLOCK_NAME_PREFIX + id;
  }

  /** The chain's request with the customer put on this clock and everything marked with the simulation. */
  public SetupRequest onClock(String clockId) {
    SetupRequest r = setup;
    Map<String, String> metadata = new LinkedHashMap<>(r.metadata());
    metadata.put(META_SIMULATION, id);
    return r.with().metadata(metadata).testClock(clockId).build();
  }

  /** The end of period k (1-based) of a subscription anchored at anchor: k intervals later, in UTC. */
  public long periodEnd(long anchor, int k) {
    ZonedDateTime t = Instant.ofEpochSecond(anchor).atZone(ZoneOffset.UTC);
    long n = (long) k * setup.intervalCount();
    ZonedDateTime end = switch (setup.interval()) {
      case DAY -> t.plusDays(n);
      case WEEK -> t.plusWeeks(n);
      case MONTH -> t.plusMonths(n);
      case YEAR -> t.plusYears(n);
    };
    return end.toEpochSecond();
  }

  /** When period k is read: just before it ends. */
  long snapshotTime(long anchor, int k) {
    return periodEnd(anchor, k) - SNAPSHOT_BEFORE_END_SECONDS;
  }
}
