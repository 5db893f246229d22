package dev.stripesetup.simulate;

import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.model.PaymentMethod;
import com.stripe.model.Subscription;
import com.stripe.model.testhelpers.TestClock;
import com.stripe.param.CustomerListParams;
import com.stripe.param.InvoiceListParams;
import com.stripe.param.InvoicePayParams;
import com.stripe.param.PaymentMethodAttachParams;
import com.stripe.param.PaymentMethodCreateParams;
import com.stripe.param.SubscriptionListParams;
import com.stripe.param.SubscriptionUpdateParams;
import dev.stripesetup.billing.ChainCalls;
import dev.stripesetup.billing.SetupRequest;
import dev.stripesetup.billing.SetupResult;
import dev.stripesetup.billing.StripeHelpers;
import dev.stripesetup.billing.TestCard;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs a {@link Simulation}: a test clock, the usual chain ({@link StripeHelpers}) with the customer
 * on that clock, then one advance per billing period, reading the period's invoice and the
 * subscription's status just before the period ends. Before the period {@code failFrom} the
 * subscription's card is switched to a test card that attaches but declines every charge; before
 * {@code recoverAt} it gets a working card and the open invoices are paid with it, as when a customer
 * fixes their card on the hosted invoice page.
 *
 * <p>Resumable: the clock is found by its name (the simulation ID), the subscription on it by its
 * metadata, and the periods already done by the clock's time, so a re-run continues where an
 * interrupted one stopped. Every create carries an idempotency key derived from the simulation.
 */
public final class Simulator {
  /** Statuses of a subscription that has ended: Stripe accepts no new payment method on it. */
  private static final Set<String> ENDED = Set.of("canceled", "incomplete_expired");

  private final StripeClient client;
  private final Consumer<String> progress;
  private final Path lockDirectory;
  private final ClockDriver clocks;

  /**
   * @param firstPoll the first wait for an advancing clock (doubles up to 5 s)
   * @param lockDirectory see {@link StripeHelpers#StripeHelpers(StripeClient, Consumer, Path)}
   */
  public Simulator(StripeClient client, Consumer<String> progress, Path lockDirectory, java.time.Duration firstPoll) {
    this.client = client;
    this.progress = progress;
    this.lockDirectory = lockDirectory;
    ClockDriver.Polling p = ClockDriver.Polling.DEFAULT;
    this.clocks = new ClockDriver(client, new ClockDriver.Polling(firstPoll, p.max(), p.timeout()), progress);
  }

  /** @param keep leave the clock (and its customer) in place; otherwise it is deleted at the end */
  public Timeline run(Simulation sim, boolean keep) throws StripeException {
    TestClock clock = clocks.find(sim.clockName());
    if (clock == null) {
      // The next whole hour: a stable start for the create's idempotency key within a retry.
      long start = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS).getEpochSecond();
      clock = clocks.create(sim.clockName(), sim.id(), start);
    } else {
      progress.accept("Continuing on test clock " + clock.getId() + " (" + sim.clockName() + "), now at "
          + TimelineText.date(clock.getFrozenTime()));
    }
    clock = clocks.waitReady(clock);
    SetupRequest request = sim.onClock(clock.getId());
    Subscription sub = existingSubscription(sim, clock.getId());
    if (sub == null) {
      try (StripeHelpers helpers = new StripeHelpers(client, progress, lockDirectory)) {
        SetupResult result = helpers.setUp(request);
        sub = client.v1().subscriptions().retrieve(result.subscriptionId());
      }
    } else {
      progress.accept("Continuing with subscription " + sub.getId() + " (" + sub.getStatus() + ")");
    }
    long anchor = sub.getBillingCycleAnchor();
    int done = 0;
    while (done < sim.periods() && sim.snapshotTime(anchor, done + 1) <= clock.getFrozenTime()) {
      done++;
    }
    Map<String, String> metadata = new ChainCalls(request).runMetadata();
    List<Timeline.Period> rows = new ArrayList<>();
    for (int k = 1; k <= done; k++) {
      rows.add(period(sim, sub.getId(), anchor, k, note(sim, k), true));
    }
    for (int k = done + 1; k <= sim.periods(); k++) {
      if (sim.failFrom() != null && k == sim.failFrom()) {
        newCard(sim, sub, TestCard.DECLINED, "fail", metadata);
      }
      if (sim.recoverAt() != null && k == sim.recoverAt()) {
        String card = newCard(sim, sub, TestCard.VISA, "recover", metadata);
        payOpenInvoices(sim, sub.getId(), card);
      }
      clock = clocks.advanceTo(clock, sim.snapshotTime(anchor, k), sim.id());
      Timeline.Period row = period(sim, sub.getId(), anchor, k, note(sim, k), false);
      progress.accept("Period " + k + " of " + sim.periods() + " (" + TimelineText.date(row.start()) + "): "
          + row.result() + (row.attempts() > 1 ? " after " + row.attempts() + " attempts" : "")
          + ", subscription " + row.subscriptionStatus());
      rows.add(row);
    }
    List<Timeline.InvoiceState> finals = new ArrayList<>();
    for (Invoice inv : invoices(sub.getId())) {
      finals.add(new Timeline.InvoiceState(inv.getId(), periodOf(sim, anchor, inv.getCreated()), inv.getAmountDue(),
          inv.getStatus(), inv.getAttemptCount() == null ? 0 : inv.getAttemptCount(),
          inv.getStatusTransitions() == null ? null : inv.getStatusTransitions().getPaidAt()));
    }
    String finalStatus = client.v1().subscriptions().retrieve(sub.getId()).getStatus();
    if (!keep) {
      clocks.delete(clock.getId());
      progress.accept("Deleted test clock " + clock.getId() + " and its customer (--keep leaves them)");
    }
    return new Timeline(sim.id(), clock.getId(), keep, sub.getCustomer(), sub.getId(),
        sub.getItems().getData().get(0).getPrice().getId(), sim.setup().planInWords(),
        sim.setup().amount().currency(), sim.failFrom(), sim.recoverAt(), rows, finals, finalStatus);
  }

  /** The simulation's subscription on this clock (any status), or null before the chain has run. */
  private Subscription existingSubscription(Simulation sim, String clockId) throws StripeException {
    for (Customer c : client.v1().customers().list(CustomerListParams.builder().setTestClock(clockId)
        .setLimit(10L).build()).getData()) {
      for (Subscription s : client.v1().subscriptions().list(SubscriptionListParams.builder().setCustomer(c.getId())
          .setStatus(SubscriptionListParams.Status.ALL).setLimit(100L).build()).getData()) {
        if (sim.id().equals(s.getMetadata().get(Simulation.META_SIMULATION))) {
          return s;
        }
      }
    }
    return null;
  }

  private static String note(Simulation sim, int k) {
    if (sim.failFrom() != null && k == sim.failFrom()) {
      return "card switched to a declining test card";
    }
    if (sim.recoverAt() != null && k == sim.recoverAt()) {
      return "card fixed; open invoices paid with it";
    }
    return null;
  }

  /**
   * A new test card, attached and made the subscription's default. Keys name the simulation, the
   * subscription and the step, so a re-run after an interruption replays instead of adding cards,
   * and a new simulation on a new clock (other metadata) does not collide with an old one's keys.
   */
  private String newCard(Simulation sim, Subscription sub, TestCard card, String step, Map<String, String> metadata)
      throws StripeException {
    String prefix = "stripe-setup-v1:" + sim.id() + ":" + sub.getId() + ":" + step + ":";
    PaymentMethod pm = client.v1().paymentMethods().create(PaymentMethodCreateParams.builder()
        .setType(PaymentMethodCreateParams.Type.CARD)
        .setCard(PaymentMethodCreateParams.Token.builder().setToken(card.token()).build())
        .putAllMetadata(metadata).build(), ChainCalls.withKey(prefix + "payment_method"));
    client.v1().paymentMethods().attach(pm.getId(),
        PaymentMethodAttachParams.builder().setCustomer(sub.getCustomer()).build(),
        ChainCalls.withKey(prefix + "attach:" + pm.getId()));
    String status = client.v1().subscriptions().retrieve(sub.getId()).getStatus();
    if (ENDED.contains(status)) {
      // Stripe refuses to change an ended subscription; the card can still pay its open invoices.
      progress.accept("Subscription " + sub.getId() + " has already ended (" + status + "): test card "
          + card.cliName() + " (" + pm.getId() + ") is attached to the customer only");
      return pm.getId();
    }
    client.v1().subscriptions().update(sub.getId(),
        SubscriptionUpdateParams.builder().setDefaultPaymentMethod(pm.getId()).build(),
        ChainCalls.withKey(prefix + "default:" + pm.getId()));
    progress.accept("Switched subscription " + sub.getId() + " to test card " + card.cliName() + " (" + pm.getId()
        + (card == TestCard.DECLINED ? ", declines every charge)" : ")"));
    return pm.getId();
  }

  private void payOpenInvoices(Simulation sim, String subId, String paymentMethod) throws StripeException {
    for (Invoice inv : invoices(subId)) {
      if (!"open".equals(inv.getStatus())) {
        continue;
      }
      try {
        client.v1().invoices().pay(inv.getId(), InvoicePayParams.builder().setPaymentMethod(paymentMethod).build(),
            ChainCalls.withKey("stripe-setup-v1:" + sim.id() + ":recover:pay:" + inv.getId()));
        progress.accept("Paid open invoice " + inv.getId() + " with the fixed card");
      } catch (CardException e) {
        progress.accept("Paying open invoice " + inv.getId() + " with the fixed card failed: " + e.getMessage());
      }
    }
  }

  /** The subscription's invoices, oldest first. */
  private List<Invoice> invoices(String subId) throws StripeException {
    List<Invoice> all = new ArrayList<>(client.v1().invoices().list(InvoiceListParams.builder()
        .setSubscription(subId).setLimit(100L).build()).getData());
    all.sort(Comparator.comparing(Invoice::getCreated));
    return all;
  }

  /** Period k as it stands now: its invoice (created within it) and the subscription's status. */
  private Timeline.Period period(Simulation sim, String subId, long anchor, int k, String note, boolean earlierRun)
      throws StripeException {
    long start = k == 1 ? anchor : sim.periodEnd(anchor, k - 1);
    long end = sim.periodEnd(anchor, k);
    Invoice inv = null;
    for (Invoice i : invoices(subId)) {
      if (i.getCreated() >= start && i.getCreated() < end) {
        inv = i;
      }
    }
    String status = client.v1().subscriptions().retrieve(subId).getStatus();
    if (inv == null) {
      return new Timeline.Period(k, start, end, null, null, "none", 0, null, status, note, earlierRun);
    }
    long attempts = inv.getAttemptCount() == null ? 0 : inv.getAttemptCount();
    String result = switch (inv.getStatus()) {
      case "paid" -> "paid";
      case "open" -> attempts > 0 ? "failed" : "pending";
      case "draft" -> "pending";
      default -> inv.getStatus();
    };
    return new Timeline.Period(k, start, end, inv.getId(), inv.getAmountDue(), result, attempts,
        inv.getNextPaymentAttempt(), status, note, earlierRun);
  }

  private static int periodOf(Simulation sim, long anchor, long created) {
    int k = 1;
    while (k < Simulation.MAX_PERIODS + 1 && sim.periodEnd(anchor, k) <= created) {
      k++;
    }
    return k;
  }
}
