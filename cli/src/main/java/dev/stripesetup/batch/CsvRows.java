package dev.stripesetup.batch;

import java.io.BufferedReader;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Streams the rows of a CSV file (RFC 4180, UTF-8, header required, a leading BOM tolerated) one at
 * a time, so memory does not grow with the file. Each row carries the physical line it starts on,
 * which is how rows are named everywhere (errors, journal, report).
 *
 * <p>Structural problems that make the rest of the file unreadable (bad quoting, invalid UTF-8, a
 * runaway field) end the stream with a {@link BadFileException}; a row with the wrong number of
 * fields is only that row's problem.
 */
public final class CsvRows implements Iterator<CsvRows.Row>, AutoCloseable {
  /**
   * Longest record accepted. A real row is at most a few KB (metadata values stop at 500
   * characters); this only stops an unbalanced quote from reading the whole file into one field.
   */
  static final int MAX_RECORD_CHARS = 1 << 20;

  /** One data row: its cells by column name, or the reason it could not be split into cells. */
  public record Row(long line, Map<String, String> cells, String problem) {}

  private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
      .setHeader()
      .setSkipHeaderRecord(true)
      .setAllowMissingColumnNames(false)
      .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
      .setIgnoreEmptyLines(false) // blank lines are skipped here, so line numbers stay exact
      .get();

  private final Path path;
  private final GuardedReader reader;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final List<String> header;
  private Row next;

  private CsvRows(Path path, GuardedReader reader, CSVParser parser) {
    this.path = path;
    this.reader = reader;
    this.parser = parser;
    this.records = parser.iterator();
    this.header = parser.getHeaderNames();
  }

  /** Opens the file and reads its header; throws {@link BadFileException} if there is none. */
  public static CsvRows open(Path path) {
    GuardedReader reader;
    try {
      Reader utf8 = new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
      BufferedReader buffered = new BufferedReader(utf8, 1 << 16);
      buffered.mark(1);
      if (buffered.read() != '\uFEFF') { // Excel writes a byte order mark; it is not part of the first column's name
        buffered.reset();
      }
      reader = new GuardedReader(buffered);
    } catch (NoSuchFileException e) {
      throw new BadFileException(path + ": no such file");
    } catch (CharacterCodingException e) {
      throw new BadFileException(path + ": not valid UTF-8 (save the file as UTF-8)");
    } catch (IOException e) {
      throw new BadFileException(path + ": cannot read (" + e.getMessage() + ")");
    }
    try {
      CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
      if (parser.getHeaderNames().isEmpty()) {
        parser.close();
        throw new BadFileException(path + ": the file is empty; the first line must be a header such as name,email,amount");
      }
      return new CsvRows(path, reader, parser);
    } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
      closeQuietly(reader);
      throw new BadFileException(path + ": line 1 (header): " + describe(e));
    }
  }

  /** Column names as written in the header, in order. */
  public List<String> header() {
    return header;
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      long line = parser.getCurrentLineNumber() + 1; // the record starts on the line after the last one read
      reader.recordStarts();
      CSVRecord record;
      try {
        if (!records.hasNext()) {
          return false;
        }
        record = records.next();
      } catch (UncheckedIOException | IllegalStateException e) {
        throw new BadFileException(path + ": line " + line + ": " + describe(e));
      }
      if (record.size() == 1 && record.get(0).isEmpty()) {
        continue; // a blank line
      }
      next = toRow(line, record);
    }
    return true;
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Row r = next;
    next = null;
    return r;
  }

  private Row toRow(long line, CSVRecord record) {
    if (record.size() != header.size()) {
      return new Row(line, Map.of(), "has " + record.size() + " fields, the header has " + header.size()
          + " (a comma inside a value needs \"double quotes\")");
    }
    Map<String, String> cells = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) {
      cells.put(header.get(i), record.get(i));
    }
    return new Row(line, cells, null);
  }

  private static String describe(Exception e) {
    Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
    if (t instanceof CharacterCodingException) {
      return "not valid UTF-8 (save the file as UTF-8)";
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    String lower = m.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("eof reached before encapsulated token finished")) {
      return "a quoted value is never closed (unbalanced \")";
    }
    if (lower.contains("invalid char")) {
      return "bad quoting: a closing \" must be followed by a comma or the end of the line (write \"\" for a quote inside a value)";
    }
    if (lower.contains("duplicate")) {
      return "duplicate column name: " + m;
    }
    if (lower.contains("header name is missing") || lower.contains("missing column")) {
      return "a column has no name (an empty header cell, or a trailing comma)";
    }
    return m;
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      // read-only; nothing to lose
    }
  }

  private static void closeQuietly(Reader r) {
    try {
      r.close();
    } catch (IOException e) {
      // read-only
    }
  }

  /** Fails the read when one record runs past {@link #MAX_RECORD_CHARS}. */
  private static final class GuardedReader extends FilterReader {
    private long read;
    private long recordStart;

    GuardedReader(Reader in) {
      super(in);
    }

    void recordStarts() {
      recordStart = read;
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      if (c >= 0) {
        count(1);
      }
      return c;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws IOException {
      read += n;
      // The parser reads ahead in blocks, so allow one block of slack beyond the limit.
      if (read - recordStart > MAX_RECORD_CHARS + (1 << 16)) {
        throw new IOException("a row is longer than " + (MAX_RECORD_CHARS >> 20)
            + " MB (an unbalanced \" makes the rest of the file one value)");
      }
    }
  }
}
