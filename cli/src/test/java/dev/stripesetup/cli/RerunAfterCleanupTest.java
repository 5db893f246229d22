package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stripe replays an idempotency key's saved response for 24 hours even when the object has since
 * been deleted, archived or canceled. An identical re-run after cleanup or cancel must notice and
 * set the customer up again, not report the dead objects as created.
 */
class RerunAfterCleanupTest extends FakeStripeCli {

  @Test
  void identicalRunAfterCleanupSetsEverythingUpAgain() {
    assertThat(run(JENNY).exitCode()).isZero();
    CliRun.Result cleaned = run("cleanup", "--yes", "--api-base", fake.baseUrl());
    assertThat(cleaned.exitCode()).as(cleaned.all()).isZero();
    assertThat(fake.count("customer")).isZero();

    CliRun.Result again = run(JENNY);

    assertThat(again.exitCode()).as(again.all()).isZero();
    assertThat(again.err()).contains("was deleted: creating a new one").contains("was archived: creating a new one");
    assertThat(fake.count("customer")).isEqualTo(1);
    String cus = fake.objects("customer").get(0).get("id").getAsString();
    List<JsonObject> live = fake.objects("subscription").stream()
        .filter(s -> s.get("status").getAsString().equals("active")).toList();
    assertThat(live).hasSize(1);
    assertThat(live.get(0).get("customer").getAsString()).isEqualTo(cus);
    assertThat(fake.objects("price").stream().filter(p -> p.get("active").getAsBoolean()).count()).isEqualTo(1);
    assertThat(again.out()).contains("Subscribed: $20.00 USD every month").contains(cus);

    // And the run after that is a plain "already subscribed".
    CliRun.Result third = run(JENNY);
    assertThat(third.exitCode()).isZero();
    assertThat(third.out()).contains("Already subscribed");
    assertThat(fake.count("customer")).isEqualTo(1);
  }

  @Test
  void identicalRunAfterCancellingSubscribesAgainInsteadOfReportingTheCanceledOne() {
    assertThat(run(JENNY).exitCode()).isZero();
    String first = fake.objects("subscription").get(0).get("id").getAsString();
    CliRun.Result canceled = run("cancel", first, "--now", "--yes", "--api-base", fake.baseUrl());
    assertThat(canceled.exitCode()).as(canceled.all()).isZero();

    CliRun.Result again = run(JENNY);

    assertThat(again.exitCode()).as(again.all()).isZero();
    assertThat(again.err()).contains("is canceled: creating a new one");
    assertThat(fake.count("subscription")).isEqualTo(2);
    assertThat(fake.objects("subscription")).filteredOn(s -> s.get("status").getAsString().equals("active")).hasSize(1);
    assertThat(again.out()).doesNotContain(first);
    assertThat(fake.count("customer")).isEqualTo(1);
  }

  @Test
  void archivingThePriceDoesNotLeadToASecondSubscriptionOnTheSamePlan() throws Exception {
    assertThat(run(JENNY).exitCode()).isZero();
    String price = fake.objects("price").get(0).get("id").getAsString();
    com.stripe.StripeClient stripe = com.stripe.StripeClient.builder().setApiKey(CliRun.TEST_KEY)
        .setApiBase(fake.baseUrl()).build();
    stripe.v1().prices().update(price, com.stripe.param.PriceUpdateParams.builder().setActive(false).build());

    CliRun.Result again = run(JENNY);

    assertThat(again.exitCode()).as(again.all()).isZero();
    assertThat(again.out()).contains("Already subscribed").contains(price);
    assertThat(fake.count("subscription")).isEqualTo(1);
    assertThat(fake.count("customer")).isEqualTo(1);
  }
}
