package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Stripe-compatible server without Checkout answers 404 to GET /v1/checkout/sessions: no link can
 * exist there, so the runs that look for open links go on (saying so only under --verbose).
 */
class NoCheckoutServerTest extends OperateCli {
  static final String NOTE = "no Checkout Sessions endpoint";

  @Test
  void aCardRunForAnExistingCustomerSubscribesAndSaysWhyOnlyUnderVerbose() throws Exception {
    Seed seed = new Seed(fake);
    seed.customer("jenny@example.com", Map.of());
    seed.customer("bob@example.com", Map.of());
    fake.setCheckoutAbsent(true);

    CliRun.Result quiet = run(JENNY);
    CliRun.Result verbose = run("--name", "Bob Smith", "--email", "bob@example.com", "--amount", "20", "--verbose");

    assertThat(quiet.exitCode()).as(quiet.all()).isZero();
    assertThat(quiet.all()).doesNotContain(NOTE);
    assertThat(verbose.exitCode()).as(verbose.all()).isZero();
    assertThat(verbose.err()).contains(NOTE);
    assertThat(fake.count("subscription")).isEqualTo(2);
    assertThat(fake.requests()).anyMatch(q -> q.path().equals("/v1/checkout/sessions") && q.status() == 404);
  }

  @Test
  void anInvoiceRunForAnExistingCustomerSubscribes() throws Exception {
    new Seed(fake).customer("jenny@example.com", Map.of());
    fake.setCheckoutAbsent(true);

    CliRun.Result r = run(with(JENNY, "--collect", "invoice"));

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(fake.count("subscription")).isEqualTo(1);
  }

  /** The invoice path takes the same decision as the card path (one place): a 403 skips with a note. */
  @Test
  void anInvoiceRunWhoseKeyMayNotReadCheckoutSessionsSubscribesWithANote() throws Exception {
    new Seed(fake).customer("jenny@example.com", Map.of());
    fake.forbid("GET", "/v1/checkout/sessions");

    CliRun.Result r = run(with(JENNY, "--collect", "invoice"));

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.err()).contains("Could not look for open Checkout links");
    assertThat(fake.count("subscription")).isEqualTo(1);
  }

  @Test
  void statusShowsTheSubscriptionsWithoutLinks() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");
    fake.setCheckoutAbsent(true);

    CliRun.Result r = op("status", "jenny@example.com");
    CliRun.Result verbose = op("status", "jenny@example.com", "--verbose");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains(sub);
    assertThat(r.all()).doesNotContain(NOTE);
    assertThat(verbose.err()).contains(NOTE);
  }
}
