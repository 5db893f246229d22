package dev.stripesetup.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiBaseCredentialsTest {
  @Test
  void credentialsInTheUrlAreNeverKept() {
    assertThat(ApiBaseCredentials.withoutUserInfo("https://user:s3cret@proxy.example.com:8443/stripe"))
        .isEqualTo("https://proxy.example.com:8443/stripe");
    assertThat(ApiBaseCredentials.withoutUserInfo("http://token@127.0.0.1:12111")).isEqualTo("http://127.0.0.1:12111");
    assertThat(ApiBaseCredentials.withoutUserInfo("https://api.stripe.com")).isEqualTo("https://api.stripe.com");
    assertThat(ApiBaseCredentials.withoutUserInfo(null)).isNull();
  }

  @Test
  void theUrlWithCredentialsHasAMaskedForm() {
    assertThat(ApiBaseCredentials.masked("https://user:s3cret@proxy.example.com")).isEqualTo("https://***@proxy.example.com");
    assertThat(ApiBaseCredentials.userInfo("https://user:s3cret@proxy.example.com")).isEqualTo("user:s3cret");
    assertThat(ApiBaseCredentials.userInfo("https://proxy.example.com")).isNull();
    assertThat(ApiBaseCredentials.masked("https://user:s3cret@bad host")).isEqualTo("https://***@bad host");
  }
}
