package dev.stripesetup.cli;

import dev.stripesetup.fake.FakeStripe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Base for command tests: a fresh fake Stripe per test and a CLI runner pointed at it. */
abstract class FakeStripeCli {
  static final String[] JENNY = {"--name", "Jenny Rosen", "--email", "jenny@example.com", "--amount", "20"};

  @TempDir
  Path dir;
  FakeStripe fake;
  CliRun cli;

  @BeforeEach
  void startFake() {
    fake = FakeStripe.start();
    cli = new CliRun(dir).key(CliRun.TEST_KEY).env("STRIPE_SETUP_MAX_RETRIES", "2");
  }

  @AfterEach
  void stopFake() {
    fake.close();
  }

  CliRun.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of("--api-base", fake.baseUrl()));
    all.addAll(List.of(args));
    return cli.run(all.toArray(String[]::new));
  }

  static String[] with(String[] base, String... more) {
    List<String> all = new ArrayList<>(List.of(base));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  /** Exactly one of each object of the chain, the payment method attached to the customer. */
  void assertExactlyOneChain() {
    org.assertj.core.api.Assertions.assertThat(fake.count("customer")).as("customers").isEqualTo(1);
    org.assertj.core.api.Assertions.assertThat(fake.count("price")).as("prices").isEqualTo(1);
    org.assertj.core.api.Assertions.assertThat(fake.count("product")).as("products").isEqualTo(1);
    org.assertj.core.api.Assertions.assertThat(fake.count("subscription")).as("subscriptions").isEqualTo(1);
    String cus = fake.objects("customer").get(0).get("id").getAsString();
    org.assertj.core.api.Assertions.assertThat(fake.objects("payment_method"))
        .as("payment methods attached to the customer")
        .filteredOn(pm -> pm.has("customer") && !pm.get("customer").isJsonNull()
            && pm.get("customer").getAsString().equals(cus))
        .hasSize(1);
    org.assertj.core.api.Assertions.assertThat(fake.objects("subscription").get(0).get("status").getAsString())
        .isEqualTo("active");
  }
}
