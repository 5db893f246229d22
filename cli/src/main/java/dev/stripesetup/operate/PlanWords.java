package dev.stripesetup.operate;

import com.stripe.model.Price;
import com.stripe.model.SubscriptionItem;
import dev.stripesetup.stripe.Interval;
import dev.stripesetup.stripe.Money;
import java.util.List;
import java.util.stream.Collectors;

/** "$20.00 USD every month" from Stripe's own price objects (which may not be ones this tool made). */
public final class PlanWords {
  private PlanWords() {}

  public static String of(Price p) {
    if (p == null) {
      return "unknown price";
    }
    if (p.getUnitAmount() == null) {
      return p.getId() + " (not a per-unit price)";
    }
    String amount = new Money(p.getUnitAmount(), p.getCurrency()).format();
    if (p.getRecurring() == null) {
      return amount + " once";
    }
    return amount + " " + Interval.fromApi(p.getRecurring().getInterval()).every(p.getRecurring().getIntervalCount());
  }

  /** Every item of a subscription: "$20.00 USD every month", "2 x $5.00 USD every week + ...". */
  public static String of(List<SubscriptionItem> items) {
    if (items == null || items.isEmpty()) {
      return "no items";
    }
    return items.stream()
        .map(i -> (i.getQuantity() != null && i.getQuantity() != 1 ? i.getQuantity() + " x " : "") + of(i.getPrice()))
        .collect(Collectors.joining(" + "));
  }
}
