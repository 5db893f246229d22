package dev.stripesetup.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 14 item 1 for batch rows: the chain looks a row's customer up by the email as typed too. */
class RowEmailLookupTest {
  @Test
  void aRowKeepsItsEmailAsTypedForTheLookUpAndLowerCasedForEverythingElse() {
    RowRequests rows = new RowRequests(new RowRequests.Defaults(null, null, null, null, null, null, null, null, null), false);
    RowRequests.Parsed p = rows.parse(new CsvRows.Row(2, Map.of("name", "Jenny", "email", " Jenny@Example.com ",
        "amount", "20"), null));

    assertThat(p.email()).isEqualTo("jenny@example.com");
    assertThat(p.request().emailLookupForms()).containsExactly("jenny@example.com", "Jenny@Example.com");
  }
}
