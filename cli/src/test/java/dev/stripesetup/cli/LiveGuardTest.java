package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A live key never runs by accident. */
class LiveGuardTest extends FakeStripeCli {
  /** A real-looking ID: live mode refuses Stripe's magic test IDs such as pm_card_visa. */
  static final String[] LIVE_JENNY = with(JENNY, "--payment-method", "pm_1FromCheckout");

  /** A live payment method, as Checkout would have collected it, for the runs that go ahead. */
  String[] liveJennyWithACollectedCard() throws Exception {
    com.stripe.StripeClient live = com.stripe.StripeClient.builder().setApiKey(CliRun.LIVE_KEY)
        .setApiBase(fake.baseUrl()).build();
    String pm = live.v1().paymentMethods().create(com.stripe.param.PaymentMethodCreateParams.builder()
        .setType(com.stripe.param.PaymentMethodCreateParams.Type.CARD)
        .setCard(com.stripe.param.PaymentMethodCreateParams.Token.builder().setToken("tok_visa").build())
        .build()).getId();
    fake.clearRequests();
    return with(JENNY, "--payment-method", pm);
  }

  @Test
  void liveKeyWithoutLiveFlagIsRefusedBeforeAnyCall() {
    cli.key(CliRun.LIVE_KEY);
    CliRun.Result r = run(LIVE_JENNY);
    assertThat(r.exitCode()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(r.err()).contains("refusing to use a live key (sk_live_...9999").contains("--live");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void liveWithoutTerminalAndWithoutYesIsRefused() {
    cli.key(CliRun.LIVE_KEY);
    CliRun.Result r = run(with(LIVE_JENNY, "--live"));
    assertThat(r.exitCode()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(r.err()).contains("LIVE MODE: $20.00 USD every month for jenny@example.com")
        .contains("needs confirmation");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void liveAtATerminalAnsweredNoIsRefused() {
    cli.key(CliRun.LIVE_KEY).terminal("no");
    CliRun.Result r = run(with(LIVE_JENNY, "--live"));
    assertThat(r.exitCode()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(r.err()).contains("Type 'yes'").contains("not confirmed");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void liveAtATerminalAnsweredYesRuns() throws Exception {
    cli.key(CliRun.LIVE_KEY).terminal("yes");
    CliRun.Result r = run(with(liveJennyWithACollectedCard(), "--live"));
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains("https://dashboard.stripe.com/customers/").contains("(live mode)");
    assertThat(fake.count("subscription")).isEqualTo(1);
  }

  @Test
  void liveWithYesRunsWithoutAPrompt() throws Exception {
    cli.key(CliRun.LIVE_KEY);
    CliRun.Result r = run(with(liveJennyWithACollectedCard(), "--live", "--yes"));
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.err()).contains("confirmed by --yes").contains("restricted key");
  }

  @Test
  void testCardsAreRefusedWithALiveKey() {
    cli.key(CliRun.LIVE_KEY);
    CliRun.Result r = run(with(JENNY, "--live", "--yes"));
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--payment-method: live mode needs a real PaymentMethod");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void restrictedLiveKeyAlsoNeedsLive() {
    cli.key("rk_live_51FakeRestrictedLiveKey000000000000000007777");
    CliRun.Result r = run(LIVE_JENNY);
    assertThat(r.exitCode()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(fake.requests()).isEmpty();
  }
}
