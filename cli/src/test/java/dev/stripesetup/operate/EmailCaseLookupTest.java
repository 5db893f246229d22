package dev.stripesetup.operate;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.Stripe;
import com.stripe.StripeClient;
import com.stripe.model.Customer;
import com.stripe.param.CustomerCreateParams;
import dev.stripesetup.fake.FakeStripe;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 1 for {@code status EMAIL} and {@code cleanup --email}: Stripe's email filter is
 * case-sensitive, so a customer stored as typed (Checkout, the Dashboard) is found by the email as
 * typed as well as lower-cased.
 */
class EmailCaseLookupTest {
  FakeStripe fake;
  StripeClient client;

  @BeforeEach
  void start() {
    Stripe.enableTelemetry = false;
    fake = FakeStripe.start();
    client = StripeClient.builder().setApiKey("sk_test_fake").setApiBase(fake.baseUrl()).build();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  Customer customer(String email) throws Exception {
    return client.v1().customers().create(CustomerCreateParams.builder().setEmail(email).setName("J")
        .putAllMetadata(Map.of("created_by", "stripe-setup", "stripe_setup_run", "run_seed")).build());
  }

  @Test
  void statusFindsTheCustomerStoredWithCapitalsAndTheLowerCasedOne() throws Exception {
    Customer typed = customer("Jenny@Example.com");
    Customer lower = customer("jenny@example.com");
    // Neither as typed nor lower-cased: the list cannot find it, the search does (issue 19 item 2).
    Customer other = customer("JENNY@EXAMPLE.COM");
    customer("jenny@example.org");

    SubscriptionLookup.Found found = new SubscriptionLookup(client, 10).find(Target.parse("Jenny@Example.com"));

    assertThat(found.customerIds()).containsExactlyInAnyOrder(typed.getId(), lower.getId(), other.getId());
  }

  @Test
  void cleanupByEmailTakesTheCustomerStoredWithCapitals() throws Exception {
    Customer typed = customer("Jenny@Example.com");
    customer("bob@example.com");

    CleanupPlan plan = new CleanupFinder(client, 10).find(CleanupFilter.byEmail(null, "Jenny@Example.com"));

    assertThat(plan.items()).extracting(CleanupItem::id).containsExactly(typed.getId());
  }
}
