package dev.stripesetup.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stripesetup.billing.SetupRequest;
import dev.stripesetup.billing.SetupRequestParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dry-run plan lists the calls the chain really makes (issue 14 items 1 and 13). */
class DryRunPlanTest {
  static SetupRequest request(String email, String paymentMethod) {
    return SetupRequestParser.parse(SetupRequestParser.Raw.builder().name("Jenny").email(email).amount("20")
        .paymentMethod(paymentMethod).build());
  }

  @Test
  void theEmailIsLookedUpAsTypedAndLowerCasedAndAGivenPaymentMethodIsReadFirst() {
    List<DryRunPlan.Call> calls = DryRunPlan.calls(request("Jenny@Example.com", "pm_1Given"));

    assertThat(calls).filteredOn(c -> c.path().equals("/v1/customers") && c.method().equals("GET"))
        .extracting(c -> c.round() + " " + c.params().get("email"))
        .containsExactly("1 jenny@example.com", "1 Jenny@Example.com");
    assertThat(calls).filteredOn(c -> c.path().equals("/v1/payment_methods/pm_1Given"))
        .extracting(c -> c.round() + " " + c.method()).containsExactly("1 GET");
  }

  @Test
  void aNewCustomerComesWithItsTestCardAndAnExistingOneGetsItAttachedOnceTheSubscriptionsAreChecked() {
    List<DryRunPlan.Call> calls = DryRunPlan.calls(request("jenny@example.com", null));

    assertThat(calls).noneMatch(c -> c.method().equals("POST") && c.path().equals("/v1/payment_methods"));
    assertThat(calls).filteredOn(c -> c.method().equals("POST") && c.path().equals("/v1/customers"))
        .singleElement().satisfies(c -> assertThat(c.params())
            .containsEntry("payment_method", "pm_card_visa")
            .containsEntry("invoice_settings[default_payment_method]", "pm_card_visa"));
    assertThat(calls).filteredOn(c -> c.path().equals("/v1/payment_methods/pm_card_visa/attach"))
        .extracting(DryRunPlan.Call::when).singleElement().asString().contains("already existed");
    assertThat(calls).filteredOn(c -> c.method().equals("GET") && c.path().equals("/v1/subscriptions"))
        .extracting(DryRunPlan.Call::when).singleElement().asString().contains("--allow-second-subscription");
  }
}
