package dev.stripesetup.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The report: one CSV line per row of the input, in file order, read back from the journal (so it
 * also covers rows finished by earlier invocations). Written to a temporary file and moved into
 * place, so a reader never sees half a report.
 */
public final class BatchReport {
  static final String[] HEADER = {"line", "email", "status", "customer", "subscription", "error"};

  private BatchReport() {}

  public static void write(Journal journal, Path report) {
    Path dir = report.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, report.getFileName().toString(), ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
          CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(HEADER).get())) {
        long after = 0;
        while (true) {
          List<Journal.ReportRow> page = journal.reportAfter(after, 1000);
          if (page.isEmpty()) {
            break;
          }
          for (Journal.ReportRow r : page) {
            // running = interrupted mid-row; a re-run finishes it like a pending one
            String status = r.status() == RowStatus.RUNNING ? RowStatus.PENDING.label() : r.status().label();
            csv.printRecord(r.line(), cell(r.email()), status, r.customer(), r.subscription(), cell(r.error()));
            after = r.line();
          }
        }
      }
      Files.move(tmp, report, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report " + report + ": " + e.getMessage(), e);
    }
  }

  /**
   * A spreadsheet runs a cell that starts with =, +, - or @ as a formula; the email and error
   * columns carry text from the input file, so such a cell gets a leading apostrophe.
   */
  static String cell(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    char first = text.charAt(0);
    return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
        ? "'" + text : text;
  }
}
