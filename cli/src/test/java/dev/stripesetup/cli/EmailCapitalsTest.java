package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 19 item 2: a customer stored as Checkout or the Dashboard keeps the email
 * ({@code Mary.Dash@Example.com}) is found by every path whatever the capitals typed, through the
 * case-insensitive Search API; the exact-case list covers search's lag and a server without search.
 */
class EmailCapitalsTest extends FakeStripeCli {
  static final String STORED = "Mary.Dash@Example.com";

  private String seedCustomer(String email) throws Exception {
    return new Seed(fake).customer(email, Map.of()).getId();
  }

  private String[] mary(String typed, String... more) {
    return with(new String[] {"--name", "Mary Dash", "--email", typed, "--amount", "20"}, more);
  }

  @ParameterizedTest(name = "stored {0}, typed {1}")
  @CsvSource({
      "Mary.Dash@Example.com, mary.dash@example.com",
      "Mary.Dash@Example.com, MARY.DASH@EXAMPLE.COM",
      "mary.dash@example.com, Mary.Dash@example.COM",
  })
  void cardRunUsesTheCustomerStoredWithOtherCapitals(String stored, String typed) throws Exception {
    String cus = seedCustomer(stored);

    CliRun.Result r = run(mary(typed));

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(fake.count("customer")).isEqualTo(1);
    assertThat(fake.objects("subscription").get(0).get("customer").getAsString()).isEqualTo(cus);
  }

  @Test
  void collectPathsFindItToo() throws Exception {
    String cus = seedCustomer(STORED);

    CliRun.Result invoice = run(mary("mary.dash@example.com", "--collect", "invoice"));
    CliRun.Result checkout = run(mary("MARY.DASH@example.com", "--collect", "checkout", "--success-url",
        "https://example.com/thanks", "--no-wait"));

    assertThat(invoice.exitCode()).as(invoice.all()).isZero();
    assertThat(checkout.exitCode()).as(checkout.all()).isZero();
    assertThat(checkout.out()).contains("Already subscribed");
    assertThat(fake.count("customer")).isEqualTo(1);
    assertThat(fake.objects("subscription").get(0).get("customer").getAsString()).isEqualTo(cus);
  }

  @Test
  void twoCustomersWhoseEmailsDifferOnlyInCapitalsAreAmbiguous() throws Exception {
    seedCustomer(STORED);
    seedCustomer("MARY.DASH@EXAMPLE.COM");

    CliRun.Result r = run(mary("mary.dash@example.com"));

    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.AMBIGUOUS_CUSTOMER);
    assertThat(fake.count("subscription")).isZero();
  }

  @Test
  void aCustomerJustMadeIsFoundThroughTheListWhileSearchLags() {
    fake.setSearchLagMillis(60_000);
    CliRun.Result first = run(mary("mary.dash@example.com", "--description", "one"));
    CliRun.Result second = run(mary("mary.dash@example.com", "--description", "two"));

    assertThat(first.exitCode()).as(first.all()).isZero();
    assertThat(second.exitCode()).as(second.all()).isZero();
    assertThat(fake.count("customer")).isEqualTo(1);
    assertThat(fake.count("subscription")).isEqualTo(1);
  }

  @Test
  void aServerWithoutSearchStillWorksThroughTheList() {
    fake.setSearchEnabled(false);
    CliRun.Result first = run(mary("mary.dash@example.com"));
    CliRun.Result second = run(mary("mary.dash@example.com"));

    assertThat(first.exitCode()).as(first.all()).isZero();
    assertThat(second.exitCode()).as(second.all()).isZero();
    assertThat(second.out()).contains("Already subscribed");
    assertThat(fake.count("customer")).isEqualTo(1);
  }

  @Test
  void statusAndCleanupByEmailFindIt() throws Exception {
    String cus = seedCustomer(STORED);
    assertThat(run(mary("mary.dash@example.com")).exitCode()).isZero();
    // Made by the tool, so that cleanup may take it.
    com.stripe.StripeClient.builder().setApiKey(CliRun.TEST_KEY).setApiBase(fake.baseUrl()).build()
        .v1().customers().update(cus, com.stripe.param.CustomerUpdateParams.builder()
            .putAllMetadata(Seed.TOOL).build());

    CliRun.Result status = cli.run("status", "mary.dash@example.com", "--api-base", fake.baseUrl());
    CliRun.Result cleanup = cli.run("cleanup", "--email", "MARY.DASH@example.com", "--dry-run", "--json",
        "--api-base", fake.baseUrl());

    assertThat(status.exitCode()).as(status.all()).isZero();
    assertThat(status.out()).contains(cus).doesNotContain("No subscriptions");
    assertThat(cleanup.exitCode()).as(cleanup.all()).isZero();
    assertThat(cleanup.out()).contains(cus);
  }

  @Test
  void batchRowsFindItToo() throws Exception {
    String cus = seedCustomer(STORED);
    Path file = dir.resolve("customers.csv");
    Files.writeString(file, "name,email,amount\nMary Dash,mary.dash@example.com,20\n", StandardCharsets.UTF_8);

    CliRun.Result r = cli.run("batch", file.toString(), "--api-base", fake.baseUrl());

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(fake.count("customer")).isEqualTo(1);
    JsonObject sub = fake.objects("subscription").get(0);
    assertThat(sub.get("customer").getAsString()).isEqualTo(cus);
  }
}
