package dev.stripesetup.stripe;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An amount in a currency's minor unit, as Stripe's {@code unit_amount} wants it, parsed from what a
 * person types ({@code 20}, {@code 19.99}).
 *
 * <p>Stripe's exponents differ from ISO 4217's in places, so they are Stripe's own lists
 * (docs.stripe.com/currencies): zero-decimal currencies take whole units; three-decimal ones must end
 * in 0 in the minor unit; ISK is sent as a two-decimal amount whose decimals are 00.
 */
public record Money(long minorUnits, String currency) {

  /** Stripe's largest amount: eight digits in the minor unit. */
  public static final long MAX_MINOR_UNITS = 99_999_999L;

  static final Set<String> ZERO_DECIMAL = Set.of(
      "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
      "xaf", "xof", "xpf");
  static final Set<String> THREE_DECIMAL = Set.of("bhd", "jod", "kwd", "omr", "tnd");
  /** Two-decimal in the API, but only whole amounts are accepted. */
  static final Set<String> WHOLE_ONLY_TWO_DECIMAL = Set.of("isk");

  /** ISO 4217 codes that are funds, metals or test codes, not currencies anyone is charged in. */
  static final Set<String> NOT_CHARGEABLE = Set.of("xau", "xag", "xpt", "xpd", "xdr", "xxx", "xts", "xba",
      "xbb", "xbc", "xbd", "xsu", "xua", "bov", "clf", "cou", "mxv", "che", "chw", "usn", "uyi", "uyw");

  private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");

  /**
   * Parses a major-unit amount.
   *
   * @throws IllegalArgumentException with a message fit to follow "--amount: "
   */
  public static Money parse(String text, String currency) {
    String c = normalizeCurrency(currency);
    String t = text == null ? "" : text.strip();
    if (t.startsWith("-")) {
      throw new IllegalArgumentException("must be greater than zero, got '" + t + "'");
    }
    if (!NUMBER.matcher(t).matches()) {
      throw new IllegalArgumentException("'" + t + "' is not an amount like 20 or 19.99");
    }
    BigDecimal major = new BigDecimal(t);
    if (major.signum() == 0) {
      throw new IllegalArgumentException("must be greater than zero");
    }
    int allowed = inputDecimals(c);
    if (major.stripTrailingZeros().scale() > allowed) {
      throw new IllegalArgumentException(allowed == 0
          ? c + " takes whole amounts (no decimals), got '" + t + "'"
          : c + " allows at most " + allowed + " decimals, got '" + t + "'");
    }
    BigDecimal minor = major.movePointRight(exponent(c));
    if (minor.compareTo(BigDecimal.valueOf(MAX_MINOR_UNITS)) > 0) {
      throw new IllegalArgumentException("'" + t + "' is over Stripe's maximum of "
          + new Money(MAX_MINOR_UNITS, c).format());
    }
    long units = minor.longValueExact();
    if (THREE_DECIMAL.contains(c) && units % 10 != 0) {
      throw new IllegalArgumentException(c + " amounts must be a multiple of 0.010 "
          + "(Stripe requires the last minor digit to be 0), got '" + t + "'");
    }
    return new Money(units, c);
  }

  /** Lower-cases and checks an ISO 4217 code. */
  public static String normalizeCurrency(String currency) {
    String c = currency == null ? "" : currency.strip().toLowerCase(Locale.ROOT);
    if (!c.matches("[a-z]{3}")) {
      throw new IllegalArgumentException("'" + currency + "' is not a three-letter ISO 4217 currency code");
    }
    try {
      Currency.getInstance(c.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + currency + "' is not an ISO 4217 currency code");
    }
    if (NOT_CHARGEABLE.contains(c)) {
      throw new IllegalArgumentException("'" + currency + "' is a fund or test code, not a currency Stripe charges in");
    }
    return c;
  }

  /** Digits between the major and the minor unit, as Stripe's API counts them. */
  public static int exponent(String currency) {
    if (ZERO_DECIMAL.contains(currency)) {
      return 0;
    }
    return THREE_DECIMAL.contains(currency) ? 3 : 2;
  }

  private static int inputDecimals(String currency) {
    return WHOLE_ONLY_TWO_DECIMAL.contains(currency) ? 0 : exponent(currency);
  }

  public BigDecimal major() {
    return BigDecimal.valueOf(minorUnits, exponent(currency));
  }

  /** "$20.00 USD", "¥2,000 JPY", "20.00 CHF". */
  public String format() {
    String code = currency.toUpperCase(Locale.ROOT);
    NumberFormat nf = NumberFormat.getNumberInstance(Locale.US);
    int digits = exponent(currency);
    nf.setMinimumFractionDigits(digits);
    nf.setMaximumFractionDigits(digits);
    String symbol = symbol(code);
    return (symbol.isEmpty() ? "" : symbol) + nf.format(major()) + " " + code;
  }

  private static String symbol(String code) {
    try {
      String s = Currency.getInstance(code).getSymbol(Locale.US);
      return s.equals(code) || s.length() > 2 ? "" : s;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
