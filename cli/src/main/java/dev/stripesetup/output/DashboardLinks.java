package dev.stripesetup.output;

/** Links into the Stripe Dashboard; test-mode objects live under /test/. */
public final class DashboardLinks {
  private DashboardLinks() {}

  public static String of(String id, boolean livemode) {
    if (id == null) {
      return null;
    }
    String base = "https://dashboard.stripe.com/" + (livemode ? "" : "test/");
    if (id.startsWith("cus_")) {
      return base + "customers/" + id;
    }
    if (id.startsWith("sub_")) {
      return base + "subscriptions/" + id;
    }
    if (id.startsWith("price_")) {
      return base + "prices/" + id;
    }
    if (id.startsWith("prod_")) {
      return base + "products/" + id;
    }
    if (id.startsWith("in_")) {
      return base + "invoices/" + id;
    }
    if (id.startsWith("pm_")) {
      // Payment methods have no page of their own: they are shown on their customer's page.
      return null;
    }
    return base + "search?query=" + id;
  }
}
