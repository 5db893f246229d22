package dev.stripesetup.operate;

import dev.stripesetup.billing.InvalidInputException;
import dev.stripesetup.billing.SetupRequestParser;
import java.util.regex.Pattern;

/** What {@code status} was asked about: one subscription, one customer, or every customer with an email. */
public record Target(Kind kind, String value, String asTyped) {
  public Target(Kind kind, String value) {
    this(kind, value, value);
  }

  /** The three shapes the argument may take. */
  public enum Kind { SUBSCRIPTION, CUSTOMER, EMAIL }

  private static final Pattern SUBSCRIPTION_ID = Pattern.compile("sub_[A-Za-z0-9]{1,250}");
  private static final Pattern CUSTOMER_ID = Pattern.compile("cus_[A-Za-z0-9]{1,250}");

  /**
   * Recognises the argument by its shape; emails are lower-cased, as the chain stores them, and kept
   * as typed too, for the look-up (Stripe's email filter is case-sensitive).
   *
   * @throws IllegalArgumentException with a message saying what was expected
   */
  public static Target parse(String arg) {
    String s = arg == null ? "" : arg.strip();
    if (SUBSCRIPTION_ID.matcher(s).matches()) {
      return new Target(Kind.SUBSCRIPTION, s);
    }
    if (CUSTOMER_ID.matcher(s).matches()) {
      return new Target(Kind.CUSTOMER, s);
    }
    if (s.contains("@")) {
      try {
        return new Target(Kind.EMAIL, SetupRequestParser.email(s), s);
      } catch (InvalidInputException e) {
        throw new IllegalArgumentException(e.reason());
      }
    }
    throw new IllegalArgumentException("'" + s + "' is not a subscription ID (sub_...), a customer ID (cus_...) "
        + "or an email address");
  }

  /** A subscription ID for {@code cancel}: nothing else is accepted. */
  public static String subscriptionId(String arg) {
    String s = arg == null ? "" : arg.strip();
    if (!SUBSCRIPTION_ID.matcher(s).matches()) {
      throw new IllegalArgumentException("'" + s + "' is not a subscription ID (sub_...)");
    }
    return s;
  }
}
