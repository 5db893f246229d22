package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stripesetup.bench.RoundTrips;
import dev.stripesetup.fake.FakeStripe.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: what a row and a run cost, counted in the fake's request log (requests Stripe accepted)
 * and in sequential round trips (requests that waited for an earlier one; a latency makes
 * concurrent ones overlap). Emails are unique per test, so no other test's run shares their lock.
 */
class RequestCountTest extends FakeStripeCli {
  static final int ROWS = 30;

  private final String tag = UUID.randomUUID().toString().substring(0, 8);

  private Path csv(String name, String amount) throws Exception {
    List<String> lines = new ArrayList<>(List.of("name,email,amount"));
    for (int i = 0; i < ROWS; i++) {
      lines.add("Customer " + i + ",r" + i + "-" + tag + "@example.com," + amount);
    }
    return Files.write(dir.resolve(name), lines);
  }

  private CliRun.Result batch(String file) {
    return cli.run("batch", "--api-base", fake.baseUrl(), "--rate", "2000", file);
  }

  private long accepted() {
    return fake.requests().stream().filter(r -> r.status() != 429).count();
  }

  private static long count(List<RecordedRequest> log, String method, String path) {
    return log.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).count();
  }

  @Test
  void aNewRowCostsAtMostThreeRequestsAndItsCustomerComesWithItsCard() throws Exception {
    CliRun.Result r = batch(csv("new.csv", "20").toString());

    assertThat(r.out()).as(r.all()).contains(ROWS + " rows: " + ROWS + " created");
    List<RecordedRequest> log = fake.requests();
    assertThat(accepted()).as("requests for %d new rows", ROWS).isLessThanOrEqualTo(3L * ROWS);
    assertThat(count(log, "POST", "/v1/payment_methods")).isZero();
    assertThat(log).noneMatch(q -> q.path().endsWith("/attach"));
    assertThat(count(log, "POST", "/v1/customers")).isEqualTo(ROWS);
    assertThat(count(log, "POST", "/v1/subscriptions")).isEqualTo(ROWS);
    // Shared look-ups: one search per up to 10 rows, not one per row (a row whose lock file another
    // email's run released meanwhile looks itself up again: lock files are shared by hash).
    assertThat(count(log, "GET", "/v1/customers/search")).isLessThan(ROWS / 3);
    assertExactlyOnePerRow();
  }

  @Test
  void aRowForAnExistingCustomerCostsNoMoreThanBefore() throws Exception {
    Seed seed = new Seed(fake);
    for (int i = 0; i < ROWS; i++) {
      seed.customer("r" + i + "-" + tag + "@example.com", java.util.Map.of());
    }
    fake.clearRequests();

    CliRun.Result r = batch(csv("existing.csv", "20").toString());

    assertThat(r.out()).as(r.all()).contains(ROWS + " rows: " + ROWS + " created");
    // Before issue 20: 2 look-ups, Checkout sessions, subscriptions, payment method, attach and
    // subscription = 7 per row. Now: a share of the look-ups, sessions, subscriptions, attach, subscription.
    assertThat(accepted()).as("requests for %d existing customers", ROWS).isLessThanOrEqualTo(5L * ROWS);
    assertThat(fake.count("customer")).isEqualTo(ROWS);
    assertThat(count(fake.requests(), "POST", "/v1/payment_methods")).isZero();
  }

  @Test
  void aReRunWithAFreshJournalFindsEveryCustomerAndSubscriptionAndCreatesNothing() throws Exception {
    Path file = csv("again.csv", "20");
    batch(file.toString());
    Files.delete(dir.resolve("again.csv.stripe-setup.db"));
    fake.clearRequests();

    CliRun.Result r = batch(file.toString());

    assertThat(r.all()).contains(ROWS + " reused");
    assertThat(fake.requests()).noneMatch(q -> q.method().equals("POST"));
    assertExactlyOnePerRow();
  }

  private static final int ROUND_TRIP_MILLIS = 500;

  @Test
  void aNewCustomersRunTakesThreeSequentialRoundTrips() {
    // Calls of one round overlap only if each starts before its siblings end: the latency must be
    // longer than a loaded CI machine's delay in starting a sibling (at 150 ms, through the jar under
    // load, a round was seen split in two).
    fake.setLatencyMillis(ROUND_TRIP_MILLIS);
    CliRun.Result r = run("--name", "Round Trips", "--email", "rt-" + tag + "@example.com", "--amount", "20");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(RoundTrips.critical(fake.requests())).isEqualTo(3);
  }

  @Test
  void anExistingCustomersRunTakesFourSequentialRoundTrips() throws Exception {
    String email = "rt-old-" + tag + "@example.com";
    new Seed(fake).customer(email, java.util.Map.of());
    fake.setLatencyMillis(ROUND_TRIP_MILLIS);
    fake.clearRequests();

    CliRun.Result r = run("--name", "Round Trips", "--email", email, "--amount", "20");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(RoundTrips.critical(fake.requests())).isEqualTo(4);
    assertThat(fake.count("customer")).isEqualTo(1);
  }

  private void assertExactlyOnePerRow() {
    assertThat(fake.count("customer")).isEqualTo(ROWS);
    assertThat(fake.count("subscription")).isEqualTo(ROWS);
    assertThat(fake.objects("payment_method")).hasSize(ROWS);
  }
}
