package dev.stripesetup.batch;

import dev.stripesetup.billing.CustomerResolution;
import dev.stripesetup.billing.SharedCustomerLookup;
import dev.stripesetup.billing.ChainFailedException;
import dev.stripesetup.billing.CheckoutCollector;
import dev.stripesetup.billing.Collect;
import dev.stripesetup.billing.InvoiceCollector;
import dev.stripesetup.billing.SetupRequest;
import dev.stripesetup.billing.SetupResult;
import dev.stripesetup.billing.StripeHelpers;
import dev.stripesetup.billing.StripeHelpers.ResolvedPrice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Pass 2: runs the journal's pending rows through the chain, {@code concurrency} at a time, in file
 * order of starting. Rows of one email with different plans run one after another (the second then
 * finds the customer the first made); each plan's price is resolved once ({@link PlanPrices}).
 *
 * <p>A row's failure is recorded and reported, never thrown: only an error that would fail every
 * row (a rejected key) stops the batch. {@link #stop()} (Ctrl-C) stops taking rows; rows in flight
 * get a grace period to finish, and any that do not stay pending in the journal.
 */
public final class BatchRunner {
  /** How the command words an exception, and whether it dooms every other row too. */
  public interface Errors {
    String message(Throwable e);

    boolean fatal(Throwable e);
  }

  private static final int PAGE = 256;

  private final Journal journal;
  private final java.nio.file.Path csv;
  private final StripeHelpers helpers;
  private final RowRequests rows;
  private final int concurrency;
  private final Duration grace;
  private final Errors errors;
  private final Consumer<RowResult> onRow;
  private final PlanPrices prices;
  private final SharedCustomerLookup sharedLookup;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicReference<Throwable> fatal = new AtomicReference<>();
  private final AtomicLong finished = new AtomicLong();
  private CollectSettings collect = new CollectSettings(null, CheckoutCollector.MAX_EXPIRY, 7);

  /** For rows that collect (--collect or a collect column): the Checkout and invoice settings. */
  public record CollectSettings(String successUrl, Duration linkExpires, int daysUntilDue) {}

  /** @param csv the file, read again for the rows to run (the journal keeps only their hashes) */
  public BatchRunner(Journal journal, java.nio.file.Path csv, StripeHelpers helpers, RowRequests rows, int concurrency,
      Duration grace, Errors errors, Consumer<RowResult> onRow) {
    this.journal = journal;
    this.csv = csv;
    this.helpers = helpers;
    this.rows = rows;
    this.concurrency = concurrency;
    this.grace = grace;
    this.errors = errors;
    this.onRow = onRow;
    this.prices = new PlanPrices(helpers, journal);
    this.sharedLookup = helpers.sharedCustomerLookup();
  }

  public BatchRunner collect(CollectSettings settings) {
    this.collect = settings;
    return this;
  }

  /** Stop taking rows (Ctrl-C, or a fatal error). Safe from any thread. */
  public void stop() {
    stop.set(true);
  }

  public boolean stopped() {
    return stop.get();
  }

  /** The error that stopped the batch because every row would have failed, or null. */
  public Throwable fatal() {
    return fatal.get();
  }

  /** Rows this invocation finished (any status but pending). */
  public long finished() {
    return finished.get();
  }

  /** {created, reused} prices this invocation. */
  public long[] prices() {
    return prices.tally();
  }

  /** Runs every pending row; returns when all have finished, or after stop() and the grace period. */
  public void run() throws InterruptedException {
    Set<String> serial = journal.emailsWithSeveralPlans();
    Map<String, CompletableFuture<Void>> lastOfEmail = new HashMap<>();
    Semaphore slots = new Semaphore(concurrency);
    ExecutorService workers = Executors.newFixedThreadPool(concurrency, r -> {
      Thread t = new Thread(r, "batch-row");
      t.setDaemon(true);
      return t;
    });
    // One look-up at a time, each for the next rows while earlier rows run.
    ExecutorService lookups = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "batch-lookup");
      t.setDaemon(true);
      return t;
    });
    try (RowSource source = new RowSource(csv, rows)) {
      long after = 0;
      pages:
      while (!stop.get()) {
        List<Journal.PendingRow> page = journal.pendingAfter(after, PAGE);
        if (page.isEmpty()) {
          break;
        }
        for (int from = 0; from < page.size(); from += SharedCustomerLookup.EMAILS_PER_QUERY) {
          List<Journal.PendingRow> chunk = page.subList(from, Math.min(page.size(), from + SharedCustomerLookup.EMAILS_PER_QUERY));
          List<RowRequests.Parsed> parsed = new ArrayList<>();
          RuntimeException changed = null;
          for (Journal.PendingRow row : chunk) {
            after = row.line();
            try {
              parsed.add(source.at(row.line(), row.hash()));
            } catch (JournalMismatchException | BadFileException e) {
              changed = e;
              break;
            }
          }
          CompletableFuture<SharedCustomerLookup.Found> found = lookUpTogether(chunk, parsed, serial, lookups);
          for (int i = 0; i < parsed.size(); i++) {
            Journal.PendingRow row = chunk.get(i);
            RowRequests.Parsed rowParsed = parsed.get(i);
            slots.acquire();
            if (stop.get()) {
              slots.release();
              break pages;
            }
            Runnable task = () -> {
              try {
                if (!stop.get()) {
                  runRow(row, rowParsed, found);
                }
              } catch (RuntimeException e) {
                // Only the journal itself gets here (runRow records every Stripe failure): without a
                // journal the batch cannot go on safely.
                fatal.compareAndSet(null, e);
                stop();
              } finally {
                slots.release();
              }
            };
            if (serial.contains(row.email())) {
              CompletableFuture<Void> previous = lastOfEmail.getOrDefault(row.email(), CompletableFuture.completedFuture(null));
              lastOfEmail.put(row.email(), previous.handle((v, e) -> null).thenRunAsync(task, workers));
            } else {
              workers.execute(task);
            }
          }
          if (changed != null) {
            // The file changed under the batch: finish the rows in flight, start no more.
            fatal.compareAndSet(null, changed);
            stop();
            break pages;
          }
        }
      }
      // Every slot back means every row has finished. After stop(), wait only the grace period.
      if (stop.get()) {
        if (!slots.tryAcquire(concurrency, grace.toMillis(), TimeUnit.MILLISECONDS)) {
          workers.shutdownNow(); // rows still in flight stay "running", which a re-run treats as pending
        }
      } else {
        slots.acquire(concurrency);
        recheckLinks();
      }
    } finally {
      workers.shutdown();
      lookups.shutdown();
    }
  }

  /**
   * The customers of a chunk's rows, looked up together ({@link SharedCustomerLookup}): rows of the
   * card chain found by email. Not: rows that collect, give a customer ID or --new-customer, and
   * emails with several plans (their rows run one after another, the later ones must see the
   * customer the first made). A failed shared look-up leaves every row to look itself up.
   */
  private CompletableFuture<SharedCustomerLookup.Found> lookUpTogether(List<Journal.PendingRow> chunk,
      List<RowRequests.Parsed> parsed, Set<String> serial, ExecutorService lookups) {
    Set<String> emails = new java.util.LinkedHashSet<>();
    for (int i = 0; i < parsed.size(); i++) {
      RowRequests.Parsed p = parsed.get(i);
      if (p.valid() && RowRequests.collectOf(p.input()) == null && CustomerResolution.findsByEmail(p.request())
          && !serial.contains(chunk.get(i).email())) {
        emails.add(p.request().emailAsTyped());
      }
    }
    if (emails.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return CompletableFuture.supplyAsync(() -> {
      try {
        return sharedLookup.lookUp(emails);
      } catch (com.stripe.exception.StripeException | RuntimeException e) {
        return null; // each row looks itself up, and meets the error itself if it persists
      }
    }, lookups);
  }

  /** Rows of this invocation whose Checkout link was open when the row finished. */
  private final Map<Long, RowResult> awaiting = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<Long, String> awaitingSession = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * A later row (the same email on another plan, by card or invoice) or another run may have taken
   * a row's link out of play, or the customer paid it meanwhile: the report shows each link as it
   * is now, never an expired link as payable. One read per awaiting row, after all rows.
   */
  private void recheckLinks() {
    for (Map.Entry<Long, String> e : awaitingSession.entrySet()) {
      RowResult was = awaiting.get(e.getKey());
      com.stripe.model.checkout.Session s;
      try {
        s = helpers.client().v1().checkout().sessions().retrieve(e.getValue());
      } catch (com.stripe.exception.StripeException ex) {
        continue; // the row's own answer stands; the next run checks the link again
      }
      if ("complete".equals(s.getStatus()) && s.getSubscription() != null) {
        journal.finish(was.line(), RowStatus.CREATED, was.customer(), s.getSubscription(), null);
      } else if (!"open".equals(s.getStatus())) {
        journal.finish(was.line(), RowStatus.FAILED, was.customer(), null, "Checkout link " + s.getId()
            + " was expired before it was paid (taken out of play by another row or run); run the batch again for a new link");
      }
    }
  }

  private void runRow(Journal.PendingRow row, RowRequests.Parsed parsed,
      CompletableFuture<SharedCustomerLookup.Found> found) {
    if (!parsed.valid()) { // the same row (by its hash) was valid in pass 1; this would be a bug
      finish(new RowResult(row.line(), row.email(), RowStatus.INVALID, null, null, parsed.field() + ": " + parsed.reason()));
      return;
    }
    journal.started(row.line());
    try {
      ResolvedPrice price = prices.resolve(row.plan(), parsed.request());
      Collect how = RowRequests.collectOf(parsed.input());
      if (how != null) {
        finish(collectRow(row, parsed.request(), how));
        return;
      }
      SetupResult r = helpers.setUp(parsed.request(), price.price(), journal.steps(row.line()), found.join());
      finish(result(row, r));
    } catch (RuntimeException e) {
      if (stop.get() && interrupted(e)) {
        journal.pending(row.line());
        onRow.accept(new RowResult(row.line(), row.email(), RowStatus.PENDING, null, null, "interrupted"));
        return;
      }
      String customer = null;
      if (e instanceof ChainFailedException f) {
        customer = f.state().id("customer");
      } else if (e instanceof dev.stripesetup.billing.SecondSubscriptionException s) {
        customer = s.customerId();
      }
      finish(new RowResult(row.line(), row.email(), RowStatus.FAILED, customer, null, errors.message(e)));
      if (errors.fatal(e) && fatal.compareAndSet(null, e)) {
        stop();
      }
    }
  }

  private RowResult result(Journal.PendingRow row, SetupResult r) {
    RowStatus status;
    String error = null;
    switch (r.outcome()) {
      case SUBSCRIBED -> status = RowStatus.CREATED;
      // Found a live subscription: ours if an earlier attempt of this row sent the create (it was
      // killed before recording the answer), otherwise the customer was already on the plan.
      case ALREADY_SUBSCRIBED -> status = journal.stepSent(row.line(), "subscription") ? RowStatus.CREATED : RowStatus.REUSED;
      case PAYMENT_DECLINED -> {
        status = RowStatus.FAILED;
        error = "payment declined: " + r.paymentError() + payHere(r);
      }
      case REQUIRES_ACTION -> {
        status = RowStatus.FAILED;
        error = "the first payment needs the customer's authentication (3D Secure)" + payHere(r);
      }
      default -> {
        status = RowStatus.FAILED;
        error = "the subscription is " + r.status() + ", not active" + payHere(r);
      }
    }
    return new RowResult(row.line(), row.email(), status, r.customerId(), r.subscriptionId(), error);
  }

  /**
   * A row that collects: its Checkout link (awaiting-payment, the link in the report; a later run
   * checks it again) or the subscription it led to; or an invoiced subscription with its invoice
   * link. The link or invoice is journaled as the row's subscription step, so once it is paid the
   * row reports created, not reused.
   */
  private RowResult collectRow(Journal.PendingRow row, SetupRequest request, Collect how) {
    StripeHelpers.Steps steps = journal.steps(row.line());
    if (how == Collect.INVOICE) {
      SetupResult invoiced = new InvoiceCollector(helpers).collect(request, collect.daysUntilDue(), steps);
      RowResult r = result(row, invoiced);
      if (r.error() != null || invoiced.hostedInvoiceUrl() == null) {
        return r;
      }
      return new RowResult(r.line(), r.email(), r.status(), r.customer(), r.subscription(),
          "invoice sent; pay here: " + invoiced.hostedInvoiceUrl());
    }
    CheckoutCollector.Collected c = new CheckoutCollector(helpers).start(request, collect.successUrl(),
        collect.linkExpires());
    if (c.result() != null) {
      return result(row, c.result());
    }
    CheckoutCollector.Link link = c.link();
    steps.before("subscription", "checkout:" + link.sessionId());
    RowResult open = new RowResult(row.line(), row.email(), RowStatus.AWAITING_PAYMENT, link.customerId(), null,
        "pay here: " + link.url() + " (Checkout " + link.sessionId() + ", open until "
            + java.time.Instant.ofEpochSecond(link.expiresAt()) + ")");
    awaiting.put(row.line(), open);
    awaitingSession.put(row.line(), link.sessionId());
    return open;
  }

  private static String payHere(SetupResult r) {
    return r.hostedInvoiceUrl() == null ? "" : "; pay here: " + r.hostedInvoiceUrl();
  }

  private void finish(RowResult r) {
    journal.finish(r.line(), r.status(), r.customer(), r.subscription(), r.error());
    finished.incrementAndGet();
    onRow.accept(r);
  }

  private static boolean interrupted(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException || String.valueOf(t.getMessage()).contains("interrupted")) {
        return true;
      }
    }
    return Thread.currentThread().isInterrupted();
  }
}
