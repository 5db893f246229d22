package dev.stripesetup.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pass 2 reads its rows from the file again; a row that no longer matches its hash is not run. */
class RowSourceTest {
  @TempDir
  Path dir;

  final RowRequests rows = new RowRequests(new RowRequests.Defaults(null, null, null, null, null, null, null, null, Map.of()), false);

  String hashOf(Path csv, long line) {
    try (CsvRows in = CsvRows.open(csv)) {
      while (in.hasNext()) {
        CsvRows.Row r = in.next();
        if (r.line() == line) {
          return rows.parse(r).hash().substring(0, 32);
        }
      }
    }
    throw new AssertionError("no line " + line);
  }

  @Test
  void rowsAreReadInLineOrderAndCheckedAgainstTheJournalsHash() throws IOException {
    Path csv = Files.writeString(dir.resolve("in.csv"), "name,email,amount\nAda,ada@example.com,20\n\n"
        + "Alan,alan@example.com,20\nGrace,grace@example.com,30\n");
    String ada = hashOf(csv, 2);
    String grace = hashOf(csv, 5);
    try (RowSource source = new RowSource(csv, rows)) {
      assertThat(source.at(2, ada).email()).isEqualTo("ada@example.com");
      assertThat(source.at(5, grace).email()).isEqualTo("grace@example.com");
    }
  }

  @Test
  void aRowChangedSincePassOneIsRefused() throws IOException {
    Path csv = Files.writeString(dir.resolve("in.csv"), "name,email,amount\nAda,ada@example.com,20\nAlan,alan@example.com,20\n");
    String alan = hashOf(csv, 3);
    Files.writeString(csv, "name,email,amount\nAda,ada@example.com,20\nAlan,alan@example.com,25\n");
    try (RowSource source = new RowSource(csv, rows)) {
      assertThatThrownBy(() -> source.at(3, alan)).isInstanceOf(JournalMismatchException.class)
          .hasMessageContaining("line 3").hasMessageContaining("changed while the batch was running");
    }
    try (RowSource source = new RowSource(csv, rows)) {
      assertThatThrownBy(() -> source.at(7, alan)).as("gone").isInstanceOf(JournalMismatchException.class);
    }
  }
}
