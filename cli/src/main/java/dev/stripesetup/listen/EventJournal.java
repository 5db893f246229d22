package dev.stripesetup.listen;

import dev.stripesetup.webhook.EventFacts;
import dev.stripesetup.webhook.PaymentFailure;

import dev.stripesetup.journal.JournalUnusableException;
import dev.stripesetup.journal.ProcessLock;
import dev.stripesetup.journal.SqliteJournal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The webhook journal: an embedded SQLite file ({@code stripe-setup-events.db} by default) that
 * records each delivered event once, the latest known state of each subscription, and every payment
 * failure.
 *
 * <p>Durability: WAL mode with {@code synchronous=FULL}. In WAL mode, NORMAL only syncs at
 * checkpoints, so a commit acknowledged to Stripe could be lost if the machine (not just the
 * process) goes down; FULL syncs the WAL on every commit, which is what "durably recorded before
 * the 2xx" means. It costs one fsync per event, which the benchmark shows fits the latency target.
 *
 * <p>One connection, used under this object's lock: SQLite allows one writer at a time anyway, and
 * the writes are a few rows.
 */
public final class EventJournal implements AutoCloseable {
  public static final String DEFAULT_FILE = "stripe-setup-events.db";

  /** The listen journal's identity and schema ("STL1" in the header's application_id). */
  static final SqliteJournal.Kind KIND = new SqliteJournal.Kind("stripe-setup listen journal", 0x53544C31, 1, List.of(
      "CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, "
          + "type TEXT NOT NULL, created INTEGER NOT NULL, received_at INTEGER NOT NULL, payload TEXT NOT NULL, "
          + "handled_at INTEGER)",
      "CREATE INDEX IF NOT EXISTS events_unhandled ON events(seq) WHERE handled_at IS NULL",
      "CREATE TABLE IF NOT EXISTS subscriptions (id TEXT PRIMARY KEY, customer TEXT, "
          + "status TEXT, status_event_created INTEGER, status_event_id TEXT, "
          + "latest_invoice TEXT, latest_invoice_status TEXT, invoice_event_created INTEGER, invoice_event_id TEXT, "
          + "updated_at INTEGER NOT NULL)",
      "CREATE TABLE IF NOT EXISTS payment_failures (event_id TEXT PRIMARY KEY, created INTEGER NOT NULL, "
          + "livemode INTEGER NOT NULL, invoice TEXT, customer TEXT, customer_email TEXT, subscription TEXT, "
          + "amount INTEGER NOT NULL, currency TEXT, attempt_count INTEGER NOT NULL, next_payment_attempt INTEGER, "
          + "decline_reason TEXT, hosted_invoice_url TEXT, superseded INTEGER NOT NULL, recorded_at INTEGER NOT NULL)"),
      // Journals written before the header was set: exactly these tables.
      tables -> tables.equals(Set.of("events", "subscriptions", "payment_failures")), null);

  private final Connection db;
  private final Path file;
  private final ProcessLock lock;

  /** An event waiting to be handled, as it was received. */
  public record Pending(long seq, String id, String type, long created, String payload) {}

  /** What the journal knows about one subscription. */
  public record SubscriptionState(String id, String customer, String status, String statusEventId,
      String latestInvoice, String latestInvoiceStatus, String invoiceEventId) {}

  private EventJournal(Connection db, Path file, ProcessLock lock) {
    this.db = db;
    this.file = file;
    this.lock = lock;
  }

  /**
   * Opens (creating if needed) the journal for reading and writing, for one process at a time: two
   * listeners on one journal would each handle every event. The lock is an operating-system lock
   * on {@code <journal>-lock}, released by the system if the process dies; {@code failures}, which
   * only reads, does not take it.
   *
   * @throws EventJournalException (exit 8) if the file is not a listen journal, is corrupt, cannot be
   *     written, or another process has it open
   */
  public static EventJournal open(Path file) {
    ProcessLock lock = ProcessLock.take(file, "stripe-setup listen");
    try {
      Connection c = SqliteJournal.open(file, KIND, List.of("PRAGMA busy_timeout=5000"),
          List.of("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL"));
      return new EventJournal(c, file, lock);
    } catch (RuntimeException e) {
      lock.closeAndRemove(); // a refused journal leaves no <journal>-lock behind
      throw e;
    }
  }

  /**
   * Opens an existing journal for reading only ({@code failures}): checked like {@link #open}, but
   * nothing is created or changed, even if the file is some other database, and a running
   * {@code listen} is never blocked.
   */
  public static EventJournal openReadOnly(Path file) {
    return new EventJournal(SqliteJournal.openReadOnly(file, KIND), file, null);
  }

  public Path file() {
    return file;
  }

  /** One delivery waiting for its commit; filled in by whichever thread commits its batch. */
  private static final class Entry {
    final String id;
    final String type;
    final long created;
    final String payload;
    boolean done;
    boolean fresh;
    RuntimeException error;

    Entry(String id, String type, long created, String payload) {
      this.id = id;
      this.type = type;
      this.created = created;
      this.payload = payload;
    }
  }

  private final java.util.ArrayDeque<Entry> waiting = new java.util.ArrayDeque<>();

  /**
   * Records a delivered event; true when it is new, false for a re-delivery. Once this returns the
   * row is committed and synced: only then may the delivery be acknowledged.
   *
   * <p>Group commit: deliveries arriving together queue up, and the first to get the journal's lock
   * commits all of them in one transaction (one fsync); the others find theirs done. Under a burst
   * this keeps the fsyncs per second bounded instead of one per delivery.
   */
  public boolean record(String id, String type, long created, String payload) {
    Entry me = new Entry(id, type, created, payload);
    synchronized (waiting) {
      waiting.add(me);
    }
    synchronized (this) {
      if (!me.done) {
        List<Entry> batch;
        synchronized (waiting) {
          batch = new ArrayList<>(waiting);
          waiting.clear();
        }
        commit(batch);
      }
    }
    if (me.error != null) {
      throw me.error;
    }
    return me.fresh;
  }

  private void commit(List<Entry> batch) {
    try {
      db.setAutoCommit(false);
      // INSERT OR IGNORE on the UNIQUE id: a re-delivery (even one in the same batch) changes nothing.
      try (PreparedStatement p = db.prepareStatement(
          "INSERT OR IGNORE INTO events (id, type, created, received_at, payload) VALUES (?, ?, ?, ?, ?)")) {
        for (Entry e : batch) {
          p.setString(1, e.id);
          p.setString(2, e.type);
          p.setLong(3, e.created);
          p.setLong(4, System.currentTimeMillis());
          p.setString(5, e.payload);
          e.fresh = p.executeUpdate() == 1;
        }
        db.commit();
      } catch (SQLException ex) {
        db.rollback();
        throw ex;
      } finally {
        db.setAutoCommit(true);
      }
    } catch (SQLException ex) {
      EventJournalException error = new EventJournalException("cannot record events: " + ex.getMessage(), ex);
      batch.forEach(e -> e.error = error);
    }
    batch.forEach(e -> e.done = true);
  }

  /** Events recorded but not yet handled (after a crash, or still queued), oldest first. */
  public synchronized List<Pending> unhandled(int limit) {
    List<Pending> list = new ArrayList<>();
    try (PreparedStatement p = db.prepareStatement(
        "SELECT seq, id, type, created, payload FROM events WHERE handled_at IS NULL ORDER BY seq LIMIT ?")) {
      p.setInt(1, limit);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          list.add(new Pending(r.getLong(1), r.getString(2), r.getString(3), r.getLong(4), r.getString(5)));
        }
      }
      return list;
    } catch (SQLException e) {
      throw new EventJournalException("cannot read the journal: " + e.getMessage(), e);
    }
  }

  /**
   * Applies events, in order, to their subscriptions' state, and records their payment failures, in
   * one transaction. Safe to repeat for the same event (after a crash before {@link #markHandled}).
   *
   * @return per event, false when a newer event of the same kind (status, or invoice) was already
   *     applied, so this one changed nothing
   */
  public synchronized List<Boolean> apply(List<EventFacts> batch) {
    try {
      db.setAutoCommit(false);
      try {
        List<Boolean> results = new ArrayList<>();
        for (EventFacts facts : batch) {
          boolean applied = facts.subscriptionId() == null || (facts.kind().isInvoice() ? applyInvoice(facts) : applyStatus(facts));
          if (facts.failure() != null) {
            insertFailure(facts.failure().withSuperseded(!applied));
          }
          results.add(applied);
        }
        db.commit();
        return results;
      } catch (SQLException | RuntimeException e) {
        db.rollback();
        throw e;
      } finally {
        db.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new EventJournalException("cannot apply events: " + e.getMessage(), e);
    }
  }

  /**
   * Status moves only forward in event time; a canceled (or incomplete_expired) subscription stays
   * so, since Stripe never revives one, even for an event stamped in the same second.
   */
  private boolean applyStatus(EventFacts f) throws SQLException {
    try (PreparedStatement p = db.prepareStatement(
        "INSERT INTO subscriptions (id, customer, status, status_event_created, status_event_id, updated_at) "
            + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            + "customer = COALESCE(excluded.customer, subscriptions.customer), status = excluded.status, "
            + "status_event_created = excluded.status_event_created, status_event_id = excluded.status_event_id, "
            + "updated_at = excluded.updated_at "
            + "WHERE (subscriptions.status_event_created IS NULL OR excluded.status_event_created >= subscriptions.status_event_created) "
            + "AND (subscriptions.status IS NULL OR subscriptions.status NOT IN ('canceled', 'incomplete_expired') "
            + "OR subscriptions.status_event_id = excluded.status_event_id)")) {
      p.setString(1, f.subscriptionId());
      p.setString(2, f.customerId());
      p.setString(3, f.subscriptionStatus());
      p.setLong(4, f.created());
      p.setString(5, f.eventId());
      p.setLong(6, System.currentTimeMillis());
      return p.executeUpdate() == 1;
    }
  }

  private boolean applyInvoice(EventFacts f) throws SQLException {
    try (PreparedStatement p = db.prepareStatement(
        "INSERT INTO subscriptions (id, customer, latest_invoice, latest_invoice_status, invoice_event_created, "
            + "invoice_event_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            + "customer = COALESCE(excluded.customer, subscriptions.customer), latest_invoice = excluded.latest_invoice, "
            + "latest_invoice_status = excluded.latest_invoice_status, invoice_event_created = excluded.invoice_event_created, "
            + "invoice_event_id = excluded.invoice_event_id, updated_at = excluded.updated_at "
            + "WHERE subscriptions.invoice_event_created IS NULL OR excluded.invoice_event_created >= subscriptions.invoice_event_created")) {
      p.setString(1, f.subscriptionId());
      p.setString(2, f.customerId());
      p.setString(3, f.invoiceId());
      p.setString(4, f.invoiceStatus());
      p.setLong(5, f.created());
      p.setString(6, f.eventId());
      p.setLong(7, System.currentTimeMillis());
      return p.executeUpdate() == 1;
    }
  }

  private void insertFailure(PaymentFailure f) throws SQLException {
    try (PreparedStatement p = db.prepareStatement("INSERT OR IGNORE INTO payment_failures (event_id, created, livemode, "
        + "invoice, customer, customer_email, subscription, amount, currency, attempt_count, next_payment_attempt, "
        + "decline_reason, hosted_invoice_url, superseded, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      p.setString(1, f.eventId());
      p.setLong(2, f.created());
      p.setInt(3, f.livemode() ? 1 : 0);
      p.setString(4, f.invoiceId());
      p.setString(5, f.customerId());
      p.setString(6, f.customerEmail());
      p.setString(7, f.subscriptionId());
      p.setLong(8, f.amount());
      p.setString(9, f.currency());
      p.setLong(10, f.attemptCount());
      if (f.nextPaymentAttempt() == null) {
        p.setNull(11, Types.INTEGER);
      } else {
        p.setLong(11, f.nextPaymentAttempt());
      }
      p.setString(12, f.declineReason());
      p.setString(13, f.hostedInvoiceUrl());
      p.setInt(14, f.superseded() ? 1 : 0);
      p.setLong(15, System.currentTimeMillis());
      p.executeUpdate();
    }
  }

  /** Marks events handled (after their lines were printed and --on-failure commands ran), in one commit. */
  public synchronized void markHandled(List<String> ids) {
    try {
      db.setAutoCommit(false);
      try (PreparedStatement p = db.prepareStatement("UPDATE events SET handled_at = ? WHERE id = ?")) {
        for (String id : ids) {
          p.setLong(1, System.currentTimeMillis());
          p.setString(2, id);
          p.executeUpdate();
        }
        db.commit();
      } catch (SQLException e) {
        db.rollback();
        throw e;
      } finally {
        db.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new EventJournalException("cannot mark events handled: " + e.getMessage(), e);
    }
  }

  /** Recorded payment failures, newest first. */
  public synchronized List<PaymentFailure> failures(int limit) {
    List<PaymentFailure> list = new ArrayList<>();
    try (PreparedStatement p = db.prepareStatement("SELECT event_id, created, livemode, invoice, customer, customer_email, "
        + "subscription, amount, currency, attempt_count, next_payment_attempt, decline_reason, hosted_invoice_url, "
        + "superseded FROM payment_failures ORDER BY created DESC, recorded_at DESC LIMIT ?")) {
      p.setInt(1, limit);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          long next = r.getLong(11);
          Long nextAttempt = r.wasNull() ? null : next;
          list.add(new PaymentFailure(r.getString(1), r.getLong(2), r.getInt(3) == 1, r.getString(4), r.getString(5),
              r.getString(6), r.getString(7), r.getLong(8), r.getString(9), r.getLong(10), nextAttempt,
              r.getString(12), r.getString(13), r.getInt(14) == 1));
        }
      }
      return list;
    } catch (SQLException e) {
      throw new EventJournalException("cannot read the journal: " + e.getMessage(), e);
    }
  }

  /**
   * The invoices of these failures that were paid since: an {@code invoice.paid} (or
   * {@code invoice.payment_succeeded}) event for them was received. Read from the stored events, so
   * journals written before this existed answer too.
   */
  public synchronized java.util.Set<String> paidInvoices(List<PaymentFailure> failures) {
    java.util.Set<String> wanted = new java.util.HashSet<>();
    failures.forEach(f -> wanted.add(f.invoiceId()));
    java.util.Set<String> paid = new java.util.HashSet<>();
    try (PreparedStatement p = db.prepareStatement("SELECT DISTINCT json_extract(payload, '$.data.object.id') FROM events "
        + "WHERE type IN ('invoice.paid', 'invoice.payment_succeeded') AND json_valid(payload)");
        ResultSet r = p.executeQuery()) {
      while (r.next()) {
        if (wanted.contains(r.getString(1))) {
          paid.add(r.getString(1));
        }
      }
      return paid;
    } catch (SQLException e) {
      throw new EventJournalException("cannot read the journal: " + e.getMessage(), e);
    }
  }

  /** The subscription's state as the journal knows it, or null. */
  public synchronized SubscriptionState subscription(String id) {
    try (PreparedStatement p = db.prepareStatement("SELECT id, customer, status, status_event_id, latest_invoice, "
        + "latest_invoice_status, invoice_event_id FROM subscriptions WHERE id = ?")) {
      p.setString(1, id);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? new SubscriptionState(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
            r.getString(5), r.getString(6), r.getString(7)) : null;
      }
    } catch (SQLException e) {
      throw new EventJournalException("cannot read the journal: " + e.getMessage(), e);
    }
  }

  /** How many events were recorded (for tests and the benchmark). */
  public synchronized long eventCount() {
    try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM events")) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new EventJournalException("cannot read the journal: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw new EventJournalException("cannot close the journal: " + e.getMessage(), e);
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }

  /** The event journal of listen and failures could not be read or written (disk full, a locked or corrupt file): exit 8. */
  public static final class EventJournalException extends JournalUnusableException {
    EventJournalException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
