package dev.stripesetup.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the batch journal keeps per row: what a re-run needs, not a copy of the row. */
class JournalContentTest {
  @TempDir
  Path dir;

  @Test
  void theJournalKeepsAHashOfTheRowNotItsContent() throws IOException {
    Path csv = Files.writeString(dir.resolve("in.csv"),
        "name,email,amount,metadata.note\nZebediah Quintessential,zq@example.com,20,remember-the-alamo\n");
    Path db = dir.resolve("in.db");
    RowRequests rows = new RowRequests(new RowRequests.Defaults(null, null, null, null, null, null, null, null, Map.of()), false);
    try (Journal journal = Journal.open(db); CsvRows in = CsvRows.open(csv)) {
      journal.begin();
      journal.recordOrCheck(rows.parse(in.next()), true);
      journal.commit();
    }
    String stored = new String(Files.readAllBytes(db), StandardCharsets.ISO_8859_1);
    assertThat(stored).contains("zq@example.com").doesNotContain("Zebediah").doesNotContain("remember-the-alamo");
  }

  RowRequests.Parsed row(Path csv, long line) {
    RowRequests rows = new RowRequests(new RowRequests.Defaults(null, null, null, null, null, null, null, null, Map.of()), false);
    try (CsvRows in = CsvRows.open(csv)) {
      while (in.hasNext()) {
        CsvRows.Row r = in.next();
        if (r.line() == line) {
          return rows.parse(r);
        }
      }
    }
    throw new AssertionError("no line " + line);
  }

  @Test
  void rowsNeverSentMayChangeOrGoButASentRowMayNot() throws IOException {
    Path v1 = Files.writeString(dir.resolve("v1.csv"), "name,email,amount\nAda,ada@example.com,20\nBad,bad,20\nAlan,alan@example.com,20\n");
    Path v2 = Files.writeString(dir.resolve("v2.csv"), "name,email,amount\nAda,ada@example.com,20\nFixed,fixed@example.com,20\n");
    Path v3 = Files.writeString(dir.resolve("v3.csv"), "name,email,amount\nAda,ada@example.com,99\n");
    try (Journal journal = Journal.open(dir.resolve("j.db"))) {
      for (long line = 2; line <= 4; line++) {
        journal.recordOrCheck(row(v1, line), true);
      }
      journal.started(2); // line 2 went to Stripe

      assertThat(journal.recordOrCheck(row(v1, 2), false)).as("unchanged").isNull();
      assertThat(journal.recordOrCheck(row(v2, 3), false)).isEqualTo(new Journal.Changed(3, false));
      assertThat(journal.dropRowsAfter(3)).as("line 4, never sent, is gone from the file").isEqualTo(1);
      assertThat(journal.rowCount()).isEqualTo(2);
      assertThat(journal.pendingAfter(0, 10)).extracting(Journal.PendingRow::email)
          .containsExactly("ada@example.com", "fixed@example.com");

      assertThatThrownBy(() -> journal.recordOrCheck(row(v3, 2), false)).isInstanceOf(JournalMismatchException.class)
          .hasMessageContaining("line 2 changed after it was sent to Stripe");
      assertThatThrownBy(() -> journal.dropRowsAfter(1)).isInstanceOf(JournalMismatchException.class)
          .hasMessageContaining("line 2 is gone from the file, but it was already sent");
    }
  }
}
