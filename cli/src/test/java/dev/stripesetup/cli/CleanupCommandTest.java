package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.stripesetup.fake.FakeStripe.Fault;
import dev.stripesetup.fake.FakeStripe.RecordedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** stripe-setup cleanup: test mode only; finds the tool's objects by metadata, lists, asks, finishes on re-run. */
class CleanupCommandTest extends OperateCli {

  private List<RecordedRequest> writes() {
    return fake.requests().stream().filter(q -> !q.method().equals("GET")).toList();
  }

  private boolean active(String id) {
    return fake.get(id).get("active").getAsBoolean();
  }

  private boolean deleted(String id) {
    JsonObject o = fake.get(id);
    return o.has("deleted") && o.get("deleted").getAsBoolean();
  }

  private String customerOf(String sub) {
    return fake.get(sub).get("customer").getAsString();
  }

  private String priceOf(String sub) {
    return fake.get(sub).getAsJsonObject("items").getAsJsonArray("data").get(0).getAsJsonObject()
        .getAsJsonObject("price").get("id").getAsString();
  }

  private String productOf(String price) {
    return fake.get(price).get("product").getAsString();
  }

  private String runOf(String sub) {
    return fake.get(sub).getAsJsonObject("metadata").get("stripe_setup_run").getAsString();
  }

  @Test
  void aLiveKeyIsRefusedOutrightBeforeAnyCall() {
    subscribe("Jenny Rosen", "jenny@example.com", "20");
    cli.key(CliRun.LIVE_KEY);

    for (String[] args : List.of(new String[] {}, new String[] {"--yes"}, new String[] {"--dry-run"})) {
      CliRun.Result r = op("cleanup", args);
      assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.LIVE_REFUSED);
      assertThat(r.err()).contains("cleanup runs only with a test key").contains("sk_live_...9999");
    }
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void cancelsDeletesAndArchivesOnlyWhatTheToolCreated() throws Exception {
    String jenny = subscribe("Jenny Rosen", "jenny@example.com", "20");
    String bob = subscribe("Bob Smith", "bob@example.com", "30");
    Seed seed = new Seed(fake);
    String otherCus = seed.customer("other@example.com", Map.of()).getId();
    String otherPrice = seed.price(900, Map.of()).getId();
    String otherSub = seed.subscription(otherCus, otherPrice, Map.of()).getId();
    fake.clearRequests();

    CliRun.Result r = op("cleanup", "--yes");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains("Found (created_by=stripe-setup), test mode:")
        .contains("Cancel subscription   " + jenny).contains("Cancel subscription   " + bob)
        .contains("Delete customer       " + customerOf(jenny) + "  (jenny@example.com)")
        .contains("Archive price         " + priceOf(jenny) + "  ($20.00 USD every month)")
        .contains("Archive product       " + productOf(priceOf(jenny)))
        .contains("Cleaned up: canceled 2 subscriptions, deleted 2 customers, archived 2 prices and archived 2 products")
        .doesNotContain(otherCus).doesNotContain(otherSub).doesNotContain(otherPrice);
    for (String sub : List.of(jenny, bob)) {
      assertThat(status(sub)).isEqualTo("canceled");
      assertThat(deleted(customerOf(sub))).isTrue();
      assertThat(active(priceOf(sub))).isFalse();
      assertThat(active(productOf(priceOf(sub)))).isFalse();
    }
    assertThat(status(otherSub)).isEqualTo("active");
    assertThat(deleted(otherCus)).isFalse();
    assertThat(active(otherPrice)).isTrue();
    assertThat(active(productOf(otherPrice))).isTrue();
    // Subscriptions first, then customers, prices, products; every change under a key from ID + action.
    assertThat(writes()).extracting(q -> q.method() + " " + q.path().replaceAll("_\\w+$", "_X")).containsExactly(
        "DELETE /v1/subscriptions/sub_X", "DELETE /v1/subscriptions/sub_X",
        "DELETE /v1/customers/cus_X", "DELETE /v1/customers/cus_X",
        "POST /v1/prices/price_X", "POST /v1/prices/price_X",
        "POST /v1/products/prod_X", "POST /v1/products/prod_X");
    assertThat(writes()).allSatisfy(q -> assertThat(q.idempotencyKey())
        .matches("stripe-setup-v1:cleanup:(sub|cus|price|prod)_\\w+:(cancel|delete|archive)"));
    assertThat(writes()).filteredOn(q -> q.method().equals("POST"))
        .allSatisfy(q -> assertThat(q.params().get("active")).containsExactly("false"));
  }

  @Test
  void aSecondCleanupFindsEverythingDoneAndChangesNothing() {
    subscribe("Jenny Rosen", "jenny@example.com", "20");
    assertThat(op("cleanup", "--yes").exitCode()).isZero();
    fake.clearRequests();

    CliRun.Result again = op("cleanup");

    assertThat(again.exitCode()).as(again.all()).isZero();
    assertThat(again.out()).contains("Already done: 1 subscription canceled, 1 price archived and 1 product archived")
        .contains("Nothing to clean up");
    assertThat(writes()).isEmpty();
  }

  @Test
  void dryRunListsAndChangesNothing() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");

    CliRun.Result r = op("cleanup", "--dry-run");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains("Dry run: nothing will be changed").contains("Cancel subscription   " + sub)
        .contains("Dry run: would cancel 1 subscription, delete 1 customer, archive 1 price and archive 1 product");
    assertThat(writes()).isEmpty();
    assertThat(status(sub)).isEqualTo("active");
  }

  @Test
  void withoutATerminalAndWithoutYesNothingChanges() {
    String sub = subscribe("Jenny Rosen", "jenny@example.com", "20");

    CliRun.Result r = op("cleanup");

    assertThat(r.exitCode()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(r.err()).contains("needs confirmation");
    assertThat(writes()).isEmpty();

    cli.terminal("yes");
    CliRun.Result confirmed = op("cleanup");
    assertThat(confirmed.exitCode()).as(confirmed.all()).isZero();
    assertThat(confirmed.err()).contains("Type 'yes' to cancel 1 subscription, delete 1 customer");
    assertThat(status(sub)).isEqualTo("canceled");
  }

  @Test
  void byRunKeepsTheSharedPriceWhileAnotherRunStillUsesIt() {
    String jenny = subscribe("Jenny Rosen", "jenny@example.com", "20");
    String bob = subscribe("Bob Smith", "bob@example.com", "20");
    String price = priceOf(jenny);
    assertThat(priceOf(bob)).as("one price per plan").isEqualTo(price);

    CliRun.Result r = op("cleanup", "--run", runOf(jenny), "--yes");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains("Keep price            " + price).contains("kept: still used by " + bob)
        .contains("Keep product");
    assertThat(status(jenny)).isEqualTo("canceled");
    assertThat(deleted(customerOf(jenny))).isTrue();
    assertThat(status(bob)).isEqualTo("active");
    assertThat(deleted(customerOf(bob))).isFalse();
    assertThat(active(price)).isTrue();

    CliRun.Result rest = op("cleanup", "--run", runOf(bob), "--yes");

    assertThat(rest.exitCode()).as(rest.all()).isZero();
    assertThat(status(bob)).isEqualTo("canceled");
    assertThat(active(price)).isFalse();
    assertThat(active(productOf(price))).isFalse();
  }

  /** Issue 19 item 6: an open link of the run (or email) is expired, so it can no longer be paid. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"--run", "--email"})
  void theRunsOpenCheckoutLinkIsExpired(String by) {
    CliRun.Result link = run(with(JENNY, "--collect", "checkout", "--success-url", "https://example.com/thanks",
        "--no-wait", "--json"));
    assertThat(link.exitCode()).as(link.all()).isEqualTo(ExitCode.LINK_NOT_COMPLETED);
    String session = json(link).getAsJsonObject("checkout_session").get("id").getAsString();
    String bob = subscribe("Bob Smith", "bob@example.com", "30");
    String bobLink = json(run("--name", "Bob Smith", "--email", "bob@example.com", "--amount", "40",
        "--collect", "checkout", "--success-url", "https://example.com/thanks", "--no-wait", "--json",
        "--allow-second-subscription")).getAsJsonObject("checkout_session").get("id").getAsString();

    CliRun.Result r = op("cleanup", by, by.equals("--run") ? json(link).get("run").getAsString() : "jenny@example.com",
        "--yes");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(fake.get(session).get("status").getAsString()).isEqualTo("expired");
    assertThat(r.out()).contains(session);
    assertThat(fake.get(bobLink).get("status").getAsString()).as("another customer's link").isEqualTo("open");
    assertThat(status(bob)).isEqualTo("active");
  }

  @Test
  void byEmailIsLowerCasedAndTouchesOnlyThatCustomer() {
    String jenny = subscribe("Jenny Rosen", "jenny@example.com", "20");
    String bob = subscribe("Bob Smith", "bob@example.com", "30");

    CliRun.Result r = op("cleanup", "--email", "JENNY@example.com", "--yes", "--json");

    assertThat(r.exitCode()).as(r.all()).isZero();
    JsonObject doc = json(r);
    assertThat(doc.getAsJsonObject("filter").get("email").getAsString()).isEqualTo("jenny@example.com");
    JsonArray objects = doc.getAsJsonArray("objects");
    assertThat(objects).extracting(o -> o.getAsJsonObject().get("type").getAsString() + " "
        + o.getAsJsonObject().get("action").getAsString())
        .containsExactly("subscription cancel", "customer delete", "price archive", "product archive");
    assertThat(doc.get("changed").getAsInt()).isEqualTo(4);
    assertThat(status(jenny)).isEqualTo("canceled");
    assertThat(status(bob)).isEqualTo("active");
    assertThat(active(priceOf(bob))).isTrue();
  }

  @Test
  void aCustomerWithASubscriptionTheToolDidNotMakeIsKept() throws Exception {
    String jenny = subscribe("Jenny Rosen", "jenny@example.com", "20");
    String cus = customerOf(jenny);
    Seed seed = new Seed(fake);
    String manual = seed.subscription(cus, seed.price(1500, Map.of()).getId(), Map.of()).getId();
    fake.clearRequests();

    CliRun.Result r = op("cleanup", "--yes");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains("Keep customer         " + cus).contains("deleting it would also cancel " + manual);
    assertThat(status(jenny)).isEqualTo("canceled");
    assertThat(deleted(cus)).isFalse();
    assertThat(status(manual)).isEqualTo("active");
  }

  @Test
  void anInterruptedCleanupIsFinishedByRunningItAgain() {
    String jenny = subscribe("Jenny Rosen", "jenny@example.com", "20");
    String bob = subscribe("Bob Smith", "bob@example.com", "30");
    fake.injectFault(Fault.FAIL_500_BEFORE, "DELETE", "/v1/customers/cus_\\w+", 100);

    CliRun.Result stopped = op("cleanup", "--yes");
    fake.clearFaults();

    assertThat(stopped.exitCode()).as(stopped.all()).isEqualTo(ExitCode.NETWORK);
    assertThat(stopped.err()).contains("cleanup stopped after 2 of 8 changes, at customer cus_")
        .contains("run the same cleanup again to finish").doesNotContain("\tat ");
    assertThat(status(jenny)).isEqualTo("canceled");
    assertThat(deleted(customerOf(jenny))).isFalse();

    CliRun.Result finished = op("cleanup", "--yes");

    assertThat(finished.exitCode()).as(finished.all()).isZero();
    assertThat(finished.out()).contains("Already done: 2 subscriptions canceled")
        .contains("Cleaned up: deleted 2 customers, archived 2 prices and archived 2 products");
    for (String sub : List.of(jenny, bob)) {
      assertThat(deleted(customerOf(sub))).isTrue();
      assertThat(active(priceOf(sub))).isFalse();
    }
  }

  @Test
  void badRunOrEmailIsExit2WithNothingSent() {
    CliRun.Result run = op("cleanup", "--run", "jenny");
    CliRun.Result email = op("cleanup", "--email", "not-an-email");

    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("--run: 'jenny' is not a run ID");
    assertThat(email.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(email.err()).contains("--email: 'not-an-email' is not a valid email address");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void nothingToDoInAnEmptyAccount() {
    CliRun.Result r = op("cleanup");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.out()).contains("Nothing found (created_by=stripe-setup)").contains("Nothing to clean up");
  }

  @Test
  void moreObjectsThanOneListPage() throws Exception {
    Seed seed = new Seed(fake);
    for (int i = 0; i < 103; i++) {
      seed.customer("c" + i + "@example.com", Seed.TOOL);
    }
    String keep = seed.customer("keep@example.com", Map.of()).getId();
    fake.clearRequests();

    CliRun.Result r = op("cleanup", "--yes", "--json");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(json(r).get("changed").getAsInt()).isEqualTo(103);
    assertThat(fake.count("customer")).isEqualTo(1);
    assertThat(deleted(keep)).isFalse();
    assertThat(fake.requests()).filteredOn(q -> q.path().equals("/v1/customers") && q.params().containsKey("starting_after"))
        .isNotEmpty();
  }

  @Test
  void smallPagesGiveTheSameResult() {
    subscribe("Jenny Rosen", "jenny@example.com", "20");
    subscribe("Bob Smith", "bob@example.com", "30");
    subscribe("Ann Lee", "ann@example.com", "40");

    CliRun.Result r = op("cleanup", "--yes", "--page-size", "2", "--json");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(json(r).get("changed").getAsInt()).isEqualTo(12);
    assertThat(fake.requests()).filteredOn(q -> q.params().containsKey("starting_after"))
        .extracting(RecordedRequest::path).contains("/v1/customers", "/v1/subscriptions", "/v1/prices", "/v1/products");
  }
}
