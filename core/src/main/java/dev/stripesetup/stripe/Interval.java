package dev.stripesetup.stripe;

import java.util.Locale;

/** A recurring price's interval, with Stripe's three-year ceiling on interval_count. */
public enum Interval {
  DAY(1095), WEEK(156), MONTH(36), YEAR(3);

  private final int maxCount;

  Interval(int maxCount) {
    this.maxCount = maxCount;
  }

  public int maxCount() {
    return maxCount;
  }

  /** The value Stripe's API takes: day, week, month, year. */
  public String apiValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** "every month", "every 3 months". */
  public String every(long count) {
    return count == 1 ? "every " + apiValue() : "every " + count + " " + apiValue() + "s";
  }

  public static Interval fromApi(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
