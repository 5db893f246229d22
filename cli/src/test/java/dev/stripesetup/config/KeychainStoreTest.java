package dev.stripesetup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key in a real (private) Secret Service, and its place last in the lookup order. */
class KeychainStoreTest {
  static PrivateSecretService service;
  static final Map<String, String> ENV = Map.of(KeychainStore.SERVICE_VARIABLE, PrivateSecretService.TEST_SERVICE);

  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws Exception {
    service = PrivateSecretService.start();
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @AfterEach
  void forget() {
    KeychainStore.of(ENV).delete();
  }

  @Test
  void storesReadsAndDeletesTheKey() {
    KeychainStore store = KeychainStore.of(ENV);
    assertThat(store.read()).isNull();
    store.store("sk_test_fake_stored");
    assertThat(store.read()).isEqualTo("sk_test_fake_stored");
    // Another service name is another entry.
    assertThat(KeychainStore.of(Map.of(KeychainStore.SERVICE_VARIABLE, "stripe-setup-other")).read()).isNull();
    assertThat(store.delete()).isTrue();
    assertThat(store.read()).isNull();
    assertThat(store.delete()).isFalse();
  }

  @Test
  void theKeychainComesAfterTheEnvironmentAndTheEnvFile() throws Exception {
    KeychainStore.of(ENV).store("sk_test_fake_keychain");

    ApiKey fromKeychain = Secrets.load(ENV, dir, null, w -> { }).apiKey();
    assertThat(fromKeychain.reveal()).isEqualTo("sk_test_fake_keychain");
    assertThat(fromKeychain.source()).isEqualTo("the OS keychain (service stripe-setup-test)");

    Files.writeString(dir.resolve(".env"), "STRIPE_API_KEY=sk_test_fake_dotenv\n");
    assertThat(Secrets.load(ENV, dir, null, w -> { }).apiKey().reveal()).isEqualTo("sk_test_fake_dotenv");

    Map<String, String> env = Map.of(KeychainStore.SERVICE_VARIABLE, PrivateSecretService.TEST_SERVICE,
        "STRIPE_API_KEY", "sk_test_fake_environment");
    assertThat(Secrets.load(env, dir, null, w -> { }).apiKey().reveal()).isEqualTo("sk_test_fake_environment");
  }

  @Test
  void noKeychainIsOneLineAndKeyLookupStillSaysWhatToDo() {
    // A bus address where nothing listens: what a headless server without a session bus amounts to.
    System.setProperty(PrivateSecretService.ADDRESS, "unix:path=" + dir.resolve("no-bus"));
    try {
      assertThatThrownBy(() -> KeychainStore.of(ENV).store("sk_test_fake_nowhere"))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("no OS keychain available (")
          .hasMessageContaining("set STRIPE_API_KEY in the environment or in .env instead")
          .hasMessageNotContaining("\n").hasMessageNotContaining("sk_test_fake_nowhere");
      assertThatThrownBy(() -> Secrets.load(ENV, dir, null, w -> { }).apiKey())
          .isInstanceOf(ConfigException.class).hasMessageContaining("no Stripe API key")
          .hasMessageContaining("stripe-setup login");
    } finally {
      System.setProperty(PrivateSecretService.ADDRESS, service.address);
    }
  }
}
