package dev.stripesetup.batch;

import java.nio.file.Path;

/**
 * Pass 2's rows, read again from the file instead of from a copy in the journal: the journal keeps
 * only each row's hash, and every row read here must still match it. Rows are asked for in line
 * order, so the file is streamed once, forward, and memory stays flat.
 */
final class RowSource implements AutoCloseable {
  private final Path file;
  private final RowRequests rows;
  private CsvRows in;

  RowSource(Path file, RowRequests rows) {
    this.file = file;
    this.rows = rows;
  }

  /**
   * The row at {@code line}, parsed as pass 1 parsed it.
   *
   * @param hash the journal's hash of the row (a prefix of the full hex hash is enough)
   * @throws JournalMismatchException when the file no longer has that row as recorded (it was
   *     changed while the batch ran)
   */
  RowRequests.Parsed at(long line, String hash) {
    if (in == null) {
      in = CsvRows.open(file);
    }
    while (in.hasNext()) {
      CsvRows.Row row = in.next();
      if (row.line() < line) {
        continue;
      }
      if (row.line() == line) {
        RowRequests.Parsed parsed = rows.parse(row);
        if (!parsed.hash().startsWith(hash)) {
          break;
        }
        return parsed;
      }
      break;
    }
    throw new JournalMismatchException("line " + line + " of " + file.getFileName()
        + " changed while the batch was running; rows already done are kept in the journal");
  }

  @Override
  public void close() {
    if (in != null) {
      in.close();
    }
  }
}
