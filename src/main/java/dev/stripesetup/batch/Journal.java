package dev.stripesetup.batch;

import dev.stripesetup.stripe.StripeHelpers;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The batch's crash-safe memory, in an embedded SQLite database beside the CSV.
 *
 * <p>Pass 1 records every row (line, content hash, email, plan, effective input, status) in one
 * transaction, so a journal holds either the whole validated file or nothing. Pass 2 records, for
 * each row, every step's idempotency key before the call and the returned ID after it, and the
 * row's outcome. Each write is its own transaction.
 *
 * <p>The journal is bookkeeping, not the guarantee against duplicates: the idempotency keys
 * (deterministic per row) and the chain's find-or-create are. So WAL with synchronous=NORMAL is
 * enough: it survives kill -9 (only a power cut can lose the last commits, and a re-run then
 * converges on the same objects through the same keys).
 *
 * <p>One connection, used under this object's lock by every worker thread.
 */
public final class Journal implements AutoCloseable {
  /** A valid row still to run, as pass 2 reads it back. */
  public record PendingRow(long line, String email, String plan, String input) {}

  /** One line of the report. */
  public record ReportRow(long line, String email, RowStatus status, String customer, String subscription,
      String error) {}

  private static final int SCHEMA = 1;
  private final Connection db;
  private final PreparedStatement findRow;
  private final PreparedStatement insertRow;
  private final PreparedStatement stepBefore;
  private final PreparedStatement stepAfter;
  private final PreparedStatement setStatus;
  private final PreparedStatement finish;

  private Journal(Connection db, boolean file) throws SQLException {
    this.db = db;
    try (Statement s = db.createStatement()) {
      if (file) {
        // Held until close (or process death): a second batch on the same journal is refused
        // instead of racing this one for the same rows.
        s.execute("PRAGMA locking_mode=EXCLUSIVE");
      }
      s.execute("PRAGMA busy_timeout=1000");
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=NORMAL");
      s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)");
      s.execute("CREATE TABLE IF NOT EXISTS rows (line INTEGER PRIMARY KEY, hash TEXT NOT NULL, email TEXT,"
          + " plan TEXT, input TEXT, status TEXT NOT NULL, customer TEXT, subscription TEXT, error TEXT,"
          + " attempts INTEGER NOT NULL DEFAULT 0, updated_at TEXT)");
      s.execute("CREATE INDEX IF NOT EXISTS rows_by_email ON rows (email, plan, line)");
      s.execute("CREATE TABLE IF NOT EXISTS steps (line INTEGER NOT NULL, step TEXT NOT NULL,"
          + " idempotency_key TEXT, object_id TEXT, started_at TEXT, finished_at TEXT, PRIMARY KEY (line, step))");
      s.execute("CREATE TABLE IF NOT EXISTS plans (plan TEXT PRIMARY KEY, price TEXT, product TEXT,"
          + " existed INTEGER, resolved_at TEXT)");
    }
    String schema = meta("schema");
    if (schema != null && !schema.equals(String.valueOf(SCHEMA))) {
      throw new JournalMismatchException("the journal was written by another version of stripe-setup (schema "
          + schema + "); use a new --journal path");
    }
    putMeta("schema", String.valueOf(SCHEMA));
    findRow = db.prepareStatement("SELECT hash FROM rows WHERE line = ?");
    insertRow = db.prepareStatement("INSERT INTO rows (line, hash, email, plan, input, status, error, updated_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    stepBefore = db.prepareStatement("INSERT INTO steps (line, step, idempotency_key, started_at) VALUES (?, ?, ?, ?)"
        + " ON CONFLICT (line, step) DO UPDATE SET idempotency_key = excluded.idempotency_key,"
        + " started_at = excluded.started_at");
    stepAfter = db.prepareStatement("INSERT INTO steps (line, step, object_id, finished_at) VALUES (?, ?, ?, ?)"
        + " ON CONFLICT (line, step) DO UPDATE SET object_id = excluded.object_id, finished_at = excluded.finished_at");
    setStatus = db.prepareStatement("UPDATE rows SET status = ?, attempts = attempts + ?, updated_at = ? WHERE line = ?");
    finish = db.prepareStatement("UPDATE rows SET status = ?, customer = ?, subscription = ?, error = ?,"
        + " updated_at = ? WHERE line = ?");
  }

  /** Opens (or creates) the journal file. */
  public static Journal open(Path path) {
    return open("jdbc:sqlite:" + path.toAbsolutePath());
  }

  /** A journal that lives only in memory (for --check, which must leave nothing behind). */
  public static Journal inMemory() {
    return open("jdbc:sqlite::memory:");
  }

  private static Journal open(String url) {
    String where = url.substring("jdbc:sqlite:".length());
    Connection c = null;
    try {
      c = DriverManager.getConnection(url);
      return new Journal(c, !where.equals(":memory:"));
    } catch (SQLException e) {
      closeQuietly(c);
      String m = String.valueOf(e.getMessage());
      throw new JournalException("cannot open the journal " + where + ": " + m
          + (m.contains("BUSY") || m.contains("locked") ? " (is another batch running with this journal?)" : ""), e);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (SQLException e) {
      // already failing
    }
  }

  // ---- identity -------------------------------------------------------------------------------

  /**
   * Binds the journal to one setting (e.g. the key's mode) or refuses if it was made under another:
   * rows done in test mode must not count as done in live mode.
   */
  public synchronized void bind(String key, String value, String what) {
    String existing = meta(key);
    if (existing == null) {
      putMeta(key, value);
    } else if (!existing.equals(value)) {
      throw new JournalMismatchException("the journal was made for " + what + " " + existing + ", not " + value
          + "; use another --journal for this run");
    }
  }

  // ---- pass 1 ---------------------------------------------------------------------------------

  /** Number of rows recorded by an earlier pass 1 (0 for a new journal). */
  public synchronized long rowCount() {
    return queryLong("SELECT COUNT(*) FROM rows");
  }

  public synchronized void begin() {
    exec("BEGIN IMMEDIATE");
  }

  public synchronized void commit() {
    exec("COMMIT");
  }

  public synchronized void rollback() {
    try (Statement s = db.createStatement()) {
      if (!db.getAutoCommit()) {
        db.rollback();
      } else {
        s.execute("ROLLBACK");
      }
    } catch (SQLException e) {
      // nothing was in progress
    }
  }

  /**
   * Records a validated row (new journal), or checks it against the recorded one (re-run).
   *
   * @throws JournalMismatchException when the journal holds a different row at this line
   */
  public synchronized void recordOrCheck(RowRequests.Parsed row, boolean fresh) {
    try {
      if (!fresh) {
        findRow.setLong(1, row.line());
        try (ResultSet rs = findRow.executeQuery()) {
          if (!rs.next()) {
            throw new JournalMismatchException("line " + row.line() + " is not in the journal");
          }
          if (!rs.getString(1).equals(row.hash())) {
            throw new JournalMismatchException("line " + row.line() + " differs from the row recorded in the journal");
          }
        }
        return;
      }
      insertRow.setLong(1, row.line());
      insertRow.setString(2, row.hash());
      insertRow.setString(3, row.email());
      insertRow.setString(4, row.plan());
      insertRow.setString(5, row.input());
      insertRow.setString(6, (row.valid() ? RowStatus.PENDING : RowStatus.INVALID).label());
      insertRow.setString(7, row.valid() ? null : row.field() + ": " + row.reason());
      insertRow.setString(8, now());
      insertRow.executeUpdate();
    } catch (SQLException e) {
      throw new JournalException("journal write failed: " + e.getMessage(), e);
    }
  }

  /**
   * Marks every valid row whose email and plan already appeared on an earlier valid row.
   *
   * @return the lines marked, with the line each repeats (for this run's output)
   */
  public synchronized List<Duplicate> markDuplicates() {
    String sql = "SELECT r.line, (SELECT MIN(f.line) FROM rows f WHERE f.email = r.email AND f.plan = r.plan"
        + " AND f.line < r.line AND f.status != 'invalid') AS first, r.email FROM rows r WHERE r.status IN"
        + " ('pending', 'running', 'failed', 'awaiting-payment') AND first IS NOT NULL";
    List<Duplicate> marked = new ArrayList<>();
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        marked.add(new Duplicate(rs.getLong(1), rs.getLong(2), rs.getString(3)));
      }
    } catch (SQLException e) {
      throw new JournalException("journal read failed: " + e.getMessage(), e);
    }
    for (Duplicate d : marked) {
      finish(d.line(), RowStatus.SKIPPED_DUPLICATE, null, null, "same email and plan as line " + d.first());
    }
    return marked;
  }

  /** A row that repeats the email and plan of an earlier one. */
  public record Duplicate(long line, long first, String email) {}

  /** Emails with more than one row still to run (different plans): those rows must run one after another. */
  public synchronized Set<String> emailsWithSeveralPlans() {
    Set<String> emails = new HashSet<>();
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT email FROM rows WHERE status"
        + " NOT IN ('invalid', 'skipped-duplicate') GROUP BY email HAVING COUNT(*) > 1")) {
      while (rs.next()) {
        emails.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new JournalException("journal read failed: " + e.getMessage(), e);
    }
    return emails;
  }

  // ---- pass 2 ---------------------------------------------------------------------------------

  /** The next rows to run after {@code afterLine}, in file order: pending, interrupted and failed ones. */
  public synchronized List<PendingRow> pendingAfter(long afterLine, int limit) {
    List<PendingRow> rows = new ArrayList<>();
    try (PreparedStatement p = db.prepareStatement("SELECT line, email, plan, input FROM rows WHERE line > ?"
        + " AND status IN ('pending', 'running', 'failed', 'awaiting-payment') ORDER BY line LIMIT ?")) {
      p.setLong(1, afterLine);
      p.setInt(2, limit);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          rows.add(new PendingRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
    } catch (SQLException e) {
      throw new JournalException("journal read failed: " + e.getMessage(), e);
    }
    return rows;
  }

  public synchronized long countToRun() {
    return queryLong("SELECT COUNT(*) FROM rows WHERE status IN ('pending', 'running', 'failed', 'awaiting-payment')");
  }

  public synchronized void started(long line) {
    status(line, RowStatus.RUNNING, 1);
  }

  /** Back to pending: the row was interrupted and will run on the next invocation. */
  public synchronized void pending(long line) {
    status(line, RowStatus.PENDING, 0);
  }

  public synchronized void finish(long line, RowStatus status, String customer, String subscription, String error) {
    try {
      finish.setString(1, status.label());
      finish.setString(2, customer);
      finish.setString(3, subscription);
      finish.setString(4, error);
      finish.setString(5, now());
      finish.setLong(6, line);
      finish.executeUpdate();
    } catch (SQLException e) {
      throw new JournalException("journal write failed: " + e.getMessage(), e);
    }
  }

  /** The chain's step hooks for one row. */
  public StripeHelpers.Steps steps(long line) {
    return new StripeHelpers.Steps() {
      @Override
      public void before(String step, String idempotencyKey) {
        step(stepBefore, line, step, idempotencyKey);
      }

      @Override
      public void after(String step, String objectId) {
        step(stepAfter, line, step, objectId);
      }
    };
  }

  /** True when an earlier attempt of this row already sent this step (its key was recorded). */
  public synchronized boolean stepSent(long line, String step) {
    try (PreparedStatement p = db.prepareStatement(
        "SELECT 1 FROM steps WHERE line = ? AND step = ? AND idempotency_key IS NOT NULL")) {
      p.setLong(1, line);
      p.setString(2, step);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new JournalException("journal read failed: " + e.getMessage(), e);
    }
  }

  /** A step's recorded idempotency key and object ID: {key, id}, or null. */
  public synchronized String[] step(long line, String step) {
    try (PreparedStatement p = db.prepareStatement(
        "SELECT idempotency_key, object_id FROM steps WHERE line = ? AND step = ?")) {
      p.setLong(1, line);
      p.setString(2, step);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : null;
      }
    } catch (SQLException e) {
      throw new JournalException("journal read failed: " + e.getMessage(), e);
    }
  }

  public synchronized void plan(String plan, String priceId, String productId, boolean existed) {
    try (PreparedStatement p = db.prepareStatement("INSERT INTO plans (plan, price, product, existed, resolved_at)"
        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (plan) DO UPDATE SET price = excluded.price,"
        + " product = excluded.product, resolved_at = excluded.resolved_at")) {
      p.setString(1, plan);
      p.setString(2, priceId);
      p.setString(3, productId);
      p.setInt(4, existed ? 1 : 0);
      p.setString(5, now());
      p.executeUpdate();
    } catch (SQLException e) {
      throw new JournalException("journal write failed: " + e.getMessage(), e);
    }
  }

  // ---- results --------------------------------------------------------------------------------

  public synchronized Map<RowStatus, Long> counts() {
    Map<RowStatus, Long> counts = new EnumMap<>(RowStatus.class);
    for (RowStatus s : RowStatus.values()) {
      counts.put(s, 0L);
    }
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT status, COUNT(*) FROM rows GROUP BY status")) {
      while (rs.next()) {
        counts.put(RowStatus.of(rs.getString(1)), rs.getLong(2));
      }
    } catch (SQLException e) {
      throw new JournalException("journal read failed: " + e.getMessage(), e);
    }
    return counts;
  }

  /** Report rows after {@code afterLine}, in file order (paged, so memory stays flat). */
  public synchronized List<ReportRow> reportAfter(long afterLine, int limit) {
    List<ReportRow> rows = new ArrayList<>();
    try (PreparedStatement p = db.prepareStatement("SELECT line, email, status, customer, subscription, error"
        + " FROM rows WHERE line > ? ORDER BY line LIMIT ?")) {
      p.setLong(1, afterLine);
      p.setInt(2, limit);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          rows.add(new ReportRow(rs.getLong(1), rs.getString(2), RowStatus.of(rs.getString(3)), rs.getString(4),
              rs.getString(5), rs.getString(6)));
        }
      }
    } catch (SQLException e) {
      throw new JournalException("journal read failed: " + e.getMessage(), e);
    }
    return rows;
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      // closing; the last commit is already durable
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private synchronized void step(PreparedStatement p, long line, String step, String value) {
    try {
      p.setLong(1, line);
      p.setString(2, step);
      p.setString(3, value);
      p.setString(4, now());
      p.executeUpdate();
    } catch (SQLException e) {
      throw new JournalException("journal write failed: " + e.getMessage(), e);
    }
  }

  private void status(long line, RowStatus status, int attempt) {
    try {
      setStatus.setString(1, status.label());
      setStatus.setInt(2, attempt);
      setStatus.setString(3, now());
      setStatus.setLong(4, line);
      setStatus.executeUpdate();
    } catch (SQLException e) {
      throw new JournalException("journal write failed: " + e.getMessage(), e);
    }
  }

  private String meta(String key) {
    try (PreparedStatement p = db.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
      p.setString(1, key);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new JournalException("journal read failed: " + e.getMessage(), e);
    }
  }

  private void putMeta(String key, String value) {
    try (PreparedStatement p = db.prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")) {
      p.setString(1, key);
      p.setString(2, value);
      p.executeUpdate();
    } catch (SQLException e) {
      throw new JournalException("journal write failed: " + e.getMessage(), e);
    }
  }

  private long queryLong(String sql) {
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      throw new JournalException("journal read failed: " + e.getMessage(), e);
    }
  }

  private void exec(String sql) {
    try (Statement s = db.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new JournalException("journal failed (" + sql + "): " + e.getMessage(), e);
    }
  }

  private static String now() {
    return Instant.now().toString();
  }
}
