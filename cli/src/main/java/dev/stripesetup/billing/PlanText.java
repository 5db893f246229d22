package dev.stripesetup.billing;

import com.stripe.model.Price;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import dev.stripesetup.stripe.Interval;
import dev.stripesetup.stripe.Money;
import java.util.List;

/** A plan in words, from Stripe's own objects (also for prices this tool did not create). */
public final class PlanText {
  private PlanText() {}

  /** "$20.00 USD every month", or the price ID when it is not a plain recurring price. */
  public static String words(Price p) {
    if (p.getUnitAmount() == null || p.getRecurring() == null) {
      return p.getId();
    }
    Money m = new Money(p.getUnitAmount(), p.getCurrency());
    return m.format() + " " + Interval.fromApi(p.getRecurring().getInterval()).every(p.getRecurring().getIntervalCount());
  }

  /** "$20.00 USD every month, price price_..." for a subscription's first price, or "no price". */
  public static String of(Subscription s) {
    List<SubscriptionItem> items = s.getItems() == null ? List.of() : s.getItems().getData();
    if (items.isEmpty() || items.get(0).getPrice() == null) {
      return "no price";
    }
    Price p = items.get(0).getPrice();
    String words = words(p);
    return words.equals(p.getId()) ? words : words + ", price " + p.getId()
        + (items.size() > 1 ? " and " + (items.size() - 1) + " more item(s)" : "");
  }
}
