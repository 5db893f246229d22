package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

/** --coupon, --promotion-code and --allow-promotion-codes through the command line against the fake. */
class DiscountCommandTest extends FakeStripeCli {

  private JsonObject onlyInvoice() {
    assertThat(fake.count("invoice")).isEqualTo(1);
    return fake.objects("invoice").get(0);
  }

  @Test
  void aCouponReducesTheFirstInvoiceAndIsShownInTheSummary() throws Exception {
    new Seed(fake).coupon("SUMMER", 20, 3L);

    CliRun.Result r = run(with(JENNY, "--coupon", "SUMMER"));

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertExactlyOneChain();
    JsonObject sub = fake.objects("subscription").get(0);
    assertThat(sub.getAsJsonArray("discounts")).hasSize(1);
    assertThat(onlyInvoice().get("amount_due").getAsLong()).as("$20 less 20%").isEqualTo(1600);
    assertThat(r.out()).contains("Discount").contains("coupon SUMMER (20% off, 3 months)");
    assertThat(fake.requests()).filteredOn(q -> q.method().equals("POST") && q.path().equals("/v1/subscriptions"))
        .singleElement().satisfies(q -> assertThat(q.params()).containsEntry("discounts[0][coupon]",
            java.util.List.of("SUMMER")));
  }

  @Test
  void aPromotionCodeIsSentAsItsPromoIdAndTheJsonSummaryNamesIt() throws Exception {
    Seed seed = new Seed(fake);
    seed.coupon("TENOFF", 10, null);
    String promo = seed.promotionCode("WELCOME10", "TENOFF").getId();

    CliRun.Result r = run(with(JENNY, "--promotion-code", "WELCOME10", "--json"));

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(onlyInvoice().get("amount_due").getAsLong()).isEqualTo(1800);
    JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(json.get("discount").getAsString()).contains("WELCOME10").contains(promo).contains("10% off, forever");
    assertThat(fake.requests()).filteredOn(q -> q.method().equals("POST") && q.path().equals("/v1/subscriptions"))
        .singleElement().satisfies(q -> assertThat(q.params()).containsEntry("discounts[0][promotion_code]",
            java.util.List.of(promo)));
  }

  @Test
  void anUnknownCouponStopsTheRunBeforeAnythingIsCreated() {
    CliRun.Result r = run(with(JENNY, "--coupon", "NOPE"));

    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--coupon").contains("NOPE").doesNotContain("at dev.");
    assertThat(fake.count("customer")).isZero();
    assertThat(fake.count("price")).isZero();
    assertThat(fake.count("payment_method")).isZero();
    assertThat(fake.count("subscription")).isZero();
    assertThat(fake.requests()).noneMatch(q -> q.method().equals("POST"));
  }

  @Test
  void anInactivePromotionCodeStopsTheRunBeforeAnythingIsCreated() throws Exception {
    Seed seed = new Seed(fake);
    seed.coupon("TENOFF", 10, null);
    String promo = seed.promotionCode("OLD10", "TENOFF").getId();
    seed.deactivatePromotionCode(promo);
    fake.clearRequests();

    CliRun.Result r = run(with(JENNY, "--promotion-code", "OLD10"));

    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--promotion-code").contains("OLD10");
    assertThat(fake.count("customer")).isZero();
    assertThat(fake.requests()).noneMatch(q -> q.method().equals("POST"));
  }

  @Test
  void anAmountOffCouponIsTakenOffOnceInItsCurrencyAndRefusedForAPlanInAnother() throws Exception {
    new Seed(fake).amountOffCoupon("FIVE", 500, "usd");

    CliRun.Result eur = run(with(JENNY, "--currency", "eur", "--coupon", "FIVE"));

    assertThat(eur.exitCode()).as(eur.all()).isEqualTo(ExitCode.USAGE);
    assertThat(eur.err()).contains("--coupon").contains("USD").contains("EUR");
    assertThat(fake.count("customer")).isZero();

    CliRun.Result usd = run(with(JENNY, "--coupon", "FIVE"));
    assertThat(usd.exitCode()).as(usd.all()).isZero();
    assertThat(onlyInvoice().get("amount_due").getAsLong()).isEqualTo(1500);
    assertThat(usd.out()).contains("coupon FIVE ($5.00 USD off, once)");
  }

  @Test
  void couponAndPromotionCodeTogetherAreRefusedWithNothingSent() {
    CliRun.Result r = run(with(JENNY, "--coupon", "SUMMER", "--promotion-code", "WELCOME10"));

    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--coupon").contains("--promotion-code").contains("not both");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void aReRunWithTheSameCouponChangesNothing() throws Exception {
    new Seed(fake).coupon("SUMMER", 20, 3L);
    assertThat(run(with(JENNY, "--coupon", "SUMMER")).exitCode()).isZero();
    fake.clearRequests();

    CliRun.Result again = run(with(JENNY, "--coupon", "SUMMER"));

    assertThat(again.exitCode()).as(again.all()).isZero();
    assertThat(again.out()).contains("Already subscribed");
    assertExactlyOneChain();
    assertThat(fake.count("invoice")).isEqualTo(1);
    assertThat(fake.requests()).noneMatch(q -> q.method().equals("POST"));
  }

  @Test
  void aReRunWithAnotherDiscountFindsTheSubscriptionAndLeavesItsDiscountAlone() throws Exception {
    Seed seed = new Seed(fake);
    seed.coupon("SUMMER", 20, 3L);
    seed.coupon("WINTER", 50, null);
    assertThat(run(with(JENNY, "--coupon", "SUMMER")).exitCode()).isZero();

    CliRun.Result other = run(with(JENNY, "--coupon", "WINTER"));

    assertThat(other.exitCode()).as(other.all()).isZero();
    assertThat(other.err()).contains("keeps its own discounts");
    assertExactlyOneChain();
    assertThat(fake.objects("discount")).hasSize(1);
  }

  @Test
  void anInvoicedSubscriptionGetsTheDiscountToo() throws Exception {
    new Seed(fake).coupon("SUMMER", 20, 3L);

    CliRun.Result r = run(with(JENNY, "--collect", "invoice", "--coupon", "SUMMER"));

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(onlyInvoice().get("amount_due").getAsLong()).isEqualTo(1600);
    assertThat(r.out()).contains("coupon SUMMER (20% off, 3 months)");
  }

  @Test
  void checkoutWithAllowPromotionCodesAsksStripeForTheCodeBox() {
    CliRun.Result r = run(with(JENNY, "--collect", "checkout", "--success-url", "https://example.com/thanks",
        "--allow-promotion-codes", "--no-wait"));

    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.LINK_NOT_COMPLETED);
    assertThat(fake.requests()).filteredOn(q -> q.method().equals("POST") && q.path().equals("/v1/checkout/sessions"))
        .singleElement().satisfies(q -> assertThat(q.params()).containsEntry("allow_promotion_codes",
            java.util.List.of("true")));
  }

  @Test
  void checkoutWithACouponPassesItToTheSessionAndItsSubscription() throws Exception {
    new Seed(fake).coupon("SUMMER", 20, 3L);

    CliRun.Result r = run(with(JENNY, "--collect", "checkout", "--success-url", "https://example.com/thanks",
        "--coupon", "SUMMER", "--no-wait"));

    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.LINK_NOT_COMPLETED);
    String session = fake.objects("checkout.session").get(0).get("id").getAsString();
    fake.completeCheckoutSession(session, "tok_visa");
    assertThat(onlyInvoice().get("amount_due").getAsLong()).isEqualTo(1600);
  }

  @Test
  void allowPromotionCodesWithACouponIsRefusedUpFront() {
    CliRun.Result r = run(with(JENNY, "--collect", "checkout", "--success-url", "https://example.com/thanks",
        "--allow-promotion-codes", "--coupon", "SUMMER", "--no-wait"));

    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--allow-promotion-codes").contains("--coupon");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void allowPromotionCodesWithoutCheckoutIsRefused() {
    CliRun.Result r = run(with(JENNY, "--allow-promotion-codes"));

    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("--allow-promotion-codes").contains("--collect checkout");
  }

  @Test
  void theDryRunShowsTheDiscountItsCheckAndTheSubscriptionParam() {
    CliRun.Result r = run(with(JENNY, "--coupon", "SUMMER", "--dry-run"));

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains("Discount: coupon SUMMER").contains("GET /v1/coupons/SUMMER")
        .contains("discounts[0][coupon]=SUMMER");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void theDryRunOfAPromotionCodeShowsItsLookUp() {
    CliRun.Result r = run(with(JENNY, "--promotion-code", "WELCOME10", "--dry-run"));

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains("Discount: promotion code WELCOME10").contains("GET /v1/promotion_codes")
        .contains("code=WELCOME10").contains("discounts[0][promotion_code]={promotion_code_id}");
  }
}
