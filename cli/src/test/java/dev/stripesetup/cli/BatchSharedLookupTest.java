package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: batch rows share their customer look-ups (one search for up to 10 emails); search lags
 * writes, so the customers created in the last minutes are listed too and matched whatever the
 * capitals. A customer made a moment ago elsewhere, with capitals, is still the row's customer.
 */
class BatchSharedLookupTest extends FakeStripeCli {
  @Test
  void aCustomerMadeAMomentAgoWithCapitalsIsFoundWhileSearchLags() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    fake.setSearchLagMillis(60_000);
    String made = new Seed(fake).customer("Lag-" + tag + "@Example.com", Map.of()).getId();
    Path csv = Files.write(dir.resolve("lag.csv"), List.of("name,email,amount",
        "Lag," + "lag-" + tag + "@example.com,20", "Other," + "other-" + tag + "@example.com,20"));

    CliRun.Result r = cli.run("batch", "--api-base", fake.baseUrl(), "--rate", "2000", csv.toString());

    assertThat(r.out()).as(r.all()).contains("2 rows: 2 created");
    assertThat(fake.count("customer")).as("no second customer for the capitalised email").isEqualTo(2);
    assertThat(fake.objects("subscription")).extracting(s -> s.get("customer").getAsString()).contains(made);
    assertThat(fake.requests()).filteredOn(q -> q.path().equals("/v1/customers/search")).hasSize(1)
        .allSatisfy(q -> assertThat(q.params().get("query").get(0)).contains(" OR "));
  }
}
