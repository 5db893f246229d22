package dev.stripesetup.billing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import dev.stripesetup.stripe.Interval;
import dev.stripesetup.stripe.Money;

/**
 * Everything one run of the chain needs, already validated (see {@link SetupRequestParser}).
 *
 * @param amount null when an existing {@code priceId} is reused
 * @param testCard null when {@code paymentMethodId} is given
 * @param customerId an existing customer to use instead of finding one by email, or null
 * @param testClock a test clock (clock_...) to create and find the customer on, or null (see
 *     {@code simulate}); Stripe lists a clock's customers only when asked for that clock
 * @param emailAsTyped the email before lower-casing, for look-ups only (see {@link CustomerEmails});
 *     not part of {@link #runId()}, so changing only its case is the same run
 * @param discount the --coupon or --promotion-code asked for, or null; part of {@link #runId()} only
 *     when given, so every run without one keeps the run ID (and keys) it always had
 */
public record SetupRequest(
    String name,
    String email,
    Money amount,
    Interval interval,
    int intervalCount,
    String product,
    Integer trialDays,
    String description,
    Map<String, String> metadata,
    String priceId,
    TestCard testCard,
    String paymentMethodId,
    String customerId,
    boolean newCustomer,
    String testClock,
    String emailAsTyped,
    Discount discount) {

  public static final String DEFAULT_PRODUCT = "stripe-setup plan";

  /**
   * A discount asked for at set-up: a coupon ID, or a customer-facing promotion code (looked up to
   * its promo_ ID before anything is created; see {@code billing.DiscountCheck}).
   */
  public record Discount(boolean promotionCode, String value) {
    /** The flag it came from, for error lines: coupon or promotion-code. */
    public String flag() {
      return promotionCode ? "promotion-code" : "coupon";
    }

    @Override
    public String toString() {
      return flag() + "=" + value;
    }
  }

  /** A request without a discount. */
  public SetupRequest(String name, String email, Money amount, Interval interval, int intervalCount,
      String product, Integer trialDays, String description, Map<String, String> metadata, String priceId,
      TestCard testCard, String paymentMethodId, String customerId, boolean newCustomer, String testClock,
      String emailAsTyped) {
    this(name, email, amount, interval, intervalCount, product, trialDays, description, metadata, priceId,
        testCard, paymentMethodId, customerId, newCustomer, testClock, emailAsTyped, null);
  }

  public SetupRequest {
    metadata = Map.copyOf(metadata);
    if (emailAsTyped == null) {
      emailAsTyped = email;
    }
  }

  /** Every form of the email to look the customer up by: lower-cased and as typed. */
  public java.util.List<String> emailLookupForms() {
    return CustomerEmails.lookupForms(emailAsTyped);
  }

  /** A request without a test clock (every caller but {@code simulate}). */
  public SetupRequest(String name, String email, Money amount, Interval interval, int intervalCount,
      String product, Integer trialDays, String description, Map<String, String> metadata, String priceId,
      TestCard testCard, String paymentMethodId, String customerId, boolean newCustomer) {
    this(name, email, amount, interval, intervalCount, product, trialDays, description, metadata, priceId,
        testCard, paymentMethodId, customerId, newCustomer, null, null, null);
  }

  /**
   * A short, stable name for this exact set of inputs. It seeds the idempotency keys and the
   * metadata, so an identical re-run is recognised by Stripe as the same work.
   */
  public String runId() {
    StringBuilder canonical = new StringBuilder("v1");
    for (Object part : new Object[] {name, email, amount == null ? null : amount.minorUnits(),
        amount == null ? null : amount.currency(), interval, intervalCount, product, trialDays,
        description, new TreeMap<>(metadata), priceId, testCard, paymentMethodId, customerId,
        newCustomer}) {
      canonical.append('\u001f').append(part);
    }
    if (testClock != null) {
      // Only when set, so every run without a clock keeps the run ID (and keys) it always had.
      canonical.append('\u001f').append("clock=").append(testClock);
    }
    if (discount != null) {
      // Likewise only when set: a changed discount is other work (its subscription params differ).
      canonical.append('\u001f').append("discount=").append(discount);
    }
    return "run_" + sha256(canonical.toString()).substring(0, 16);
  }

  /**
   * The price's lookup key: the same product, amount, currency and interval always map to the same
   * price, so runs reuse one price instead of making a new one each time.
   */
  public String lookupKey() {
    String slug = product.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    if (slug.length() > 40) {
      slug = slug.substring(0, 40);
    }
    // The hash keeps two products whose slugs collide ("Pro!" and "pro") apart.
    return "stripe-setup:" + slug + "-" + sha256(product).substring(0, 6) + ":" + amount.minorUnits()
        + ":" + amount.currency() + ":" + interval.apiValue() + ":" + intervalCount;
  }

  /** "$20.00 USD every month". */
  public String planInWords() {
    return amount == null ? "price " + priceId : amount.format() + " " + interval.every(intervalCount);
  }

  public static String sha256(String text) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
