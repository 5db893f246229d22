package dev.stripesetup.billing;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Stripe's test-mode card tokens (docs.stripe.com/testing), by the name a user types.
 * Raw card numbers are never accepted: live cards come from Stripe's own collection tools.
 */
public enum TestCard {
  VISA("visa", "tok_visa", "pm_card_visa", "succeeds"),
  MASTERCARD("mastercard", "tok_mastercard", "pm_card_mastercard", "succeeds"),
  AMEX("amex", "tok_amex", "pm_card_amex", "succeeds"),
  /** Attaches fine, then the first invoice's payment is declined (4000 0000 0000 0341). */
  DECLINED("declined", "tok_chargeCustomerFail", "pm_card_chargeCustomerFail",
      "attaches, then the first payment is declined"),
  /**
   * Declined when attached to the customer (4000 0000 0000 9995). No test payment method: passed
   * on customer create it would fail the customer too, so it is created and attached on its own.
   */
  INSUFFICIENT_FUNDS("insufficient-funds", "tok_chargeDeclinedInsufficientFunds", null,
      "declined for insufficient funds when attached"),
  /** The first payment needs 3D Secure authentication by the customer (4000 0000 0000 3220). */
  THREE_DS("3ds", "tok_threeDSecure2Required", "pm_card_authenticationRequired",
      "first payment requires 3D Secure authentication");

  private final String cliName;
  private final String token;
  private final String paymentMethod;
  private final String behaviour;

  TestCard(String cliName, String token, String paymentMethod, String behaviour) {
    this.cliName = cliName;
    this.token = token;
    this.paymentMethod = paymentMethod;
    this.behaviour = behaviour;
  }

  /**
   * Stripe's test payment method for the card (docs.stripe.com/testing), usable directly where a
   * payment method ID goes: on customer create or attach, Stripe attaches a fresh copy with its own
   * pm_ ID, so no payment-method create is needed. Null when the card must go the long way.
   */
  public String paymentMethod() {
    return paymentMethod;
  }

  public String cliName() {
    return cliName;
  }

  public String token() {
    return token;
  }

  public String behaviour() {
    return behaviour;
  }

  public static TestCard fromCli(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    for (TestCard c : values()) {
      if (c.cliName.equals(n)) {
        return c;
      }
    }
    throw new IllegalArgumentException("'" + name + "' is not one of " + names());
  }

  public static String names() {
    return Arrays.stream(values()).map(TestCard::cliName).collect(Collectors.joining("|"));
  }
}
