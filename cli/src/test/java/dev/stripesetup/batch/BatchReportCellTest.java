package dev.stripesetup.batch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchReportCellTest {
  @Test
  void cellsThatASpreadsheetWouldRunAsFormulasAreDefused() {
    assertThat(BatchReport.cell("=HYPERLINK(\"http://x\")")).isEqualTo("'=HYPERLINK(\"http://x\")");
    assertThat(BatchReport.cell("+1")).isEqualTo("'+1");
    assertThat(BatchReport.cell("@sum")).isEqualTo("'@sum");
    assertThat(BatchReport.cell("jenny@example.com")).isEqualTo("jenny@example.com");
    assertThat(BatchReport.cell("")).isEmpty();
    assertThat(BatchReport.cell(null)).isNull();
  }
}
