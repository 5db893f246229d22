package dev.stripesetup.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "20, usd, 2000, $20.00 USD",
      "19.99, USD, 1999, $19.99 USD",
      "0.5, eur, 50, €0.50 EUR",
      "2000, jpy, 2000, '¥2,000 JPY'",
      "2000, JPY, 2000, '¥2,000 JPY'",
      "1.010, bhd, 1010, 1.010 BHD",
      "1500, isk, 150000, '1,500.00 ISK'",
      "999999.99, usd, 99999999, '$999,999.99 USD'",
      "12.5, chf, 1250, 12.50 CHF",
  })
  void convertsMajorUnitsWithStripesExponent(String amount, String currency, long minor, String formatted) {
    Money m = Money.parse(amount, currency);
    assertThat(m.minorUnits()).isEqualTo(minor);
    assertThat(m.currency()).isEqualTo(currency.toLowerCase());
    assertThat(m.format()).isEqualTo(formatted);
  }

  @ParameterizedTest(name = "{0} {1} refused: {2}")
  @CsvSource({
      "0, usd, greater than zero",
      "0.00, usd, greater than zero",
      "-5, usd, greater than zero",
      "20.001, usd, at most 2 decimals",
      "20.5, jpy, whole amounts",
      "1.005, bhd, multiple of 0.010",
      "10.5, isk, whole amounts",
      "1000000, usd, maximum",
      "abc, usd, not an amount",
      "1e3, usd, not an amount",
      "'1,000', usd, not an amount",
      "'', usd, not an amount",
  })
  void refusesAmountsStripeWouldNotTake(String amount, String currency, String reason) {
    assertThatThrownBy(() -> Money.parse(amount, currency))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }

  @ParameterizedTest
  @CsvSource({"us", "dollars", "xyz", "12a"})
  void refusesUnknownCurrencies(String currency) {
    assertThatThrownBy(() -> Money.normalizeCurrency(currency)).hasMessageContaining("ISO 4217");
  }
}
