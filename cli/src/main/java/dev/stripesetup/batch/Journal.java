package dev.stripesetup.batch;

import dev.stripesetup.journal.SqliteJournal;
import dev.stripesetup.billing.StripeHelpers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The batch's crash-safe memory, in an embedded SQLite database beside the CSV.
 *
 * <p>Pass 1 records every row (line, a hash of its effective input, email, plan, status) in one
 * transaction, so a journal holds either the whole validated file or nothing. The row itself is not
 * copied: pass 2 reads it again from the file and checks it against the hash. Pass 2 records, for
 * each row, every step before the call (so a re-run knows it was sent; its idempotency key follows
 * from the row) and the returned ID after it, and the row's outcome. Each write is its own
 * transaction. docs/journal.md describes the tables.
 *
 * <p>The journal is bookkeeping, not the guarantee against duplicates: the idempotency keys
 * (deterministic per row) and the chain's find-or-create are. So WAL with synchronous=NORMAL is
 * enough: it survives kill -9 (only a power cut can lose the last commits, and a re-run then
 * converges on the same objects through the same keys).
 *
 * <p>One connection, used under this object's lock by every worker thread.
 */
public final class Journal implements AutoCloseable {
  /** A valid row still to run, as pass 2 reads it back; the row itself comes from the file again. */
  public record PendingRow(long line, String email, String plan, String hash) {}

  /** A row of the file that differs from (or is missing in) the journal but was never sent: taken as it is now. */
  public record Changed(long line, boolean added) {}

  /** One line of the report. */
  public record ReportRow(long line, String email, RowStatus status, String customer, String subscription,
      String error) {}

  /**
   * The batch journal's identity and schema ("STB1" in the header's application_id). Schema 2 keeps
   * a 16-byte hash per row instead of a copy of it, plans by number, and no idempotency keys (they
   * follow from the row); schema 1 journals are refused with a word on what to do.
   */
  static final SqliteJournal.Kind KIND = new SqliteJournal.Kind("stripe-setup batch journal", 0x53544231, 2, List.of(
      "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
      "CREATE TABLE IF NOT EXISTS plans (id INTEGER PRIMARY KEY, plan TEXT NOT NULL UNIQUE, price TEXT, product TEXT,"
          + " existed INTEGER, resolved_at TEXT)",
      "CREATE TABLE IF NOT EXISTS rows (line INTEGER PRIMARY KEY, hash BLOB NOT NULL, email TEXT, plan INTEGER,"
          + " status TEXT NOT NULL, customer TEXT, subscription TEXT, error TEXT, attempts INTEGER NOT NULL DEFAULT 0)",
      "CREATE INDEX IF NOT EXISTS rows_by_email ON rows (email, plan)",
      "CREATE TABLE IF NOT EXISTS steps (line INTEGER NOT NULL, step TEXT NOT NULL, sent INTEGER NOT NULL DEFAULT 0,"
          + " object_id TEXT, PRIMARY KEY (line, step)) WITHOUT ROWID"),
      null,
      // Schema 1, before the header was set.
      tables -> tables.equals(Set.of("meta", "rows", "steps", "plans")));

  /** Hash bytes kept per row: 128 bits of the SHA-256 of the row's effective input, plenty to notice a change. */
  private static final int HASH_BYTES = 16;

  private final Connection db;
  private final PreparedStatement findRow;
  private final PreparedStatement insertRow;
  private final PreparedStatement stepBefore;
  private final PreparedStatement stepAfter;
  private final PreparedStatement setStatus;
  private final PreparedStatement finish;

  private final PreparedStatement planId;
  private final PreparedStatement addPlan;
  /** Plan text to its number, for the plans seen lately (a file has few plans; bounded all the same). */
  private final Map<String, Long> planIds = new java.util.LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > 1024;
    }
  };

  private Journal(Connection db) throws SQLException {
    this.db = db;
    findRow = db.prepareStatement("SELECT hash, attempts, status FROM rows WHERE line = ?");
    insertRow = db.prepareStatement("INSERT OR REPLACE INTO rows (line, hash, email, plan, status, error)"
        + " VALUES (?, ?, ?, ?, ?, ?)");
    stepBefore = db.prepareStatement("INSERT INTO steps (line, step, sent) VALUES (?, ?, 1)"
        + " ON CONFLICT (line, step) DO UPDATE SET sent = 1");
    stepAfter = db.prepareStatement("INSERT INTO steps (line, step, object_id) VALUES (?, ?, ?)"
        + " ON CONFLICT (line, step) DO UPDATE SET object_id = excluded.object_id");
    setStatus = db.prepareStatement("UPDATE rows SET status = ?, attempts = attempts + ? WHERE line = ?");
    finish = db.prepareStatement("UPDATE rows SET status = ?, customer = ?, subscription = ?, error = ? WHERE line = ?");
    planId = db.prepareStatement("SELECT id FROM plans WHERE plan = ?");
    addPlan = db.prepareStatement("INSERT INTO plans (plan) VALUES (?)");
  }

  /**
   * Opens (or creates, owner-only) the journal file, for this process alone: locking_mode=EXCLUSIVE
   * holds SQLite's lock until close (or process death), so a second batch on the same journal is
   * refused instead of racing this one for the same rows.
   *
   * @throws BatchJournalException (exit 8) if the file is not a batch journal, is corrupt, locked or not writable
   */
  public static Journal open(Path path) {
    Connection c = SqliteJournal.open(path, KIND, List.of("PRAGMA locking_mode=EXCLUSIVE", "PRAGMA busy_timeout=1000"),
        List.of("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL"));
    try {
      return new Journal(c);
    } catch (SQLException e) {
      closeQuietly(c);
      throw new BatchJournalException("cannot open the journal " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * A journal in a temporary file, deleted on close (for --check, which must leave nothing
   * behind). A file, not memory: an in-memory database grows with the CSV, outside the Java heap.
   */
  public static Journal temporary() {
    Connection c = null;
    Path file = null;
    try {
      file = Files.createTempFile("stripe-setup-check", ".db"); // owner-only
      c = DriverManager.getConnection("jdbc:sqlite:" + file);
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=OFF"); // nothing to recover: the file goes at close
        s.execute("PRAGMA synchronous=OFF");
        for (String sql : KIND.create()) {
          s.execute(sql);
        }
      }
      Journal j = new Journal(c);
      j.deleteOnClose = file;
      return j;
    } catch (SQLException | java.io.IOException e) {
      closeQuietly(c);
      deleteQuietly(file);
      throw new BatchJournalException("cannot make a temporary journal for --check: " + e.getMessage(), e);
    }
  }

  private Path deleteOnClose;

  private static void deleteQuietly(Path file) {
    try {
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (java.io.IOException e) {
      // a temporary file left in the temporary folder
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
   * Records a validated row (new journal), or checks it against the recorded one (re-run). A row
   * that is new (appended) or changed but was never sent to Stripe (invalid, a duplicate, or not yet
   * started) is recorded as it is now: fixing a bad row and running again is the normal way.
   *
   * @return the change taken, or null when the row is as recorded (or the journal is new)
   * @throws JournalMismatchException when a row that was already sent to Stripe has changed
   */
  public synchronized Changed recordOrCheck(RowRequests.Parsed row, boolean fresh) {
    byte[] hash = hashBytes(row.hash());
    try {
      Changed change = null;
      if (!fresh) {
        findRow.setLong(1, row.line());
        try (ResultSet rs = findRow.executeQuery()) {
          if (!rs.next()) {
            change = new Changed(row.line(), true);
          } else if (Arrays.equals(rs.getBytes(1), hash)) {
            return null;
          } else if (rs.getLong(2) > 0) {
            throw new JournalMismatchException("line " + row.line() + " changed after it was sent to Stripe (it is "
                + RowStatus.of(rs.getString(3)).label() + " in the journal)");
          } else {
            change = new Changed(row.line(), false);
          }
        }
        deleteSteps(row.line());
      }
      insertRow.setLong(1, row.line());
      insertRow.setBytes(2, hash);
      insertRow.setString(3, row.email());
      if (row.plan() == null) {
        insertRow.setNull(4, java.sql.Types.INTEGER);
      } else {
        insertRow.setLong(4, planId(row.plan()));
      }
      insertRow.setString(5, (row.valid() ? RowStatus.PENDING : RowStatus.INVALID).label());
      insertRow.setString(6, row.valid() ? null : row.field() + ": " + row.reason());
      insertRow.executeUpdate();
      return change;
    } catch (SQLException e) {
      throw new BatchJournalException("journal write failed: " + e.getMessage(), e);
    }
  }

  /**
   * After pass 1 of a re-run: drops the journal's rows past the end of the file when none was ever
   * sent (rows deleted from the end of the file).
   *
   * @throws JournalMismatchException when one of them was sent to Stripe
   */
  public synchronized long dropRowsAfter(long lastLine) {
    try (PreparedStatement p = db.prepareStatement("SELECT line, status FROM rows WHERE line > ? AND attempts > 0"
        + " ORDER BY line LIMIT 1")) {
      p.setLong(1, lastLine);
      try (ResultSet rs = p.executeQuery()) {
        if (rs.next()) {
          throw new JournalMismatchException("line " + rs.getLong(1) + " is gone from the file, but it was already sent"
              + " to Stripe (it is " + RowStatus.of(rs.getString(2)).label() + " in the journal)");
        }
      }
      try (PreparedStatement d = db.prepareStatement("DELETE FROM rows WHERE line > ?")) {
        d.setLong(1, lastLine);
        return d.executeUpdate();
      }
    } catch (SQLException e) {
      throw new BatchJournalException("journal write failed: " + e.getMessage(), e);
    }
  }

  private void deleteSteps(long line) throws SQLException {
    try (PreparedStatement p = db.prepareStatement("DELETE FROM steps WHERE line = ?")) {
      p.setLong(1, line);
      p.executeUpdate();
    }
  }

  private long planId(String plan) throws SQLException {
    Long id = planIds.get(plan);
    if (id != null) {
      return id;
    }
    planId.setString(1, plan);
    try (ResultSet rs = planId.executeQuery()) {
      if (rs.next()) {
        id = rs.getLong(1);
      }
    }
    if (id == null) {
      addPlan.setString(1, plan);
      addPlan.executeUpdate();
      try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
        rs.next();
        id = rs.getLong(1);
      }
    }
    planIds.put(plan, id);
    return id;
  }

  static byte[] hashBytes(String hex) {
    return java.util.HexFormat.of().parseHex(hex.substring(0, HASH_BYTES * 2));
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
      throw new BatchJournalException("journal read failed: " + e.getMessage(), e);
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
      throw new BatchJournalException("journal read failed: " + e.getMessage(), e);
    }
    return emails;
  }

  // ---- pass 2 ---------------------------------------------------------------------------------

  /** The next rows to run after {@code afterLine}, in file order: pending, interrupted and failed ones. */
  public synchronized List<PendingRow> pendingAfter(long afterLine, int limit) {
    List<PendingRow> rows = new ArrayList<>();
    try (PreparedStatement p = db.prepareStatement("SELECT r.line, r.email, p.plan, r.hash FROM rows r"
        + " LEFT JOIN plans p ON p.id = r.plan WHERE r.line > ? AND r.status IN ('pending', 'running', 'failed', 'awaiting-payment')"
        + " ORDER BY r.line LIMIT ?")) {
      p.setLong(1, afterLine);
      p.setInt(2, limit);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          rows.add(new PendingRow(rs.getLong(1), rs.getString(2), rs.getString(3),
              java.util.HexFormat.of().formatHex(rs.getBytes(4))));
        }
      }
    } catch (SQLException e) {
      throw new BatchJournalException("journal read failed: " + e.getMessage(), e);
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
      finish.setLong(5, line);
      finish.executeUpdate();
    } catch (SQLException e) {
      throw new BatchJournalException("journal write failed: " + e.getMessage(), e);
    }
  }

  /** The chain's step hooks for one row. */
  public StripeHelpers.Steps steps(long line) {
    return new StripeHelpers.Steps() {
      @Override
      public void before(String step, String idempotencyKey) {
        step(stepBefore, line, step, null); // the key follows from the row; that the call went out is what counts
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
        "SELECT 1 FROM steps WHERE line = ? AND step = ? AND sent = 1")) {
      p.setLong(1, line);
      p.setString(2, step);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new BatchJournalException("journal read failed: " + e.getMessage(), e);
    }
  }

  public synchronized void plan(String plan, String priceId, String productId, boolean existed) {
    try (PreparedStatement p = db.prepareStatement("INSERT INTO plans (plan, price, product, existed, resolved_at)"
        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (plan) DO UPDATE SET price = excluded.price,"
        + " product = excluded.product, existed = excluded.existed, resolved_at = excluded.resolved_at")) {
      p.setString(1, plan);
      p.setString(2, priceId);
      p.setString(3, productId);
      p.setInt(4, existed ? 1 : 0);
      p.setString(5, now());
      p.executeUpdate();
    } catch (SQLException e) {
      throw new BatchJournalException("journal write failed: " + e.getMessage(), e);
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
      throw new BatchJournalException("journal read failed: " + e.getMessage(), e);
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
      throw new BatchJournalException("journal read failed: " + e.getMessage(), e);
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
    deleteQuietly(deleteOnClose);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private synchronized void step(PreparedStatement p, long line, String step, String objectId) {
    try {
      p.setLong(1, line);
      p.setString(2, step);
      if (objectId != null) {
        p.setString(3, objectId);
      }
      p.executeUpdate();
    } catch (SQLException e) {
      throw new BatchJournalException("journal write failed: " + e.getMessage(), e);
    }
  }

  private void status(long line, RowStatus status, int attempt) {
    try {
      setStatus.setString(1, status.label());
      setStatus.setInt(2, attempt);
      setStatus.setLong(3, line);
      setStatus.executeUpdate();
    } catch (SQLException e) {
      throw new BatchJournalException("journal write failed: " + e.getMessage(), e);
    }
  }

  private String meta(String key) {
    try (PreparedStatement p = db.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
      p.setString(1, key);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new BatchJournalException("journal read failed: " + e.getMessage(), e);
    }
  }

  private void putMeta(String key, String value) {
    try (PreparedStatement p = db.prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")) {
      p.setString(1, key);
      p.setString(2, value);
      p.executeUpdate();
    } catch (SQLException e) {
      throw new BatchJournalException("journal write failed: " + e.getMessage(), e);
    }
  }

  private long queryLong(String sql) {
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      throw new BatchJournalException("journal read failed: " + e.getMessage(), e);
    }
  }

  private void exec(String sql) {
    try (Statement s = db.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new BatchJournalException("journal failed (" + sql + "): " + e.getMessage(), e);
    }
  }

  private static String now() {
    return Instant.now().toString();
  }
}
