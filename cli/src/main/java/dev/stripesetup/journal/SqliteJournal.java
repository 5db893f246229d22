package dev.stripesetup.journal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.sqlite.SQLiteConfig;

/**
 * Opens a journal (an SQLite file of this tool) only after checking it is one, of the right kind,
 * intact and writable; so an unrelated database is never adopted or changed, and a bad journal is
 * refused at start, not at the first write.
 *
 * <p>Identity is SQLite's own header fields: {@code application_id} names the kind of journal,
 * {@code user_version} its schema. A new journal is created owner-only (0600): it holds names,
 * emails and payloads, and SQLite gives its -wal and -shm files the database file's permissions.
 */
public final class SqliteJournal {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  /**
   * One kind of journal.
   *
   * @param name what it is called in messages ("stripe-setup listen journal")
   * @param applicationId the value in the file header that marks this kind
   * @param version the schema this code writes
   * @param create the statements that create the schema (all IF NOT EXISTS)
   * @param legacy the table names of a journal written before the header was set, if such a journal
   *     may be adopted; null if it may not
   * @param earlier the table names of a journal written before the header was set by a version whose
   *     schema this one no longer reads (refused with a word on what to do); null if none
   */
  public record Kind(String name, int applicationId, int version, List<String> create, Predicate<Set<String>> legacy,
      Predicate<Set<String>> earlier) {}

  private SqliteJournal() {}

  /**
   * Opens (creating owner-only if absent) a journal for reading and writing. {@code pragmas} run
   * first (locking mode, busy timeout); {@code afterCheck} (journal mode, synchronous) only once the
   * file is known to be this kind of journal, since they write to the file.
   *
   * @throws JournalUnusableException with a one-line reason naming the file
   */
  public static Connection open(Path file, Kind kind, List<String> pragmas, List<String> afterCheck) {
    Path path = file.toAbsolutePath().normalize();
    boolean created = false;
    Connection c = null;
    try {
      if (Files.exists(path) && !Files.isRegularFile(path)) {
        throw unusable(file, "is not a regular file", null);
      }
      if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(path.getParent());
        try {
          Files.createFile(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
          created = true;
        } catch (FileAlreadyExistsException raced) {
          // another process made it first; the checks below decide
        } catch (UnsupportedOperationException notPosix) {
          Files.createFile(path);
          created = true;
        }
      }
      c = DriverManager.getConnection("jdbc:sqlite:" + path);
      try (Statement s = c.createStatement()) {
        for (String p : pragmas) {
          s.execute(p);
        }
        checkIntact(s, file);
        boolean fresh = checkIdentity(s, file, kind) != Found.CURRENT;
        for (String p : afterCheck) {
          s.execute(p);
        }
        if (fresh) {
          s.execute("BEGIN IMMEDIATE");
          for (String sql : kind.create()) {
            s.execute(sql);
          }
          s.execute("PRAGMA application_id = " + kind.applicationId());
          s.execute("PRAGMA user_version = " + kind.version());
          s.execute("COMMIT");
        } else {
          // The write probe: a journal that cannot take a commit is refused now, not at the first event.
          s.execute("BEGIN IMMEDIATE");
          s.execute("PRAGMA user_version = " + kind.version());
          s.execute("COMMIT");
        }
      }
      ownerOnly(path);
      return c;
    } catch (SQLException e) {
      closeQuietly(c);
      if (created) {
        deleteQuietly(path);
      }
      throw unusable(file, reason(e), e);
    } catch (IOException e) {
      closeQuietly(c);
      throw unusable(file, "cannot be created (" + e.getMessage() + ")", e);
    } catch (RuntimeException e) {
      closeQuietly(c);
      if (created) {
        deleteQuietly(path);
      }
      throw e;
    }
  }

  /** Opens an existing journal to read only: checked the same way, and nothing in it is changed. */
  public static Connection openReadOnly(Path file, Kind kind) {
    if (!Files.isRegularFile(file)) {
      throw unusable(file, Files.exists(file) ? "is not a regular file" : "does not exist", null);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(5000);
    Connection c = null;
    try {
      c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
      try (Statement s = c.createStatement()) {
        checkIntact(s, file);
        if (checkIdentity(s, file, kind) == Found.EMPTY) {
          throw unusable(file, "is empty, not a " + kind.name(), null);
        }
      }
      return c;
    } catch (SQLException e) {
      closeQuietly(c);
      throw unusable(file, reason(e), e);
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /** {@code PRAGMA quick_check}: the pages and indexes hang together (O(size), no full index check). */
  private static void checkIntact(Statement s, Path file) throws SQLException {
    try (ResultSet r = s.executeQuery("PRAGMA quick_check")) {
      String first = r.next() ? r.getString(1) : "no answer";
      if (!"ok".equals(first)) {
        throw unusable(file, "is corrupt (SQLite quick_check: " + first + ")", null);
      }
    }
  }

  /** What an opened file turned out to be. */
  private enum Found { EMPTY, LEGACY, CURRENT }

  /** Refuses anything that is not this kind of journal (or an empty database, to be made one). */
  private static Found checkIdentity(Statement s, Path file, Kind kind) throws SQLException {
    int appId = intPragma(s, "application_id");
    int version = intPragma(s, "user_version");
    Set<String> tables = new TreeSet<>();
    try (ResultSet r = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
      while (r.next()) {
        tables.add(r.getString(1));
      }
    }
    if (appId == kind.applicationId()) {
      if (version > kind.version()) {
        throw unusable(file, "was written by a newer stripe-setup (" + kind.name() + " schema " + version
            + "; this version knows " + kind.version() + ")", null);
      }
      if (version < kind.version()) {
        throw earlier(file, kind, version);
      }
      return Found.CURRENT;
    }
    if (appId == 0 && tables.isEmpty()) {
      return Found.EMPTY;
    }
    if (appId == 0 && kind.legacy() != null && kind.legacy().test(tables)) {
      return Found.LEGACY; // made before the header was set: the CREATE IF NOT EXISTS statements leave its tables as they are
    }
    if (appId == 0 && kind.earlier() != null && kind.earlier().test(tables)) {
      throw earlier(file, kind, 1);
    }
    throw unusable(file, "is not a " + kind.name() + (appId != 0 ? String.format(" (application_id 0x%08x)", appId)
        : tables.isEmpty() ? "" : " (tables: " + String.join(", ", tables) + ")") + "; give another journal path", null);
  }

  private static JournalUnusableException earlier(Path file, Kind kind, int version) {
    return unusable(file, "was written by an earlier stripe-setup (" + kind.name() + " schema " + version
        + "; this version writes " + kind.version() + "): finish with that version, or give a new journal path", null);
  }

  private static int intPragma(Statement s, String name) throws SQLException {
    try (ResultSet r = s.executeQuery("PRAGMA " + name)) {
      return r.next() ? r.getInt(1) : 0;
    }
  }

  /** Tightens a journal (and its WAL and shared-memory files) made before journals were owner-only. */
  private static void ownerOnly(Path path) {
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Path f = path.resolveSibling(path.getFileName() + suffix);
      try {
        if (Files.exists(f) && !Files.getPosixFilePermissions(f).equals(OWNER_ONLY)) {
          Files.setPosixFilePermissions(f, OWNER_ONLY);
        }
      } catch (IOException | UnsupportedOperationException e) {
        // not ours to change (another owner), or not a POSIX file system: left as it is
      }
    }
  }

  private static String reason(SQLException e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("SQLITE_NOTADB") || m.contains("not a database")) {
      return "is not a SQLite database (so not a journal); give another journal path";
    }
    if (m.contains("SQLITE_CORRUPT") || m.contains("malformed")) {
      return "is corrupt (" + m + ")";
    }
    if (m.contains("SQLITE_BUSY") || m.contains("locked")) {
      return "is in use by another stripe-setup process (" + m + ")";
    }
    if (m.contains("READONLY") || m.contains("readonly") || m.contains("CANTOPEN") || m.contains("IOERR")) {
      return "cannot be written (" + m + ")";
    }
    return "cannot be used (" + m + ")";
  }

  public static JournalUnusableException unusable(Path file, String why, Throwable cause) {
    return new JournalUnusableException("the journal " + file + " " + why, cause);
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

  private static void deleteQuietly(Path p) {
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      try {
        Files.deleteIfExists(p.resolveSibling(p.getFileName() + suffix));
      } catch (IOException e) {
        // an empty file left behind
      }
    }
  }
}
