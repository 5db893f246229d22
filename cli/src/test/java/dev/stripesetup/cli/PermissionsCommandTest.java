package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

/** {@code stripe-setup permissions}, and the 403 line that names the permission a call needed. */
class PermissionsCommandTest extends FakeStripeCli {
  static final String RESTRICTED_KEY = "rk_test_51FakeRestrictedKeyForTests000000000000000007777";

  @Test
  void listsWhatACommandNeedsAsTheDashboardNamesIt() {
    CliRun.Result r = cli.run("permissions", "cancel");
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains("Create restricted key").contains("cancel")
        .contains("  Subscriptions: Write").contains("  Customers: Read").doesNotContain("Test clocks");

    CliRun.Result all = cli.run("permissions");
    assertThat(all.out()).contains("setup --collect checkout").contains("  Checkout Sessions: Write")
        .contains("simulate").contains("  Test clocks: Write").contains("One key for every command:")
        .contains("failures").contains("none: it makes no call to Stripe");
  }

  @Test
  void jsonListsEachRowsPermissions() {
    CliRun.Result r = cli.run("permissions", "setup", "--json");
    assertThat(r.exitCode()).as(r.all()).isZero();
    JsonObject doc = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(doc.get("ok").getAsBoolean()).isTrue();
    JsonArray rows = doc.getAsJsonArray("commands");
    assertThat(rows).hasSize(4);
    JsonObject invoice = rows.get(2).getAsJsonObject();
    assertThat(invoice.get("variant").getAsString()).isEqualTo("--collect invoice");
    assertThat(invoice.getAsJsonArray("permissions")).anySatisfy(p -> {
      assertThat(p.getAsJsonObject().get("resource").getAsString()).isEqualTo("Subscriptions");
      assertThat(p.getAsJsonObject().get("access").getAsString()).isEqualTo("write");
    });
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    CliRun.Result r = cli.run("permissions", "subscribe");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("no command 'subscribe'").contains("setup, batch");
  }

  @Test
  void aRefusedCallSaysWhichPermissionItNeededAndWhatStripeSaid() {
    cli.key(RESTRICTED_KEY);
    fake.forbid("POST", "/v1/subscriptions");
    CliRun.Result r = run(JENNY);
    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.PERMISSION);
    assertThat(r.err()).contains("create subscription failed: POST /v1/subscriptions needs ")
        .contains("Subscriptions: Write").contains("does not have the required permissions")
        .contains("stripe-setup permissions").doesNotContain(RESTRICTED_KEY);

    fake.forbid("GET", "/v1/customers");
    CliRun.Result j = run("--name", "Bob Smith", "--email", "bob@example.com", "--amount", "20", "--json");
    assertThat(j.exitCode()).as(j.all()).isEqualTo(ExitCode.PERMISSION);
    JsonObject error = JsonParser.parseString(j.out()).getAsJsonObject().getAsJsonObject("error");
    assertThat(error.get("call").getAsString()).isEqualTo("GET /v1/customers");
    // The chain's look-up expands the customer's invoice default card (a re-run uses it as it is).
    assertThat(error.getAsJsonArray("needs").toString()).isEqualTo("[\"Customers: Read\",\"PaymentMethods: Read\"]");
  }
}
