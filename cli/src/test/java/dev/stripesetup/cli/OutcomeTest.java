package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

/** Each way a run can end maps to its own exit code and a message a person can act on. */
class OutcomeTest extends FakeStripeCli {

  @Test
  void declinedFirstPaymentGivesTheReasonAndTheHostedInvoiceLink() {
    CliRun.Result r = run(with(JENNY, "--test-card", "declined"));
    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.PAYMENT_DECLINED);
    assertThat(r.out()).contains("Payment declined").contains("generic_decline")
        .contains("Pay here").contains("https://invoice.stripe.com/");
    assertThat(fake.objects("subscription").get(0).get("status").getAsString()).isEqualTo("incomplete");
  }

  @Test
  void declinedInJsonCarriesTheLinkAndReason() {
    CliRun.Result r = run(with(JENNY, "--test-card", "declined", "--json"));
    assertThat(r.exitCode()).isEqualTo(ExitCode.PAYMENT_DECLINED);
    JsonObject doc = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(doc.get("ok").getAsBoolean()).isFalse();
    assertThat(doc.get("outcome").getAsString()).isEqualTo("payment_declined");
    assertThat(doc.getAsJsonObject("subscription").get("hosted_invoice_url").getAsString()).startsWith("https://");
    assertThat(doc.getAsJsonObject("subscription").get("payment_error").getAsString()).contains("generic_decline");
  }

  @Test
  void cardDeclinedWhenAttachedStopsBeforeTheSubscription() {
    CliRun.Result r = run(with(JENNY, "--test-card", "insufficient-funds"));
    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.PAYMENT_DECLINED);
    assertThat(r.err()).contains("attach payment method failed").contains("insufficient_funds")
        .contains("already on Stripe:").contains("customer cus_");
    assertThat(fake.count("subscription")).isZero();
  }

  @Test
  void threeDSecureNeedsTheCustomerAndSaysWhere() {
    CliRun.Result r = run(with(JENNY, "--test-card", "3ds"));
    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.PAYMENT_REQUIRES_ACTION);
    assertThat(r.out()).contains("3D Secure").contains("https://invoice.stripe.com/");
  }

  @Test
  void aDeclineIsReadFromTheInvoiceWhenInvoicePaymentsCannotBeListed() {
    fake.forbid("GET", "/v1/invoice_payments");
    CliRun.Result r = run(with(JENNY, "--test-card", "declined"));
    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.PAYMENT_DECLINED);
    assertThat(r.out()).contains("generic_decline").contains("Pay here");
  }

  @Test
  void threeDSecureIsToldApartWhenNoPaymentCanBeRead() {
    fake.forbid("GET", "/v1/invoice_payments");
    fake.forbid("GET", "/v1/invoices/.*");
    CliRun.Result r = run(with(JENNY, "--test-card", "3ds"));
    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.PAYMENT_REQUIRES_ACTION);
    assertThat(r.err()).contains("Could not read why the first payment did not go through (HTTP 403)")
        .doesNotContain("permission");
    CliRun.Result declined = run("--name", "Ada", "--email", "ada@example.com", "--amount", "20", "--test-card", "declined");
    assertThat(declined.exitCode()).as(declined.all()).isEqualTo(ExitCode.PAYMENT_DECLINED);
  }

  @Test
  void rerunAfterADeclineDoesNotCreateASecondSubscription() {
    run(with(JENNY, "--test-card", "declined"));
    CliRun.Result again = run(with(JENNY, "--test-card", "declined"));
    assertThat(again.exitCode()).isEqualTo(ExitCode.PAYMENT_DECLINED);
    assertThat(fake.count("subscription")).isEqualTo(1);
    assertThat(fake.count("customer")).isEqualTo(1);
  }

  @Test
  void revokedKeyIsAnAuthenticationError() {
    fake.rejectKey(CliRun.TEST_KEY);
    CliRun.Result r = run(JENNY);
    assertThat(r.exitCode()).isEqualTo(ExitCode.AUTHENTICATION);
    assertThat(r.err()).contains("Invalid API Key").contains("check STRIPE_API_KEY");
  }

  @Test
  void missingPermissionIsAPermissionError() {
    fake.forbid("POST", "/v1/subscriptions");
    CliRun.Result r = run(JENNY);
    assertThat(r.exitCode()).isEqualTo(ExitCode.PERMISSION);
    assertThat(r.err()).contains("create subscription failed").contains("restricted key");
  }

  @Test
  void severalCustomersWithTheEmailIsAnErrorNotAGuess() {
    run(with(JENNY, "--new-customer"));
    run("--name", "Jenny Rosen", "--email", "jenny@example.com", "--amount", "21", "--new-customer");
    fake.clearRequests();
    CliRun.Result r = run("--name", "Jenny Rosen", "--email", "jenny@example.com", "--amount", "22");
    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.AMBIGUOUS_CUSTOMER);
    assertThat(r.err()).contains("several customers have the email jenny@example.com").contains("--customer");
    assertThat(fake.requests()).noneMatch(q -> q.method().equals("POST"));
  }

  @Test
  void explicitCustomerResolvesTheAmbiguity() {
    run(with(JENNY, "--new-customer"));
    run("--name", "Jenny Rosen", "--email", "jenny@example.com", "--amount", "21", "--new-customer");
    String cus = fake.objects("customer").get(0).get("id").getAsString();
    CliRun.Result r = run("--name", "Jenny Rosen", "--email", "jenny@example.com", "--amount", "22", "--customer", cus,
        "--allow-second-subscription");
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(fake.count("customer")).isEqualTo(2);
  }

  @Test
  void unknownPriceIsNotFound() {
    CliRun.Result r = run("--name", "J", "--email", "j@example.com", "--price", "price_doesnotexist");
    assertThat(r.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(r.err()).contains("No such price");
  }

  @Test
  void unreachableStripeIsANetworkErrorNamingTheHostUsed() {
    String host = fake.baseUrl().replaceFirst("^http://", "");
    fake.close();
    CliRun.Result r = run(JENNY);
    assertThat(r.exitCode()).isEqualTo(ExitCode.NETWORK);
    assertThat(r.err()).contains("could not reach " + host + " (connection refused)")
        .doesNotContain("api.stripe.com").doesNotContain("Please check").doesNotContain("\tat ");
  }

  @Test
  void aServerErrorSaysStripeAnsweredNotThatItWasUnreachable() {
    cli.env("STRIPE_SETUP_MAX_RETRIES", "0");
    fake.injectFault(dev.stripesetup.fake.FakeStripe.Fault.FAIL_500_BEFORE, "GET", "/v1/customers", 1);
    CliRun.Result r = run(JENNY);
    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.NETWORK);
    assertThat(r.err()).contains("find customer failed: Stripe answered HTTP 500 (").doesNotContain("could not reach");
  }

  @Test
  void customerIdThatBelongsToAnotherEmailIsRefusedBeforeCreatingAnything() {
    run(JENNY);
    String cus = fake.objects("customer").get(0).get("id").getAsString();
    fake.clearRequests();
    CliRun.Result r = run("--name", "Ada", "--email", "ada@example.com", "--amount", "20", "--customer", cus);
    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--customer: " + cus + " has the email jenny@example.com, not ada@example.com");
    assertThat(fake.requests()).noneMatch(q -> q.method().equals("POST"));
  }

  @Test
  void aFailedNewCustomerRunSaysHowToResumeWithoutMakingAnotherCustomer() {
    fake.forbid("POST", "/v1/subscriptions");
    CliRun.Result r = run(with(JENNY, "--new-customer"));
    assertThat(r.exitCode()).isEqualTo(ExitCode.PERMISSION);
    String cus = fake.objects("customer").get(0).get("id").getAsString();
    assertThat(r.err()).contains("within 24 hours").contains("--customer " + cus);
  }
}
