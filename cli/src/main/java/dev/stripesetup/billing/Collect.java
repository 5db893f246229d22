package dev.stripesetup.billing;

import java.util.Locale;

/**
 * How a real customer pays when the tool has no payment method for them: a Stripe Checkout link
 * ({@link CheckoutCollector}) or an emailed invoice ({@link InvoiceCollector}).
 */
public enum Collect {
  CHECKOUT,
  INVOICE;

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Collect fromCli(String value) {
    for (Collect c : values()) {
      if (c.cliName().equals(value.strip().toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new IllegalArgumentException("'" + value + "' is not one of checkout|invoice");
  }

  /**
   * The request as the collect paths use it: no test card and no payment method (the customer gives
   * one). Its run ID differs from a card run's for the same inputs, so its keys and metadata do too.
   */
  public static SetupRequest withoutCard(SetupRequest r) {
    if (r.paymentMethodId() != null) {
      throw new InvalidInputException("collect", "cannot be combined with --payment-method");
    }
    return r.with().testCard(null).paymentMethodId(null).build();
  }
}
