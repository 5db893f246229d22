package dev.stripesetup.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.stripe.StripeClient;
import dev.stripesetup.fake.FakeStripe;
import dev.stripesetup.fake.FakeStripe.RecordedRequest;
import dev.stripesetup.billing.InvalidInputException;
import dev.stripesetup.billing.SetupRequest;
import dev.stripesetup.billing.SetupRequestParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulation against the fake's test clocks: the three scenarios, clean-up, resuming, limits. */
class SimulatorTest {
  private FakeStripe fake;
  private StripeClient client;
  private final List<String> progress = new ArrayList<>();

  @BeforeEach
  void start() {
    fake = FakeStripe.start();
    client = StripeClient.builder().setApiKey("sk_test_fake").setApiBase(fake.baseUrl()).build();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private static Simulation simulation(int periods, Integer failFrom, Integer recoverAt) {
    SetupRequest setup = SetupRequestParser.parse(SetupRequestParser.Raw.builder()
        .name("Simulated customer").email("simulate+test@example.com").amount("20").interval("month")
        .testCard("visa").build());
    String id = Simulation.idOf("20", String.valueOf(periods), String.valueOf(failFrom), String.valueOf(recoverAt));
    return new Simulation(id, setup, periods, failFrom, recoverAt);
  }

  private Timeline run(Simulation sim, boolean keep) throws Exception {
    return run(sim, keep, progress::add);
  }

  private Timeline run(Simulation sim, boolean keep, Consumer<String> listener) throws Exception {
    return new Simulator(client, listener, null, Duration.ofMillis(1)).run(sim, keep);
  }

  private static List<String> results(Timeline t) {
    return t.periods().stream().map(Timeline.Period::result).toList();
  }

  private static List<String> statuses(Timeline t) {
    return t.periods().stream().map(Timeline.Period::subscriptionStatus).toList();
  }

  private List<RecordedRequest> advances() {
    return fake.requests().stream().filter(r -> r.path().endsWith("/advance")).toList();
  }

  @Test
  void allPaidOneRenewalPerPeriodThenTheClockAndItsCustomerAreDeleted() throws Exception {
    Simulation sim = simulation(4, null, null);

    Timeline t = run(sim, false);

    assertThat(results(t)).containsExactly("paid", "paid", "paid", "paid");
    assertThat(statuses(t)).containsOnly("active");
    assertThat(t.periods()).extracting(Timeline.Period::attempts).containsOnly(1L);
    assertThat(t.periods()).extracting(Timeline.Period::amount).containsOnly(2000L);
    assertThat(t.periods()).extracting(Timeline.Period::invoiceId).doesNotHaveDuplicates().doesNotContainNull();
    assertThat(t.invoices()).extracting(Timeline.InvoiceState::status).containsExactly("paid", "paid", "paid", "paid");
    assertThat(t.finalStatus()).isEqualTo("active");
    // Each period started one calendar month after the previous one.
    long anchor = t.periods().get(0).start();
    for (Timeline.Period p : t.periods()) {
      assertThat(p.start()).isEqualTo(sim.periodEnd(anchor, p.number() - 1));
    }
    // One advance per period, each to just before the period ends, each waited for until ready.
    assertThat(advances()).hasSize(4);
    assertThat(advances().get(3).params().get("frozen_time")).containsExactly(String.valueOf(sim.periodEnd(anchor, 4) - 60));
    assertThat(fake.requests().stream().filter(r -> r.method().equals("GET") && r.path().matches(".*/test_clocks/clock_\\w+")))
        .hasSizeGreaterThanOrEqualTo(8); // at least "advancing" then "ready" per advance
    // The clock carries the simulation's name; everything the chain made carries the tool's metadata.
    JsonObject clock = fake.get(t.clockId());
    assertThat(clock.get("name").getAsString()).isEqualTo("stripe-setup " + sim.id());
    JsonObject customer = fake.get(t.customerId());
    assertThat(customer.get("test_clock").getAsString()).isEqualTo(t.clockId());
    assertThat(customer.getAsJsonObject("metadata").get("created_by").getAsString()).isEqualTo("stripe-setup");
    assertThat(customer.getAsJsonObject("metadata").get(Simulation.META_SIMULATION).getAsString()).isEqualTo(sim.id());
    // Without --keep the clock is deleted, and with it its customer.
    assertThat(clock.get("deleted").getAsBoolean()).isTrue();
    assertThat(customer.get("deleted").getAsBoolean()).isTrue();
  }

  @Test
  void failureFromPeriodTwoThenRecoveryWhenTheCardIsFixed() throws Exception {
    fake.setDunning("canceled", 10, 30); // retries 10 days after the first failure, then 30 after that
    Simulation sim = simulation(4, 2, 3);

    Timeline t = run(sim, true);

    assertThat(results(t)).containsExactly("paid", "failed", "paid", "paid");
    assertThat(statuses(t)).containsExactly("active", "past_due", "active", "active");
    Timeline.Period second = t.periods().get(1);
    assertThat(second.attempts()).isEqualTo(2);
    assertThat(second.nextRetry()).isGreaterThan(second.end());
    assertThat(second.note()).contains("declining");
    assertThat(t.periods().get(2).note()).contains("card fixed");
    // Invoice 2 was paid when the card was fixed: its third attempt.
    Timeline.InvoiceState invoice2 = t.invoices().get(1);
    assertThat(invoice2.status()).isEqualTo("paid");
    assertThat(invoice2.attempts()).isEqualTo(3);
    assertThat(invoice2.period()).isEqualTo(2);
    assertThat(t.finalStatus()).isEqualTo("active");
    // --keep: the clock and customer are still there.
    assertThat(fake.get(t.clockId()).has("deleted")).isFalse();
    assertThat(fake.get(t.customerId()).has("deleted")).isFalse();
  }

  @Test
  void failureUntilTheSubscriptionEnds() throws Exception {
    // The fake's default: retries 3, 5 and 7 days after the previous attempt, then the subscription is canceled.
    Simulation sim = simulation(4, 2, null);

    Timeline t = run(sim, false);

    assertThat(results(t)).containsExactly("paid", "failed", "none", "none");
    assertThat(statuses(t)).containsExactly("active", "canceled", "canceled", "canceled");
    assertThat(t.periods().get(1).attempts()).isEqualTo(4);
    assertThat(t.periods().get(1).nextRetry()).isNull();
    assertThat(t.invoices()).extracting(Timeline.InvoiceState::status).containsExactly("paid", "open");
    assertThat(t.finalStatus()).isEqualTo("canceled");
    assertThat(fake.get(t.subscriptionId()).getAsJsonObject("cancellation_details").get("reason").getAsString())
        .isEqualTo("payment_failed");
  }

  @Test
  void aCardFixedAfterDunningEndedTheSubscriptionStillPaysTheOpenInvoice() throws Exception {
    Simulation sim = simulation(4, 2, 3); // default dunning: canceled within period 2

    Timeline t = run(sim, false);

    assertThat(results(t)).containsExactly("paid", "failed", "none", "none");
    assertThat(statuses(t)).containsExactly("active", "canceled", "canceled", "canceled");
    assertThat(progress).anyMatch(l -> l.contains("has already ended (canceled)"));
    assertThat(t.invoices()).extracting(Timeline.InvoiceState::status).containsExactly("paid", "paid");
    assertThat(t.invoices().get(1).attempts()).isEqualTo(5);
    assertThat(t.finalStatus()).isEqualTo("canceled");
  }

  @Test
  void anInterruptedSimulationContinuesOnTheSameClockWithOneCustomerAndOneSubscription() throws Exception {
    Simulation sim = simulation(4, 3, null);
    assertThatThrownBy(() -> run(sim, false, line -> {
      if (line.startsWith("Period 2 of 4")) {
        throw new IllegalStateException("interrupted");
      }
    })).hasMessage("interrupted");
    assertThat(fake.count("test_clock")).isEqualTo(1);
    fake.clearRequests();

    Timeline t = run(sim, false);

    assertThat(progress).anyMatch(l -> l.startsWith("Continuing on test clock " + t.clockId()));
    assertThat(fake.objectsIncludingDeleted("test_clock")).hasSize(1);
    assertThat(fake.objectsIncludingDeleted("customer")).hasSize(1);
    assertThat(fake.objects("subscription")).hasSize(1);
    assertThat(fake.requests()).noneMatch(r -> r.method().equals("POST") && r.path().equals("/v1/subscriptions"));
    assertThat(t.periods()).extracting(Timeline.Period::earlierRun).containsExactly(true, true, false, false);
    assertThat(results(t)).containsExactly("paid", "paid", "failed", "none"); // the default dunning cancels in period 3
    assertThat(advances()).hasSize(2);
  }

  @Test
  void aRetriedAdvanceWhoseAnswerWasLostReplaysInsteadOfBeingRefused() throws Exception {
    fake.injectFault(FakeStripe.Fault.DROP_AFTER_ACTING, "POST", ".*/advance", 1);
    StripeClient retrying = StripeClient.builder().setApiKey("sk_test_fake").setApiBase(fake.baseUrl())
        .setMaxNetworkRetries(2).build();

    Timeline t = new Simulator(retrying, progress::add, null, Duration.ofMillis(1)).run(simulation(2, null, null), false);

    assertThat(results(t)).containsExactly("paid", "paid");
    assertThat(advances()).anyMatch(RecordedRequest::replayed);
  }

  @Test
  void flagsOutsideWhatCanBeSimulatedAreRefusedNamingTheFlag() {
    assertThatThrownBy(() -> simulation(0, null, null)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("months");
    assertThatThrownBy(() -> simulation(Simulation.MAX_PERIODS + 1, null, null)).hasMessageContaining("months");
    assertThatThrownBy(() -> simulation(4, 1, null)).hasMessageContaining("fail-from");
    assertThatThrownBy(() -> simulation(4, 5, null)).hasMessageContaining("fail-from");
    assertThatThrownBy(() -> simulation(4, null, 3)).hasMessageContaining("recover-at");
    assertThatThrownBy(() -> simulation(4, 3, 3)).hasMessageContaining("recover-at");
    assertThat(fake.requests()).isEmpty();
  }
}
