package dev.stripesetup.billing;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import dev.stripesetup.stripe.Interval;
import dev.stripesetup.stripe.Money;
import io.soabase.recordbuilder.core.RecordBuilder;

/**
 * Turns what a person typed (flags, or a CSV row) into a {@link SetupRequest}, refusing bad values
 * before anything is sent to Stripe. Each refusal names its field.
 */
public final class SetupRequestParser {
  /** Keys the tool writes itself; a user's --metadata may not overwrite them. */
  public static final String META_CREATED_BY = "created_by";
  public static final String META_RUN = "stripe_setup_run";
  public static final String META_PLAN = "stripe_setup_plan";
  public static final String TOOL = "stripe-setup";

  private static final Pattern EMAIL = Pattern.compile(
      "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
          + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");
  private static final int MAX_TRIAL_DAYS = 730;
  /** Stripe object IDs: a prefix and letters, digits or underscores (pm_card_visa is a test ID). */
  private static final Pattern PRICE_ID = Pattern.compile("price_[A-Za-z0-9_]{1,100}");
  private static final Pattern PM_ID = Pattern.compile("pm_[A-Za-z0-9_]{1,100}");
  private static final Pattern CUSTOMER_ID = Pattern.compile("cus_[A-Za-z0-9_]{1,100}");
  /** Coupon IDs may be chosen by the user (SUMMER20) or generated; promotion codes are what a customer types. */
  private static final Pattern COUPON_ID = Pattern.compile("[A-Za-z0-9_-]{1,200}");
  private static final Pattern PROMOTION_CODE = Pattern.compile("[A-Za-z0-9_-]{1,200}");

  /** The raw values; null means "not given". Built by name: {@code Raw.builder().name(..)...build()}. */
  @RecordBuilder
  public record Raw(String name, String email, String amount, String currency, String interval,
      String intervalCount, String product, String trialDays, String description,
      Map<String, String> metadata, String price, String testCard, String paymentMethod,
      String customer, boolean newCustomer, String coupon, String promotionCode) {
    public static SetupRequestParserRawBuilder builder() {
      return SetupRequestParserRawBuilder.builder();
    }
  }

  private SetupRequestParser() {}

  public static SetupRequest parse(Raw raw) {
    String name = required("name", raw.name());
    if (name.length() > 256) {
      throw new InvalidInputException("name", "is longer than 256 characters");
    }
    String email = email(raw.email());
    String currency = raw.currency() == null ? "usd" : raw.currency();
    try {
      currency = Money.normalizeCurrency(currency);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("currency", e.getMessage());
    }
    String price = blankToNull(raw.price());
    Money amount = null;
    if (price != null) {
      if (!PRICE_ID.matcher(price).matches()) {
        throw new InvalidInputException("price", "'" + price + "' is not a price ID (price_...)");
      }
      if (raw.amount() != null) {
        throw new InvalidInputException("amount", "give either --amount or --price, not both");
      }
    } else {
      if (raw.amount() == null || raw.amount().isBlank()) {
        throw new InvalidInputException("amount", "is required (or reuse a price with --price price_...)");
      }
      try {
        amount = Money.parse(raw.amount(), currency);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("amount", e.getMessage());
      }
    }
    Interval interval = interval(raw.interval());
    int count = intervalCount(raw.intervalCount(), interval);
    String product = raw.product() == null ? SetupRequest.DEFAULT_PRODUCT : raw.product().strip();
    if (product.isEmpty() || product.length() > 250) {
      throw new InvalidInputException("product", "must be 1 to 250 characters");
    }
    Integer trial = trialDays(raw.trialDays());
    String description = blankToNull(raw.description());
    if (description != null && description.length() > 500) {
      throw new InvalidInputException("description", "is longer than 500 characters");
    }
    Map<String, String> metadata = metadata(raw.metadata());

    String pm = blankToNull(raw.paymentMethod());
    TestCard card = null;
    if (pm != null) {
      if (!PM_ID.matcher(pm).matches()) {
        throw new InvalidInputException("payment-method", "'" + pm + "' is not a PaymentMethod ID (pm_...); "
            + "card numbers are never accepted: collect cards with Stripe Checkout or Elements");
      }
      if (raw.testCard() != null) {
        throw new InvalidInputException("test-card", "give either --test-card or --payment-method, not both");
      }
    } else {
      try {
        card = raw.testCard() == null ? TestCard.VISA : TestCard.fromCli(raw.testCard());
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("test-card", e.getMessage());
      }
    }
    String customer = blankToNull(raw.customer());
    if (customer != null && !CUSTOMER_ID.matcher(customer).matches()) {
      throw new InvalidInputException("customer", "'" + customer + "' is not a customer ID (cus_...)");
    }
    if (customer != null && raw.newCustomer()) {
      throw new InvalidInputException("new-customer", "cannot be combined with --customer");
    }
    return SetupRequest.builder()
        .name(name).email(email).emailAsTyped(raw.email().strip())
        .amount(amount).interval(interval).intervalCount(count).priceId(price)
        .product(product).trialDays(trial).description(description).metadata(metadata)
        .testCard(card).paymentMethodId(pm)
        .customerId(customer).newCustomer(raw.newCustomer())
        .discount(discount(raw))
        .build();
  }

  /**
   * What only a test key may use: test cards, and Stripe's magic test payment methods
   * ({@code pm_card_visa}, {@code pm_card_chargeDeclined}, ...). Their names have an underscore
   * after the prefix, which real IDs ({@code pm_1Q...}) never have. Checked before any call.
   */
  public static void checkForLiveMode(SetupRequest r) {
    if (r.testCard() != null) {
      throw new InvalidInputException("payment-method", "live mode needs a real PaymentMethod (pm_...) collected "
          + "with Stripe Checkout or Elements; test cards work only with test keys");
    }
    String pm = r.paymentMethodId();
    if (pm != null && pm.indexOf('_', "pm_".length()) >= 0) {
      throw new InvalidInputException("payment-method", "'" + pm + "' is one of Stripe's test payment methods; "
          + "live mode needs a real PaymentMethod (pm_...) collected with Stripe Checkout or Elements");
    }
  }

  /** At most one of --coupon and --promotion-code (Stripe takes either per discount); null for none. */
  private static SetupRequest.Discount discount(Raw raw) {
    String coupon = blankToNull(raw.coupon());
    String code = blankToNull(raw.promotionCode());
    if (coupon != null && code != null) {
      throw new InvalidInputException("promotion-code", "give either --coupon or --promotion-code, not both");
    }
    if (coupon != null && !COUPON_ID.matcher(coupon).matches()) {
      throw new InvalidInputException("coupon", "'" + coupon + "' is not a coupon ID (letters, digits, _ and -)");
    }
    if (code != null && !PROMOTION_CODE.matcher(code).matches()) {
      throw new InvalidInputException("promotion-code", "'" + code + "' is not a promotion code (letters, digits, _ and -)");
    }
    return coupon != null ? new SetupRequest.Discount(false, coupon)
        : code != null ? new SetupRequest.Discount(true, code) : null;
  }

  private static String required(String field, String value) {
    String v = blankToNull(value);
    if (v == null) {
      throw new InvalidInputException(field, "is required");
    }
    return v;
  }

  /**
   * Stripe's customer list filters by exact, case-sensitive email; lower-casing keeps
   * Jenny@Example.com and jenny@example.com from becoming two customers.
   */
  public static String email(String value) {
    String v = required("email", value).toLowerCase(Locale.ROOT);
    if (v.length() > 512 || !EMAIL.matcher(v).matches()) {
      throw new InvalidInputException("email", "'" + value.strip() + "' is not a valid email address");
    }
    return v;
  }

  private static Interval interval(String value) {
    if (value == null) {
      return Interval.MONTH;
    }
    try {
      return Interval.fromApi(value.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("interval", "'" + value + "' is not one of day|week|month|year");
    }
  }

  private static int intervalCount(String value, Interval interval) {
    if (value == null) {
      return 1;
    }
    int n;
    try {
      n = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new InvalidInputException("interval-count", "'" + value + "' is not a whole number");
    }
    if (n < 1 || n > interval.maxCount()) {
      throw new InvalidInputException("interval-count", "must be between 1 and " + interval.maxCount()
          + " for " + interval.apiValue() + " (Stripe allows at most three years), got " + n);
    }
    return n;
  }

  private static Integer trialDays(String value) {
    if (value == null) {
      return null;
    }
    int n;
    try {
      n = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new InvalidInputException("trial-days", "'" + value + "' is not a whole number");
    }
    if (n < 0 || n > MAX_TRIAL_DAYS) {
      throw new InvalidInputException("trial-days", "must be between 0 and " + MAX_TRIAL_DAYS + ", got " + n);
    }
    return n == 0 ? null : n;
  }

  /** Stripe's metadata limits: 50 keys, keys up to 40 characters without brackets, values up to 500. */
  private static Map<String, String> metadata(Map<String, String> given) {
    Map<String, String> out = new LinkedHashMap<>();
    if (given == null) {
      return out;
    }
    for (Map.Entry<String, String> e : given.entrySet()) {
      String k = e.getKey() == null ? "" : e.getKey().strip();
      String v = e.getValue() == null ? "" : e.getValue();
      if (k.isEmpty() || k.length() > 40 || k.contains("[") || k.contains("]")) {
        throw new InvalidInputException("metadata", "key '" + k + "' must be 1 to 40 characters without [ or ]");
      }
      if (k.equals(META_CREATED_BY) || k.startsWith("stripe_setup_")) {
        throw new InvalidInputException("metadata", "key '" + k + "' is reserved for stripe-setup's own records");
      }
      if (v.length() > 500) {
        throw new InvalidInputException("metadata", "value of '" + k + "' is longer than 500 characters");
      }
      out.put(k, v);
    }
    if (out.size() > 48) {
      throw new InvalidInputException("metadata", "at most 48 keys (Stripe allows 50; stripe-setup uses 2)");
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
