package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Money-safety refusals and the advice after a failure, as a person sees them (issues 14 and 15).
 * The chain's own rules are tested once, straight through StripeHelpers, in stripe.ChainSafetyTest.
 */
class ChainSafetyCommandTest extends FakeStripeCli {
  static final String RESUME = "Re-run the same command to resume";

  @Test
  void aCustomerWithAnotherLiveSubscriptionIsRefusedWithExitNine() {
    assertThat(run(JENNY).exitCode()).isZero();
    String sub = fake.objects("subscription").get(0).get("id").getAsString();

    CliRun.Result r = run("--name", "Jenny Rosen", "--email", "jenny@example.com", "--amount", "30");

    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.SECOND_SUBSCRIPTION).isEqualTo(9);
    assertThat(r.err()).contains("already has a live subscription: " + sub + " (active, $20.00 USD every month")
        .contains("pass --allow-second-subscription to add another").doesNotContain(RESUME);
    assertThat(fake.count("subscription")).isEqualTo(1);
  }

  @Test
  void aLiveKeyWithoutLiveIsRefusedFirstEvenWithATestCard() {
    cli.key(CliRun.LIVE_KEY);
    CliRun.Result r = run(JENNY);
    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void liveModeRefusesStripesMagicTestPaymentMethodsBeforeAnyCall() {
    cli.key(CliRun.LIVE_KEY);
    CliRun.Result r = run(with(JENNY, "--payment-method", "pm_card_visa", "--live", "--yes"));
    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--payment-method: 'pm_card_visa' is one of Stripe's test payment methods");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void aPaymentMethodThatDoesNotExistIsFoundOutBeforeAnythingIsCreated() {
    CliRun.Result r = run(with(JENNY, "--payment-method", "pm_nope"));

    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(fake.requests()).noneMatch(q -> q.method().equals("POST"));
    assertThat(r.err()).contains("pm_nope").doesNotContain(RESUME).doesNotContain("already on Stripe")
        .contains("Nothing was created").contains("check the ID");
  }

  @Test
  void aFailureThatARerunWouldRepeatDoesNotSayRerunToResume() {
    // Declined when attached: the same card fails the same way again.
    CliRun.Result declined = run(with(JENNY, "--test-card", "insufficient-funds"));
    assertThat(declined.exitCode()).as(declined.all()).isEqualTo(ExitCode.PAYMENT_DECLINED);
    assertThat(declined.err()).doesNotContain(RESUME).contains("already on Stripe: ")
        .contains("another card");

    // A customer ID that does not exist.
    CliRun.Result wrongCustomer = run(with(JENNY, "--customer", "cus_nope"));
    assertThat(wrongCustomer.exitCode()).as(wrongCustomer.all()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(wrongCustomer.err()).doesNotContain(RESUME).contains("check the ID");

    // A key Stripe rejects: nothing was created, and a re-run fails the same way.
    fake.rejectKey(CliRun.TEST_KEY);
    CliRun.Result badKey = run("--name", "O", "--email", "other@example.com", "--amount", "20");
    assertThat(badKey.exitCode()).as(badKey.all()).isEqualTo(ExitCode.AUTHENTICATION);
    assertThat(badKey.err()).doesNotContain(RESUME).contains("Nothing was created");
  }
}
