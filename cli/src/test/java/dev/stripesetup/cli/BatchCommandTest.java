package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The batch command against the fake Stripe: outcomes, duplicates, plans, report, journal, re-runs. */
class BatchCommandTest extends FakeStripeCli {

  Path csv(String name, String... lines) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return p;
  }

  CliRun.Result batch(String... args) {
    return cli.run(with(new String[] {"batch", "--api-base", fake.baseUrl()}, args));
  }

  static List<CSVRecord> report(Path p) throws IOException {
    try (var parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(Files.newBufferedReader(p))) {
      return parser.getRecords();
    }
  }

  long subscriptionsOf(String email) {
    List<String> customers = fake.objects("customer").stream()
        .filter(c -> email.equals(c.get("email").getAsString()))
        .map(c -> c.get("id").getAsString()).toList();
    return fake.objects("subscription").stream()
        .filter(s -> customers.contains(s.get("customer").getAsString())).count();
  }

  @Test
  void everyRowGetsOneSubscriptionAndTheRowsOfAPlanShareOnePrice() throws IOException {
    Path file = csv("customers.csv",
        "name,email,amount",
        "Ada Lovelace,ada@example.com,20",
        "Alan Turing,alan@example.com,20",
        "Grace Hopper,grace@example.com,30");

    CliRun.Result r = batch(file.toString());

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(fake.count("customer")).isEqualTo(3);
    assertThat(fake.count("subscription")).isEqualTo(3);
    assertThat(fake.count("price")).as("one price per plan").isEqualTo(2);
    assertThat(fake.count("product")).isEqualTo(2);
    assertThat(fake.requests().stream().filter(q -> q.method().equals("POST") && q.path().equals("/v1/prices")))
        .hasSize(2);
    List<CSVRecord> rep = report(dir.resolve("customers.csv.stripe-setup-report.csv"));
    assertThat(rep).extracting(x -> x.get("line") + " " + x.get("email") + " " + x.get("status"))
        .containsExactly("2 ada@example.com created", "3 alan@example.com created", "4 grace@example.com created");
    assertThat(rep).allSatisfy(x -> {
      assertThat(x.get("customer")).startsWith("cus_");
      assertThat(x.get("subscription")).startsWith("sub_");
    });
    assertThat(r.out()).contains("3 rows: 3 created, 0 reused");
    assertThat(r.err()).as("plain progress, not a bar, when stderr is not a terminal")
        .containsOnlyOnce("progress: 3/3 rows done (0 failed), 0 remaining").doesNotContain("\r");
    assertThat(Files.exists(dir.resolve("customers.csv.stripe-setup.db"))).isTrue();
  }

  @Test
  void aRepeatedEmailOnTheSamePlanIsSkippedAndOnAnotherPlanRunsAfterTheFirstWithTheSameCustomer() throws IOException {
    Path file = csv("dups.csv",
        "name,email,amount,interval",
        "Ada Lovelace,ada@example.com,20,month",
        "Ada Again,ADA@example.com,20,month",
        "Ada Yearly,ada@example.com,200,year",
        "Alan Turing,alan@example.com,20,month");

    // Without the flag, the row on a second plan for a customer already subscribed fails, saying why.
    CliRun.Result refused = batch(file.toString());
    assertThat(refused.exitCode()).as(refused.all()).isEqualTo(ExitCode.BATCH_ROWS_FAILED);
    assertThat(refused.err()).contains("line 4: ada@example.com: failed: customer cus_")
        .contains("already has a live subscription: sub_").contains("pass --allow-second-subscription");
    assertThat(subscriptionsOf("ada@example.com")).isEqualTo(1);

    CliRun.Result r = batch(file.toString(), "--allow-second-subscription");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(fake.objects("customer")).extracting(c -> c.get("email").getAsString())
        .containsExactlyInAnyOrder("ada@example.com", "alan@example.com");
    assertThat(subscriptionsOf("ada@example.com")).isEqualTo(2);
    assertThat(subscriptionsOf("alan@example.com")).isEqualTo(1);
    List<CSVRecord> rep = report(dir.resolve("dups.csv.stripe-setup-report.csv"));
    assertThat(rep).extracting(x -> x.get("status"))
        .containsExactly("created", "skipped-duplicate", "created", "created");
    assertThat(rep.get(1).get("error")).isEqualTo("same email and plan as line 2");
    assertThat(rep.get(0).get("customer")).isEqualTo(rep.get(2).get("customer"));
  }

  @Test
  void badRowsAreReportedAndSkippedWhileGoodRowsGoAhead() throws IOException {
    Path file = csv("mixed.csv",
        "name,email,amount,currency,test_card",
        "Ada Lovelace,ada@example.com,20,,",
        ",nobody@example.com,20,,",
        "Bad Email,not-an-email,20,,",
        "Yen Decimals,yen@example.com,20.5,jpy,",
        "Declined,declined@example.com,20,,declined",
        "Alan Turing,alan@example.com,20,usd,mastercard");

    CliRun.Result r = batch(file.toString());

    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.BATCH_ROWS_FAILED);
    assertThat(r.err()).contains("line 3: name: is required")
        .contains("line 4: email: 'not-an-email' is not a valid email address")
        .contains("line 5: amount: jpy takes whole amounts")
        .contains("line 6: declined@example.com: failed: payment declined")
        .doesNotContain("\tat ");
    assertThat(fake.objects("customer")).extracting(c -> c.get("email").getAsString())
        .containsExactlyInAnyOrder("ada@example.com", "declined@example.com", "alan@example.com");
    assertThat(fake.requests()).noneMatch(q -> q.params().toString().contains("yen@example.com")
        || q.params().toString().contains("nobody@example.com"));
    List<CSVRecord> rep = report(dir.resolve("mixed.csv.stripe-setup-report.csv"));
    assertThat(rep).extracting(x -> x.get("status"))
        .containsExactly("created", "invalid", "invalid", "invalid", "failed", "created");
    assertThat(rep.get(4).get("subscription")).as("the incomplete subscription is named").startsWith("sub_");
    assertThat(r.out()).contains("6 rows: 2 created, 0 reused, 0 skipped-duplicate, 1 failed, 3 invalid");
  }

  @Test
  void checkValidatesEveryRowAndSendsNothing() throws IOException {
    Path file = csv("check.csv",
        "name,email,amount,interval,metadata.team",
        "Ada Lovelace,ada@example.com,20,month,core",
        "Bad Interval,bi@example.com,20,fortnight,",
        "Bad Amount,ba@example.com,-5,,",
        "Ada Lovelace,ada@example.com,20,month,core");

    CliRun.Result bad = batch("--check", file.toString());

    assertThat(bad.exitCode()).as(bad.all()).isEqualTo(ExitCode.USAGE);
    assertThat(bad.err()).contains("line 3: interval: 'fortnight' is not one of day|week|month|year")
        .contains("line 4: amount:");
    assertThat(bad.out()).contains("4 rows, 2 valid, 2 invalid, 1 duplicate");
    assertThat(fake.requests()).isEmpty();
    assertThat(Files.exists(dir.resolve("check.csv.stripe-setup.db"))).as("--check leaves no journal").isFalse();

    Path good = csv("good.csv", "name,email,amount", "Ada Lovelace,ada@example.com,20");
    CliRun.Result ok = cli.env("STRIPE_API_KEY", null).run("batch", "--check", good.toString(), "--api-base", fake.baseUrl());
    assertThat(ok.exitCode()).as(ok.all()).isZero();
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void theSameCommandAgainCreatesNothingAndAChangedFileIsRefused() throws IOException {
    Path file = csv("again.csv", "name,email,amount", "Ada Lovelace,ada@example.com,20", "Alan Turing,alan@example.com,20");
    assertThat(batch(file.toString()).exitCode()).isZero();
    fake.clearRequests();

    CliRun.Result again = batch(file.toString());

    assertThat(again.exitCode()).as(again.all()).isZero();
    assertThat(fake.requests()).as("finished rows are not sent again").isEmpty();
    assertThat(again.out()).contains("2 rows: 2 created");

    csv("again.csv", "name,email,amount", "Ada Lovelace,ada@example.com,25", "Alan Turing,alan@example.com,20");
    CliRun.Result changed = batch(file.toString());

    assertThat(changed.exitCode()).as(changed.all()).isEqualTo(ExitCode.JOURNAL_MISMATCH);
    assertThat(changed.err()).contains("line 2 changed after it was sent to Stripe").contains("--journal");
    assertThat(fake.requests()).isEmpty();

    CliRun.Result otherFlags = batch("--currency", "eur", file.toString());
    assertThat(otherFlags.exitCode()).isEqualTo(ExitCode.JOURNAL_MISMATCH);

    // Ada is already on the 20 plan; her new 25 row is a second subscription, so it must be allowed.
    CliRun.Result fresh = batch("--journal", dir.resolve("second.db").toString(), "--allow-second-subscription",
        file.toString());
    assertThat(fresh.exitCode()).as(fresh.all()).isZero();
    assertThat(fake.count("customer")).isEqualTo(2);
    assertThat(report(dir.resolve("second-report.csv"))).extracting(x -> x.get("status"))
        .containsExactly("created", "reused");
  }

  @Test
  void aFixedInvalidRowAndAnAppendedRowAreTakenByTheNextRun() throws IOException {
    Path file = csv("fix.csv", "name,email,amount", "Ada Lovelace,ada@example.com,20", "Alan Turing,not-an-email,20");
    CliRun.Result first = batch(file.toString());
    assertThat(first.exitCode()).as(first.all()).isEqualTo(ExitCode.BATCH_ROWS_FAILED);

    csv("fix.csv", "name,email,amount", "Ada Lovelace,ada@example.com,20", "Alan Turing,alan@example.com,20",
        "Grace Hopper,grace@example.com,30");
    CliRun.Result fixed = batch(file.toString());

    assertThat(fixed.exitCode()).as(fixed.all()).isZero();
    assertThat(fixed.err()).contains("line 3").contains("line 4");
    assertThat(fake.count("subscription")).isEqualTo(3);
    assertThat(report(dir.resolve("fix.csv.stripe-setup-report.csv"))).extracting(x -> x.get("status"))
        .containsExactly("created", "created", "created");
  }

  @Test
  void failedRowsAreRetriedByTheNextRunWithoutDuplicates() throws IOException {
    Path file = csv("retry.csv", "name,email,amount", "Ada Lovelace,ada@example.com,20",
        "Alan Turing,alan@example.com,20", "Grace Hopper,grace@example.com,20");
    fake.injectFault(dev.stripesetup.fake.FakeStripe.Fault.DROP_AFTER_ACTING, "POST", "/v1/subscriptions", 100);

    CliRun.Result failed = batch(file.toString());
    fake.clearFaults();

    assertThat(failed.exitCode()).as(failed.all()).isEqualTo(ExitCode.BATCH_ROWS_FAILED);
    assertThat(failed.err()).contains("Re-run the same command");
    CliRun.Result resumed = batch(file.toString());

    assertThat(resumed.exitCode()).as(resumed.all()).isZero();
    assertThat(fake.count("customer")).isEqualTo(3);
    assertThat(fake.count("subscription")).isEqualTo(3);
    assertThat(report(dir.resolve("retry.csv.stripe-setup-report.csv"))).extracting(x -> x.get("status"))
        .as("subscriptions made by the first run count as created, not reused").containsOnly("created");
  }

  @Test
  void jsonPrintsOneLinePerRowAndASummary() throws IOException {
    Path file = csv("json.csv", "name,email,amount", "Ada Lovelace,ada@example.com,20", "Bad,bad,20");

    CliRun.Result r = batch("--json", file.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCode.BATCH_ROWS_FAILED);
    List<JsonObject> lines = r.out().lines().map(l -> com.google.gson.JsonParser.parseString(l).getAsJsonObject())
        .collect(Collectors.toList());
    assertThat(lines).extracting(j -> j.get("type").getAsString() + " " + (j.has("status") ? j.get("status").getAsString() : ""))
        .containsExactlyInAnyOrder("row invalid", "row created", "summary ");
    assertThat(lines.get(lines.size() - 1).get("created").getAsLong()).isEqualTo(1);
  }

  @Test
  void aRejectedKeyStopsTheBatchInsteadOfFailingEveryRow() throws IOException {
    fake.rejectKey(CliRun.TEST_KEY);
    Path file = csv("auth.csv", "name,email,amount", "Ada Lovelace,ada@example.com,20", "Alan Turing,alan@example.com,20");

    CliRun.Result r = batch("--concurrency", "1", file.toString());

    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.AUTHENTICATION);
    assertThat(r.err()).contains("stopped:");
    assertThat(r.out()).contains("1 pending");
  }

  @Test
  void aSecondBatchOnTheSameJournalIsRefusedWhileTheFirstHoldsIt() throws IOException {
    Path file = csv("locked.csv", "name,email,amount", "Ada Lovelace,ada@example.com,20");
    try (var held = dev.stripesetup.batch.Journal.open(dir.resolve("locked.csv.stripe-setup.db"))) {
      CliRun.Result r = batch(file.toString());

      assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.JOURNAL);
      assertThat(r.err()).contains("is in use by another stripe-setup process");
      assertThat(fake.requests()).isEmpty();
    }
    assertThat(batch(file.toString()).exitCode()).as("free once the first one closes").isZero();
  }

  @Test
  void aReportThatWouldReplaceTheInputOrCannotBeWrittenIsRefusedBeforeAnythingIsSent() throws IOException {
    Path file = csv("rep.csv", "name,email,amount", "Ada Lovelace,ada@example.com,20");
    byte[] before = Files.readAllBytes(file);

    CliRun.Result overInput = batch("--report", file.toString(), file.toString());

    assertThat(overInput.exitCode()).as(overInput.all()).isEqualTo(ExitCode.USAGE);
    assertThat(overInput.err()).contains("--report:").contains("the input file");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);

    CliRun.Result unwritable = batch("--report", file.resolve("report.csv").toString(), file.toString());

    assertThat(unwritable.exitCode()).as(unwritable.all()).isEqualTo(ExitCode.USAGE);
    assertThat(unwritable.err()).contains("--report:").contains("cannot write");
    assertThat(fake.requests()).as("checked before any call to Stripe").isEmpty();
  }

  @Test
  void credentialsInTheApiBaseAreNeitherJournaledNorPrinted() throws IOException {
    Path file = csv("creds.csv", "name,email,amount", "Ada Lovelace,ada@example.com,20");
    String withCredentials = fake.baseUrl().replace("://", "://proxyuser:hunter2secret@");

    CliRun.Result r = cli.run("batch", "--api-base", withCredentials, "--json", file.toString());

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.all()).doesNotContain("hunter2secret");
    for (String f : new String[] {"creds.csv.stripe-setup.db", "creds.csv.stripe-setup.db-wal"}) {
      Path p = dir.resolve(f);
      if (Files.exists(p)) {
        assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).as(f).doesNotContain("hunter2secret");
      }
    }
  }

  @Test
  void liveKeysNeedLiveAndARealPaymentMethodPerRow() throws IOException {
    cli.key(CliRun.LIVE_KEY);
    Path file = csv("live.csv", "name,email,amount,payment_method", "Ada Lovelace,ada@example.com,20,pm_card_visa",
        "Alan Turing,alan@example.com,20,");

    CliRun.Result refused = batch(file.toString());
    assertThat(refused.exitCode()).as(refused.all()).isEqualTo(ExitCode.LIVE_REFUSED);
    assertThat(fake.requests()).isEmpty();

    CliRun.Result check = batch("--check", "--live", file.toString());
    assertThat(check.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(check.err()).contains("line 3: payment_method: live mode needs a real PaymentMethod")
        .contains("line 2: payment_method: 'pm_card_visa' is one of Stripe's test payment methods");
  }

  @Test
  void aTerminalGetsAProgressBar() throws IOException {
    Path file = csv("bar.csv", "name,email,amount", "Ada Lovelace,ada@example.com,20");
    CliRun.Result r = cli.terminal().run("batch", "--api-base", fake.baseUrl(), file.toString());
    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.err()).contains("\rrows").contains("1/1").doesNotContain("progress: ");
  }
}
