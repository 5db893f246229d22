package dev.stripesetup.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stripesetup.billing.Collect;
import dev.stripesetup.billing.SetupRequest;
import dev.stripesetup.billing.SetupRequestParser;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --dry-run with --collect lists the link or invoice calls, with the parameters Stripe's rules ask for. */
class DryRunCollectTest {
  static SetupRequest jenny() {
    return SetupRequestParser.parse(SetupRequestParser.Raw.builder().name("Jenny Rosen")
        .email("jenny@example.com").amount("20").trialDays("7").build());
  }

  @Test
  void checkoutPlanCreatesASubscriptionModeSessionAndNoPaymentMethod() {
    List<DryRunPlan.Call> calls = DryRunPlan.calls(jenny(), new DryRunPlan.Collecting(Collect.CHECKOUT,
        "https://example.com/thanks", Duration.ofHours(2), 0));

    assertThat(calls).extracting(c -> c.method() + " " + c.path()).doesNotContain("POST /v1/payment_methods")
        .noneMatch(s -> s.contains("/attach")).contains("GET /v1/checkout/sessions", "POST /v1/checkout/sessions");
    DryRunPlan.Call create = calls.stream().filter(c -> c.method().equals("POST")
        && c.path().equals("/v1/checkout/sessions")).findFirst().orElseThrow();
    assertThat(create.params()).containsEntry("mode", "subscription").containsEntry("customer", "{customer}")
        .containsEntry("line_items[0][price]", "{price}").containsEntry("line_items[0][quantity]", "1")
        .containsEntry("success_url", "https://example.com/thanks")
        .containsEntry("subscription_data[trial_period_days]", "7")
        .containsEntry("metadata[created_by]", "stripe-setup").containsKey("metadata[stripe_setup_price]");
    long expiresIn = Long.parseLong(create.params().get("expires_at")) - System.currentTimeMillis() / 1000;
    assertThat(expiresIn).isBetween(2 * 3600L - 5, 2 * 3600L);
    assertThat(create.idempotencyKey()).contains(":checkout:{customer}:{price}");
  }

  @Test
  void invoicePlanCreatesASendInvoiceSubscription() {
    List<DryRunPlan.Call> calls = DryRunPlan.calls(jenny(), new DryRunPlan.Collecting(Collect.INVOICE, null, null, 14));

    DryRunPlan.Call last = calls.get(calls.size() - 1);
    assertThat(last.path()).isEqualTo("/v1/subscriptions");
    assertThat(last.params()).containsEntry("collection_method", "send_invoice").containsEntry("days_until_due", "14")
        .doesNotContainKey("default_payment_method");
    assertThat(calls).extracting(DryRunPlan.Call::path).doesNotContain("/v1/payment_methods");
  }
}
