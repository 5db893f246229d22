package dev.stripesetup.billing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The forms of an email to look customers up by. Stripe's {@code customers?email=} filter is exact
 * and case-sensitive, and customers made by Checkout, the Dashboard or other code keep the case the
 * person typed; this tool stores emails lower-cased. Looking up only one form would miss the other
 * and create a second customer, so every look-up by email asks for both: as typed and lower-cased.
 * Other capitals are found by the Search API, which lags; see
 * {@link dev.stripesetup.billing.CustomerResolution}, which asks all of them together.
 */
public final class CustomerEmails {
  private CustomerEmails() {}

  /** The email as typed (stripped) and lower-cased, without repeats; the lower-cased form first. */
  public static List<String> lookupForms(String typed) {
    List<String> forms = new ArrayList<>();
    if (typed == null || typed.isBlank()) {
      return forms;
    }
    String asTyped = typed.strip();
    forms.add(asTyped.toLowerCase(Locale.ROOT));
    if (!forms.contains(asTyped)) {
      forms.add(asTyped);
    }
    return forms;
  }
}
