package dev.stripesetup.output;

import com.stripe.Stripe;
import dev.stripesetup.billing.CheckoutCollector.Link;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Checkout link for a person (the link, what it is for, a QR code in a terminal) or as JSON. */
public final class CollectSummary {
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  /** Where a link stands when the run ends or starts waiting. */
  public enum State {
    /** Printed before waiting for the customer. */
    WAITING,
    /** --no-wait: the link is open, not paid yet. */
    OPEN,
    /** The link expired unpaid. */
    EXPIRED
  }

  private CollectSummary() {}

  /** Lines for a person; under --json only the EXPIRED/OPEN document (waiting goes to stderr). */
  public static void print(Console console, Link link, State state, int exitCode, boolean qr) {
    if (console.json()) {
      if (state == State.WAITING) {
        console.info("Payment link: " + link.url() + " (waiting for the customer to pay)");
      } else {
        console.printJson(json(link, state, exitCode));
      }
      return;
    }
    String expires = DATE.format(Instant.ofEpochSecond(link.expiresAt()));
    switch (state) {
      case WAITING -> console.result("Payment link: send it to the customer (open until " + expires + ")");
      case OPEN -> console.result("Payment link not paid yet: send it to the customer (open until " + expires
          + "); run the same command again to see whether it was paid");
      case EXPIRED -> console.result("Payment link expired unpaid: nothing was charged. Run the same command "
          + "again for a new link");
    }
    if (state != State.EXPIRED) {
      console.result("  " + link.url());
    }
    row(console, "Checkout", link.sessionId() + " (" + (link.reused() ? "reused" : "created") + ")");
    row(console, "Customer", link.customerId() + "  " + DashboardLinks.of(link.customerId(), link.livemode()));
    row(console, "Price", link.priceId() + " (" + link.planInWords() + ")");
    row(console, "Run", link.runId() + " (" + (link.livemode() ? "live" : "test") + " mode)");
    if (qr && state != State.EXPIRED) {
      for (String line : QrCode.lines(link.url())) {
        console.result(line);
      }
    }
  }

  /**
   * The link was taken out of play by another run (a re-run with other flags, an invoice, cleanup)
   * before the customer paid it: nothing was charged through it, and the advice points at the
   * newer link, if there is one, rather than at a new run.
   */
  public static void printReplaced(Console console, Link ours, Link newer, int exitCode) {
    if (console.json()) {
      Map<String, Object> m = json(ours, State.EXPIRED, exitCode);
      m.put("outcome", "link_replaced");
      m.put("replaced_by", newer == null ? null : Map.of("id", newer.sessionId(), "url", newer.url(),
          "run", String.valueOf(newer.runId())));
      console.printJson(m);
      return;
    }
    console.result("Payment link " + ours.sessionId() + " was replaced by another run before it was paid: "
        + "nothing was charged through it. " + (newer != null
            ? "Send the customer the newer link instead (open until "
                + DATE.format(Instant.ofEpochSecond(newer.expiresAt())) + "):"
            : "No newer link is open: run the command again for one, or check with stripe-setup status"));
    if (newer != null) {
      console.result("  " + newer.url());
      row(console, "Checkout", newer.sessionId() + " (run " + newer.runId() + ")");
    }
    row(console, "Customer", ours.customerId() + "  " + DashboardLinks.of(ours.customerId(), ours.livemode()));
  }

  private static void row(Console console, String label, String value) {
    console.result(String.format("  %-15s %s", label, value));
  }

  public static Map<String, Object> json(Link link, State state, int exitCode) {
    Map<String, Object> m = JsonResult.of(exitCode);
    m.put("outcome", state == State.EXPIRED ? "link_expired" : "link_open");
    m.put("livemode", link.livemode());
    m.put("api_version", Stripe.API_VERSION);
    m.put("run", link.runId());
    m.put("plan", link.planInWords());
    Map<String, Object> customer = new LinkedHashMap<>();
    customer.put("id", link.customerId());
    customer.put("dashboard_url", DashboardLinks.of(link.customerId(), link.livemode()));
    m.put("customer", customer);
    Map<String, Object> price = new LinkedHashMap<>();
    price.put("id", link.priceId());
    m.put("price", price);
    Map<String, Object> session = new LinkedHashMap<>();
    session.put("id", link.sessionId());
    session.put("url", state == State.EXPIRED ? null : link.url());
    session.put("status", state == State.EXPIRED ? "expired" : "open");
    session.put("expires_at", link.expiresAt());
    session.put("reused", link.reused());
    m.put("checkout_session", session);
    return m;
  }
}
