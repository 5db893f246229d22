package dev.stripesetup.batch;

import dev.stripesetup.billing.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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

  /**
   * Refuses, before anything is sent to Stripe, a report path the final move would wrongly replace:
   * anything but a new or regular file (a device such as /dev/null, a folder, a symbolic link), the
   * input file or the journal (under any name), or a folder that cannot take a new file.
   *
   * @throws InvalidInputException naming --report
   */
  public static void checkTarget(Path report, Path input, Path journal) {
    Path target = report.toAbsolutePath().normalize();
    if (Files.isSymbolicLink(target)) {
      throw refused(report, "is a symbolic link; give the path of a regular file");
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      throw refused(report, "is not a regular file (a device, a folder or a pipe) and would be replaced");
    }
    if (same(target, input)) {
      throw refused(report, "is the input file " + input);
    }
    Path db = journal.toAbsolutePath().normalize();
    for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
      if (same(target, db.resolveSibling(db.getFileName() + suffix))) {
        throw refused(report, "is the journal " + journal + (suffix.isEmpty() ? "" : " (its " + suffix.substring(1) + " file)"));
      }
    }
    Path dir = target.getParent();
    try {
      Files.createDirectories(dir);
      Files.delete(Files.createTempFile(dir, ".stripe-setup-report", ".probe"));
    } catch (IOException | UnsupportedOperationException e) {
      throw refused(report, "cannot write a file in " + dir + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }
  }

  private static InvalidInputException refused(Path report, String why) {
    return new InvalidInputException("report", report + " " + why + "; nothing was sent to Stripe");
  }

  /** The same path, or (when both exist) the same file under another name: a hard or symbolic link. */
  private static boolean same(Path a, Path b) {
    Path nb = b.toAbsolutePath().normalize();
    if (a.equals(nb)) {
      return true;
    }
    try {
      return Files.exists(a) && Files.exists(nb) && Files.isSameFile(a, nb);
    } catch (IOException e) {
      return false;
    }
  }

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
      // Checked again just before the move: the path may have changed since the start of the batch.
      if (Files.exists(report, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(report, LinkOption.NOFOLLOW_LINKS)) {
        Files.delete(tmp);
        throw new IOException("it is no longer a regular file; not replaced");
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
