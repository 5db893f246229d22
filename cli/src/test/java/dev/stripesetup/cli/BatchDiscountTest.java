package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The batch file's coupon and promotion_code columns. */
class BatchDiscountTest extends FakeStripeCli {

  private Path csv(String name, String... lines) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return p;
  }

  private CliRun.Result batch(String... args) {
    return cli.run(with(new String[] {"batch", "--api-base", fake.baseUrl()}, args));
  }

  private long dueOf(String email) {
    String cus = fake.objects("customer").stream().filter(c -> c.get("email").getAsString().equals(email))
        .findFirst().orElseThrow().get("id").getAsString();
    return fake.objects("invoice").stream().filter(i -> i.get("customer").getAsString().equals(cus))
        .map(i -> i.get("amount_due").getAsLong()).findFirst().orElseThrow();
  }

  @Test
  void eachRowGetsItsOwnDiscountAndAnUnknownOneFailsOnlyItsRowBeforeItsCustomerIsMade() throws Exception {
    Seed seed = new Seed(fake);
    seed.coupon("SUMMER", 20, 3L);
    seed.coupon("TENOFF", 10, null);
    seed.promotionCode("WELCOME10", "TENOFF");
    Path file = csv("d.csv",
        "name,email,amount,coupon,promotion_code",
        "Ada Lovelace,ada@example.com,20,SUMMER,",
        "Alan Turing,alan@example.com,20,,WELCOME10",
        "Grace Hopper,grace@example.com,20,NOPE,",
        "Edsger Dijkstra,edsger@example.com,20,,");

    CliRun.Result r = batch(file.toString());

    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.BATCH_ROWS_FAILED);
    assertThat(dueOf("ada@example.com")).isEqualTo(1600);
    assertThat(dueOf("alan@example.com")).isEqualTo(1800);
    assertThat(dueOf("edsger@example.com")).isEqualTo(2000);
    assertThat(fake.objects("customer")).extracting(c -> c.get("email").getAsString())
        .as("the row with the unknown coupon made no customer").doesNotContain("grace@example.com");
    List<CSVRecord> rep = BatchCommandTest.report(dir.resolve("d.csv.stripe-setup-report.csv"));
    assertThat(rep).filteredOn(x -> x.get("email").equals("grace@example.com")).singleElement()
        .satisfies(x -> assertThat(String.join(" ", x.values())).contains("coupon").contains("NOPE"));
  }

  @Test
  void bothColumnsInOneRowAreAnInvalidRow() throws Exception {
    Path file = csv("both.csv", "name,email,amount,coupon,promotion_code", "Ada Lovelace,ada@example.com,20,A,B");

    CliRun.Result r = batch(file.toString());

    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.BATCH_ROWS_FAILED);
    assertThat(fake.requests()).noneMatch(q -> q.method().equals("POST"));
  }

  @Test
  void aDiscountChangedUnderTheSameJournalIsAChangedRow() throws Exception {
    Seed seed = new Seed(fake);
    seed.coupon("SUMMER", 20, 3L);
    seed.coupon("WINTER", 50, null);
    Path file = csv("j.csv", "name,email,amount,coupon", "Ada Lovelace,ada@example.com,20,SUMMER");
    assertThat(batch(file.toString()).exitCode()).isZero();
    fake.clearRequests();

    csv("j.csv", "name,email,amount,coupon", "Ada Lovelace,ada@example.com,20,WINTER");
    CliRun.Result changed = batch(file.toString());

    assertThat(changed.exitCode()).as(changed.all()).isEqualTo(ExitCode.JOURNAL_MISMATCH);
    assertThat(fake.requests()).isEmpty();
    JsonObject sub = fake.objects("subscription").get(0);
    assertThat(sub.getAsJsonArray("discounts")).hasSize(1);
  }

  @Test
  void aRowWithoutADiscountKeepsTheInputItHadBeforeTheColumnsAndARowWithOneCarriesIt() {
    // A journal written before the columns existed must still match its rows.
    var rows = new dev.stripesetup.batch.RowRequests(new dev.stripesetup.batch.RowRequests.Defaults(null, null, null,
        null, null, null, null, null, null), false);
    var plain = rows.parse(new dev.stripesetup.batch.CsvRows.Row(2,
        java.util.Map.of("name", "Ada", "email", "ada@example.com", "amount", "20"), null));
    var discounted = rows.parse(new dev.stripesetup.batch.CsvRows.Row(2,
        java.util.Map.of("name", "Ada", "email", "ada@example.com", "amount", "20", "coupon", "SUMMER"), null));

    assertThat(plain.input()).doesNotContain("coupon").doesNotContain("promotionCode");
    assertThat(discounted.input()).contains("\"coupon\":\"SUMMER\"");
    assertThat(discounted.hash()).isNotEqualTo(plain.hash());
  }
}
