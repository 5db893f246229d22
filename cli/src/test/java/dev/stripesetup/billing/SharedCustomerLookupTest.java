package dev.stripesetup.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import dev.stripesetup.fake.FakeStripe;
import dev.stripesetup.fake.FakeStripe.RecordedRequest;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where a batch's "created since" list starts (the list that covers the search lag): it moves on
 * with Stripe's clock even when nothing new was created, so a burst of customers made just before
 * a batch is not listed again, page after page, by every look-up.
 */
class SharedCustomerLookupTest {
  FakeStripe fake;
  ExecutorService pool;
  SharedCustomerLookup lookup;

  @BeforeEach
  void start() {
    fake = FakeStripe.start();
    StripeClient client = fake.client();
    pool = Executors.newFixedThreadPool(2);
    lookup = new SharedCustomerLookup(client, pool);
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    fake.close();
  }

  /** This machine's clock in the rule's cases: later than every Date header they give. */
  private static final long NOW = 5000L;

  @Test
  void theNextListStartsAtTheNewestCreationOrTheAnswersSecondLessTheOverlap() {
    long overlap = SharedCustomerLookup.OVERLAP_SECONDS;
    // Nothing listed and no Date header: nothing to go on.
    assertThat(SharedCustomerLookup.nextSince(null, List.of(), null, NOW)).isNull();
    // Without a Date header: the newest creation seen, as before.
    assertThat(SharedCustomerLookup.nextSince(null, List.of(100L, 250L, 180L), null, NOW)).isEqualTo(250 - overlap);
    // Nothing new since: the start stays where it was.
    assertThat(SharedCustomerLookup.nextSince(250 - overlap, List.of(), null, NOW)).isEqualTo(250 - overlap);
    // Stripe answered at 1000: customers made long before are not listed again.
    assertThat(SharedCustomerLookup.nextSince(250 - overlap, List.of(250L), 1000L, NOW)).isEqualTo(999 - overlap);
    // A creation stamped after the Date (its second, or a clock step) still wins.
    assertThat(SharedCustomerLookup.nextSince(null, List.of(1001L), 1000L, NOW)).isEqualTo(1001 - overlap);
    // A Date ahead of this machine's clock (a proxy's own) moves the start only as far as this clock.
    assertThat(SharedCustomerLookup.nextSince(null, List.of(250L), 1000L, 600L)).isEqualTo(599 - overlap);
    // Never moves back.
    assertThat(SharedCustomerLookup.nextSince(2000L, List.of(), 1000L, NOW)).isEqualTo(2000L);
  }

  @Test
  void aLookUpThatFindsNothingNewStillMovesTheNextListOn() throws Exception {
    long before = System.currentTimeMillis() / 1000;
    lookup.lookUp(List.of("jenny@example.com"));
    lookup.lookUp(List.of("ann@example.com"));

    List<Long> starts = fake.requests().stream()
        .filter(q -> q.method().equals("GET") && q.path().equals("/v1/customers"))
        .map(q -> Long.parseLong(q.params().get("created[gte]").get(0))).toList();
    assertThat(starts).hasSize(2);
    // The first covers the search lag; the second starts at the first answer's second, less the overlap.
    assertThat(starts.get(0)).isLessThanOrEqualTo(before - SharedCustomerLookup.LAG_SECONDS + 1);
    assertThat(starts.get(1)).isGreaterThanOrEqualTo(before - 1 - SharedCustomerLookup.OVERLAP_SECONDS);
  }
}
