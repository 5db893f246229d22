package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stripesetup.fake.FakeStripe.RecordedRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** stripe-setup portal: a Billing Portal link on stdout only; no configuration said plainly. */
class PortalCommandTest extends OperateCli {
  private static final String URL_START = "https://billing.stripe.com/p/session/test_";

  private List<RecordedRequest> sessions() {
    return fake.requests().stream().filter(q -> q.path().equals("/v1/billing_portal/sessions")).toList();
  }

  @Test
  void withoutAPortalConfigurationItSaysSoAndHowToMakeOne() {
    subscribe("Jenny Rosen", "jenny@example.com", "20");

    CliRun.Result r = op("portal", "jenny@example.com");

    assertThat(r.exitCode()).isEqualTo(ExitCode.STRIPE_INVALID_REQUEST);
    assertThat(r.err()).contains("this Stripe account has no Billing Portal configuration yet")
        .contains("https://dashboard.stripe.com/test/settings/billing/portal")
        .contains("POST /v1/billing_portal/configurations").doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void theLinkGoesToStdoutOnlyEvenWithVerbose() throws Exception {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");
    new Seed(fake).portalConfiguration();
    String customer = fake.get(sub).get("customer").getAsString();
    fake.clearRequests();

    CliRun.Result r = op("portal", sub, "--return-url", "https://example.com/account", "--verbose");

    assertThat(r.exitCode()).as(r.all()).isZero();
    String url = fake.objects("billing_portal.session").get(0).get("url").getAsString();
    assertThat(url).startsWith(URL_START);
    assertThat(r.out()).contains("Billing Portal link for " + customer).contains("  " + url + "\n")
        .contains("expires within minutes if not opened").contains("treat it like a password");
    assertThat(r.err()).contains("POST /v1/billing_portal/sessions -> 200").doesNotContain(url)
        .doesNotContain("billing.stripe.com");
    assertThat(sessions()).singleElement().satisfies(q -> {
      assertThat(q.params().get("customer")).containsExactly(customer);
      assertThat(q.params().get("return_url")).containsExactly("https://example.com/account");
      assertThat(q.idempotencyKey()).startsWith("stripe-setup-v1:portal:" + customer + ":");
    });
    assertThat(dir.toFile().list()).as("nothing written to disk").allSatisfy(f -> assertThat(f).doesNotContain("journal"));
  }

  @Test
  void jsonCarriesTheLinkAndAnEmailOfSeveralCustomersIsRefused() throws Exception {
    subscribe("Jenny Rosen", "jenny@example.com", "20");
    new Seed(fake).portalConfiguration();

    CliRun.Result r = op("portal", "jenny@example.com", "--json");
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(json(r).get("url").getAsString()).startsWith(URL_START);
    assertThat(r.err()).doesNotContain(URL_START);

    new Seed(fake).customer("jenny@example.com", java.util.Map.of());
    fake.clearRequests();
    CliRun.Result two = op("portal", "jenny@example.com");
    assertThat(two.exitCode()).isEqualTo(ExitCode.AMBIGUOUS_CUSTOMER);
    assertThat(two.err()).contains("2 customers have the email jenny@example.com");
    assertThat(sessions()).isEmpty();
  }

  @Test
  void badInputDryRunAndTheLiveGuardMakeNoLink() throws Exception {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");
    new Seed(fake).portalConfiguration();
    fake.clearRequests();

    CliRun.Result badUrl = op("portal", sub, "--return-url", "example.com/account");
    assertThat(badUrl.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(badUrl.err()).contains("--return-url: 'example.com/account' is not an http:// or https:// URL");
    assertThat(fake.requests()).isEmpty();

    CliRun.Result dry = op("portal", sub, "--dry-run");
    assertThat(dry.exitCode()).as(dry.all()).isZero();
    assertThat(dry.out()).contains("Would send POST /v1/billing_portal/sessions customer=cus_").contains("no link was made");

    cli.key(CliRun.LIVE_KEY);
    CliRun.Result noLive = op("portal", sub);
    CliRun.Result unconfirmed = op("portal", sub, "--live");
    assertThat(noLive.exitCode()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(unconfirmed.exitCode()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(unconfirmed.err()).contains("LIVE MODE: Will make a Billing Portal link for customer cus_");
    assertThat(sessions()).isEmpty();
  }
}
