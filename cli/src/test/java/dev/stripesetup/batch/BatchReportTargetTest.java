package dev.stripesetup.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stripesetup.billing.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the report may go: only a new file or a regular file that is neither the input nor the journal. */
class BatchReportTargetTest {
  @TempDir
  Path dir;

  Path csv;
  Path journal;

  void files() throws IOException {
    csv = Files.writeString(dir.resolve("in.csv"), "name,email,amount\n");
    journal = dir.resolve("in.csv.stripe-setup.db");
  }

  @Test
  void aNewFileOrARegularFileIsFine() throws IOException {
    files();
    assertThatCode(() -> BatchReport.checkTarget(dir.resolve("report.csv"), csv, journal)).doesNotThrowAnyException();
    Path old = Files.writeString(dir.resolve("old-report.csv"), "x");
    assertThatCode(() -> BatchReport.checkTarget(old, csv, journal)).doesNotThrowAnyException();
    assertThatCode(() -> BatchReport.checkTarget(dir.resolve("new/sub/report.csv"), csv, journal))
        .as("a missing folder is made").doesNotThrowAnyException();
  }

  @Test
  void aDeviceADirectoryOrASymlinkIsRefused() throws IOException {
    files();
    assertThatThrownBy(() -> BatchReport.checkTarget(Path.of("/dev/null"), csv, journal))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a regular file");
    assertThatThrownBy(() -> BatchReport.checkTarget(dir, csv, journal))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a regular file");
    Path link = Files.createSymbolicLink(dir.resolve("link.csv"), dir.resolve("elsewhere.csv"));
    assertThatThrownBy(() -> BatchReport.checkTarget(link, csv, journal))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("symbolic link");
  }

  @Test
  void theInputOrTheJournalIsRefusedUnderAnyName() throws IOException {
    files();
    assertThatThrownBy(() -> BatchReport.checkTarget(csv, csv, journal))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("the input file");
    assertThatThrownBy(() -> BatchReport.checkTarget(dir.resolve("x/../in.csv"), csv, journal))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("the input file");
    Path hardLink = Files.createLink(dir.resolve("alias.csv"), csv);
    assertThatThrownBy(() -> BatchReport.checkTarget(hardLink, csv, journal))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("the input file");
    assertThatThrownBy(() -> BatchReport.checkTarget(journal, csv, journal))
        .as("the journal, even before it exists").isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("the journal");
    assertThatThrownBy(() -> BatchReport.checkTarget(dir.resolve("in.csv.stripe-setup.db-wal"), csv, journal))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("the journal");
  }

  @Test
  void aFolderThatCannotBeWrittenIsRefused() throws IOException {
    files();
    assertThatThrownBy(() -> BatchReport.checkTarget(csv.resolve("report.csv"), csv, journal))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("cannot write");
  }
}
