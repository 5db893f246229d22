package dev.stripesetup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiKeyTest {
  @Test
  void masksKeepTheKindAndTheLastFourOnly() {
    assertThat(ApiKey.mask("sk_test_51FakeKeyForTestsOnly4242")).isEqualTo("sk_test_...4242");
    assertThat(ApiKey.mask("rk_live_51FakeKeyForTestsOnly9999")).isEqualTo("rk_live_...9999");
    assertThat(ApiKey.mask("whsec_test_secret_value_abcd")).isEqualTo("whsec_...abcd");
    assertThat(ApiKey.mask("whsec_abcdefghijklmnop")).isEqualTo("whsec_...mnop");
    assertThat(ApiKey.mask("sk_test_short")).isEqualTo("sk_test_...");
  }

  @Test
  void toStringNeverRevealsTheKey() {
    ApiKey key = ApiKey.of("sk_test_51FakeKeyForTestsOnly4242", "test");
    assertThat(key.toString()).isEqualTo("sk_test_...4242");
    assertThat(key.mode()).isEqualTo("test");
    assertThat(ApiKey.of("rk_live_51FakeKeyForTestsOnly9999", "t").isLive()).isTrue();
  }

  @Test
  void otherKindsOfKeysAreRefusedWithoutEchoingThem() {
    assertThatThrownBy(() -> ApiKey.of("pk_test_abcdef1234567890", "env"))
        .hasMessageContaining("publishable").hasMessageNotContaining("abcdef1234567890");
    assertThatThrownBy(() -> ApiKey.of("whsec_abcdef1234567890", "env"))
        .hasMessageContaining("does not look like").hasMessageNotContaining("abcdef1234567890");
  }

  /** A key is letters, digits and underscores; a stray character from copying would be sent as part of it. */
  @Test
  void aStrayCharacterIsRefusedNamingWhereTheKeyCameFromWithoutEchoingIt() {
    String key = "sk_test_51FakeKeyForTestsOnly4242";
    for (String bad : new String[] {key + "\\", key + "\"", key + "-", "sk_test_51Fake.KeyForTests4242", key + "é"}) {
      assertThatThrownBy(() -> ApiKey.of(bad, ".env line 3 (STRIPE_API_KEY)")).as(ApiKey.mask(bad))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("the key from .env line 3 (STRIPE_API_KEY)")
          .hasMessageContaining("letters, digits and _")
          .hasMessageNotContaining("51FakeKeyForTestsOnly");
    }
  }

  @Test
  void thePlaceholderFromEnvExampleIsExplained() {
    assertThatThrownBy(() -> ApiKey.of("sk_test_replace_me", ".env (STRIPE_API_KEY)"))
        .hasMessageContaining("still the placeholder from .env.example");
  }
}
