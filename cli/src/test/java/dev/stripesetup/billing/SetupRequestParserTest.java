package dev.stripesetup.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.stripesetup.stripe.Interval;
import dev.stripesetup.stripe.Money;

class SetupRequestParserTest {

  private static SetupRequestParser.Raw raw(String amount, String currency, String interval, String count) {
    return SetupRequestParser.Raw.builder().name("Jenny Rosen").email("Jenny@Example.com").amount(amount)
        .currency(currency).interval(interval).intervalCount(count).build();
  }

  @Test
  void defaultsAreAMonthlyUsdPlanOnAVisaTestCard() {
    SetupRequest r = SetupRequestParser.parse(raw("20", null, null, null));
    assertThat(r.email()).isEqualTo("jenny@example.com");
    assertThat(r.amount()).isEqualTo(new Money(2000, "usd"));
    assertThat(r.interval()).isEqualTo(Interval.MONTH);
    assertThat(r.intervalCount()).isEqualTo(1);
    assertThat(r.testCard()).isEqualTo(TestCard.VISA);
    assertThat(r.planInWords()).isEqualTo("$20.00 USD every month");
  }

  @Test
  void identicalInputsGiveTheSameRunAndLookupKey() {
    SetupRequest a = SetupRequestParser.parse(raw("20", "usd", "month", "1"));
    SetupRequest b = SetupRequestParser.parse(raw("20.00", "USD", "MONTH", null));
    assertThat(a.runId()).isEqualTo(b.runId());
    assertThat(a.lookupKey()).isEqualTo(b.lookupKey());
    SetupRequest c = SetupRequestParser.parse(raw("21", "usd", "month", "1"));
    assertThat(c.runId()).isNotEqualTo(a.runId());
    assertThat(c.lookupKey()).isNotEqualTo(a.lookupKey());
  }

  @Test
  void intervalCountIsBoundedToThreeYears() {
    assertThat(SetupRequestParser.parse(raw("20", null, "week", "156")).planInWords())
        .isEqualTo("$20.00 USD every 156 weeks");
    assertThatThrownBy(() -> SetupRequestParser.parse(raw("20", null, "month", "37")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("interval-count").hasMessageContaining("between 1 and 36");
    assertThatThrownBy(() -> SetupRequestParser.parse(raw("20", null, "fortnight", null)))
        .hasMessageContaining("interval: 'fortnight'");
  }

  @Test
  void reservedMetadataKeysAreRefused() {
    var r = SetupRequestParser.Raw.builder().name("J").email("j@example.com").amount("20")
        .metadata(Map.of("created_by", "me")).build();
    assertThatThrownBy(() -> SetupRequestParser.parse(r))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("reserved");
  }

  @Test
  void cardNumbersAreNeverAccepted() {
    var r = SetupRequestParser.Raw.builder().name("J").email("j@example.com").amount("20")
        .paymentMethod("4242424242424242").build();
    assertThatThrownBy(() -> SetupRequestParser.parse(r)).hasMessageContaining("card numbers are never accepted");
  }
}
