package dev.stripesetup.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import com.stripe.model.checkout.Session;
import dev.stripesetup.fake.FakeStripe;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: an existing customer's Checkout links and subscriptions are listed in the same round.
 * A link paid between the two lists shows as a complete session whose subscription the
 * subscriptions list lacks; that must count as the customer's subscription, or a second one is made.
 */
class LinksListedWithSubscriptionsTest {
  FakeStripe fake;
  StripeHelpers helpers;

  @BeforeEach
  void start() {
    fake = FakeStripe.start();
    StripeClient client = fake.client();
    helpers = new StripeHelpers(client, note -> {}, null);
  }

  @AfterEach
  void stop() {
    helpers.close();
    fake.close();
  }

  @Test
  void aCompleteSessionOfThePlanWhoseSubscriptionWasNotListedIsTheAnswer() throws Exception {
    CheckoutCollector.Collected open = new CheckoutCollector(helpers)
        .start(LinkPaidMidRunTest.jenny(null), LinkPaidMidRunTest.SUCCESS, Duration.ofHours(1));
    String session = open.link().sessionId();
    assertThat(fake.payIfOpen(session)).isTrue();
    String paidSub = fake.get(session).get("subscription").getAsString();
    String price = fake.objects("price").get(0).get("id").getAsString();
    List<Session> sessions = helpers.openLinks().ofCustomer(open.link().customerId());

    // Another run (another run ID) whose subscriptions list came back before the link was paid.
    OpenLinks.Outcome missed = helpers.openLinks().takeOutOfPlay(sessions, "run_other", price, null, true, Set.of());
    // The same, when the subscriptions list already had it: left to the live-subscription decision.
    OpenLinks.Outcome listed = helpers.openLinks().takeOutOfPlay(sessions, "run_other", price, null, true,
        Set.of(paidSub));

    assertThat(missed.paid()).isNotNull();
    assertThat(missed.paid().getId()).isEqualTo(paidSub);
    assertThat(listed.paid()).isNull();
  }
}
