package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stripesetup.config.KeychainStore;
import dev.stripesetup.config.PrivateSecretService;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** login, logout, config and the keychain as the last place a run finds its key, on a private Secret Service. */
class KeychainCommandTest extends FakeStripeCli {
  static PrivateSecretService service;
  final KeychainStore store = KeychainStore.of(Map.of(KeychainStore.SERVICE_VARIABLE, PrivateSecretService.TEST_SERVICE));

  @BeforeAll
  static void startSecretService() throws Exception {
    service = PrivateSecretService.start();
  }

  @AfterAll
  static void stopSecretService() {
    if (service != null) {
      service.close();
    }
  }

  @BeforeEach
  void noKeyButTheKeychain() {
    cli.key(null);
    service.env().forEach(cli::env);
  }

  @AfterEach
  void forget() {
    store.delete();
  }

  @Test
  void loginChecksAndStoresTheKeyRunsUseItAndLogoutRemovesIt() {
    CliRun.Result login = cli.terminal(CliRun.TEST_KEY).run("login", "--api-base", fake.baseUrl());
    assertThat(login.exitCode()).as(login.all()).isZero();
    assertThat(login.err()).contains("not shown");
    assertThat(login.out()).contains("Stored test key sk_test_...4242 in the OS keychain (service stripe-setup-test)");
    assertThat(fake.requests()).hasSize(1).allMatch(q -> q.method().equals("GET") && q.path().startsWith("/v1/customers"));
    assertThat(store.read()).isEqualTo(CliRun.TEST_KEY);

    CliRun.Result config = cli.run("config");
    assertThat(config.exitCode()).as(config.all()).isZero();
    assertThat(config.out()).contains("STRIPE_API_KEY         sk_test_...4242  from the OS keychain (service stripe-setup-test)")
        .doesNotContain("not used");

    CliRun.Result chain = run(JENNY);
    assertThat(chain.exitCode()).as(chain.all()).isZero();
    assertThat(chain.err().lines().findFirst().orElse(""))
        .isEqualTo("Using test key sk_test_...4242 from the OS keychain (service stripe-setup-test)");

    // The environment wins over the keychain, and config says which is used.
    CliRun.Result both = cli.env("STRIPE_API_KEY", "sk_test_fake_environment_key").run("config");
    assertThat(both.out()).contains("sk_test_...4242  from the OS keychain (service stripe-setup-test)  (not used: an earlier source wins)")
        .contains("from environment variable STRIPE_API_KEY\n");
    cli.env("STRIPE_API_KEY", null);

    CliRun.Result logout = cli.run("logout");
    assertThat(logout.exitCode()).isZero();
    assertThat(logout.out()).contains("Removed the API key from the OS keychain (service stripe-setup-test)");
    assertThat(store.read()).isNull();
    assertThat(cli.run("config").out()).contains("nothing stored");
  }

  @Test
  void aKeyPipedOnStdinThatStripeRejectsIsNotStored() {
    fake.rejectKey(CliRun.TEST_KEY);
    CliRun.Result r = cli.stdin(CliRun.TEST_KEY + "\n").run("login", "--api-base", fake.baseUrl());
    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.AUTHENTICATION);
    assertThat(store.read()).isNull();
  }

  @Test
  void aKeyPipedOnStdinIsCheckedAndStored() {
    CliRun.Result r = cli.stdin(CliRun.TEST_KEY + "\n").run("login", "--api-base", fake.baseUrl());
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.err()).doesNotContain("not shown");
    assertThat(store.read()).isEqualTo(CliRun.TEST_KEY);
  }

  /** A person typing at a terminal while the output is redirected: the key would be echoed. */
  @Test
  @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
  void aTerminalOnStdinWithoutAConsoleIsRefusedBeforeTheKeyIsRead() {
    CliRun.Result r = cli.inputTerminal().stdin(CliRun.TEST_KEY + "\n").run("login", "--api-base", fake.baseUrl());
    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.CONFIG);
    assertThat(r.err()).contains("the key would be shown as you type it");
    assertThat(fake.requests()).isEmpty();
    assertThat(store.read()).isNull();
  }

  @Test
  void aLiveKeyFromTheKeychainStillNeedsLive() {
    store.store(CliRun.LIVE_KEY);
    CliRun.Result r = cli.run("status", "sub_123", "--api-base", fake.baseUrl());
    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(r.err()).contains("--live").contains("the OS keychain");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void withoutAKeychainLoginIsOneConfigurationLine() {
    CliRun.requireInProcess("the test JVM's D-Bus address");
    System.setProperty(PrivateSecretService.ADDRESS, "unix:path=" + dir.resolve("no-bus"));
    try {
      CliRun.Result r = cli.terminal(CliRun.TEST_KEY).run("login", "--api-base", fake.baseUrl());
      assertThat(r.exitCode()).isEqualTo(ExitCode.CONFIG);
      assertThat(r.err().strip()).startsWith("error: no OS keychain available (").doesNotContain("\n")
          .doesNotContain("Exception").doesNotContain("not shown");
      CliRun.Result config = cli.run("config");
      assertThat(config.exitCode()).isZero();
      assertThat(config.out()).contains("OS keychain: no OS keychain available");
    } finally {
      System.setProperty(PrivateSecretService.ADDRESS, service.address);
    }
  }
}
