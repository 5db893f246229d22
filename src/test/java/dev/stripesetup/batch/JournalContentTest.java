package dev.stripesetup.batch;

import static org.assertj.core.api.Assertions.assertThat;

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
}
