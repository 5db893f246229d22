package dev.stripesetup.cli.command;

import dev.stripesetup.cli.ErrorReport;
import dev.stripesetup.cli.ExitCode;
import dev.stripesetup.cli.LiveGuard;
import dev.stripesetup.cli.StripeConnection;

import dev.stripesetup.cli.BaseCommand;
import dev.stripesetup.cli.CliContext;
import dev.stripesetup.cli.option.CollectOptions;
import dev.stripesetup.cli.option.ConsentOptions;
import dev.stripesetup.cli.option.PlanOptions;

import dev.stripesetup.output.JsonResult;
import dev.stripesetup.batch.BadFileException;
import dev.stripesetup.batch.BatchProgress;
import dev.stripesetup.batch.BatchReport;
import dev.stripesetup.batch.BatchRunner;
import dev.stripesetup.batch.CsvRows;
import dev.stripesetup.batch.Journal;
import dev.stripesetup.batch.JournalMismatchException;
import dev.stripesetup.batch.RateLimiter;
import dev.stripesetup.batch.RowRequests;
import dev.stripesetup.batch.RowResult;
import dev.stripesetup.batch.RowStatus;
import dev.stripesetup.config.ApiKey;
import dev.stripesetup.config.Secrets;
import dev.stripesetup.output.Console;
import dev.stripesetup.stripe.ApiBaseCredentials;
import dev.stripesetup.output.Plural;
import dev.stripesetup.billing.EmailLock;
import dev.stripesetup.billing.InvalidInputException;
import dev.stripesetup.stripe.RetryingHttpClient;
import dev.stripesetup.billing.SetupRequestParser;
import dev.stripesetup.billing.StripeHelpers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stripe-setup batch customers.csv}: one subscription per valid CSV row, at Stripe's rate
 * limit, crash-safe and resumable.
 *
 * <p>Pass 1 validates the whole file and records every row in the journal (one transaction); bad
 * rows are reported and skipped. Pass 2 runs the valid rows through the subscription chain
 * concurrently behind one rate limiter, journaling each step. Running the same command again after
 * a crash or Ctrl-C finishes what is left; the chain's deterministic idempotency keys and
 * find-or-create make sure nothing is created twice.
 */
@Command(name = "batch",
    description = {"Put every customer of a CSV file on a plan: one subscription per valid row.",
        "Required columns: name, email, amount (or price).",
        "Optional: currency, interval, interval_count, product, price,",
        "payment_method, test_card, trial_days, collect, metadata.KEY (empty: the flags below).",
        "After a crash or Ctrl-C, re-run the same command: it finishes what is left",
        "and creates nothing twice."},
    footer = {"", "Exit codes:",
        "  0 every row done",
        "  2 bad file or flag, nothing sent (--check: bad rows)",
        "  3 configuration",
        "  4 live key refused or not confirmed",
        "  6 journal of another file or other flags",
        "  7 some rows failed or were invalid (see the report)",
        "  8 journal unusable (corrupt, locked, not writable)",
        "  13 some payment links not paid yet",
        "  20, 21 key rejected",
        "  130 interrupted"})
public final class BatchCommand extends BaseCommand {

  @Mixin
  ConsentOptions common;

  @Parameters(index = "0", paramLabel = "CSV", description = "The customers file (UTF-8, with a header line).")
  Path file;

  @Option(names = "--check", description = "Validate the whole file, print every bad row, send nothing.")
  boolean check;

  @Option(names = "--journal", paramLabel = "PATH", description = {"Progress journal.", "Default: <CSV>.stripe-setup.db"})
  Path journalPath;

  @Option(names = "--report", paramLabel = "PATH", description = {"Report CSV.", "Default: <CSV>.stripe-setup-report.csv"})
  Path reportPath;

  @Option(names = "--rate", paramLabel = "N",
      description = "Requests per second for the whole batch, up to 10000 (default: 24 with a test key, 95 live).")
  Double rate;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8",
      description = "Rows in flight at once, 1-64 (default: ${DEFAULT-VALUE}).")
  int concurrency;

  /** The plan flags: defaults for the CSV's empty cells. */
  @Mixin
  PlanOptions plan;

  /** --collect and its settings: the default of an empty collect cell. */
  @Mixin
  CollectOptions collect;

  /** What pass 1 found: rows, invalid rows, the last line, rows added or changed since the last run. */
  private record Validation(long rows, long invalid, long lastLine, long changed, String changedLines) {}

  public BatchCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() throws InterruptedException {
    Console console = context.console();
    if (concurrency < 1 || concurrency > 64) {
      throw new InvalidInputException("concurrency", "must be between 1 and 64, got " + concurrency);
    }
    if (rate != null && !(rate > 0 && rate <= 10_000)) {
      throw new InvalidInputException("rate", "must be more than 0 and at most 10000 requests per second, got " + rate);
    }
    collect.validateForBatch(plan);
    RowRequests.Defaults defaults = defaults();
    Path csv = context.workingDir().resolve(file);
    try {
      return check ? check(console, csv, defaults) : run(console, csv, defaults);
    } catch (BadFileException e) {
      // Found before pass 2 started: the code is ErrorReport's; this adds only what it means here.
      throw new BadFileException(e.getMessage() + "; nothing was sent to Stripe");
    }
  }

  private int check(Console console, Path csv, RowRequests.Defaults defaults) {
    try (Journal journal = Journal.temporary()) {
      Validation v = validate(console, csv, new RowRequests(defaults, common.live, collect.collect, collect.successUrl != null), journal, true);
      long duplicates = journal.markDuplicates().size();
      String summary = String.format("%s: %s, %d valid, %d invalid, %d duplicate (would be skipped); nothing was sent",
          file, Plural.of(v.rows(), "row"), v.rows() - v.invalid(), v.invalid(), duplicates);
      if (console.json()) {
        Map<String, Object> m = JsonResult.of("summary", v.invalid() == 0 ? ExitCode.OK : ExitCode.USAGE);
        m.put("rows", v.rows());
        m.put("invalid", v.invalid());
        m.put("duplicates", duplicates);
        console.printJson(m);
      }
      console.result(summary);
      return v.invalid() == 0 ? ExitCode.OK : ExitCode.USAGE;
    }
  }

  /**
   * The batch: the journal opened and bound to this key's mode and API, pass 1 (every row checked
   * and journaled; nothing sent), then pass 2 (the rows run at the rate limit), the report and the
   * summary.
   */
  private int run(Console console, Path csv, RowRequests.Defaults defaults) throws InterruptedException {
    requireRereadable(csv);
    Secrets secrets = StripeConnection.secrets(context, common);
    ApiKey key = StripeConnection.key(secrets, console);
    Path journalFile = journalPath != null ? context.workingDir().resolve(journalPath)
        : csv.resolveSibling(csv.getFileName() + ".stripe-setup.db");
    Path report = reportPath != null ? context.workingDir().resolve(reportPath)
        : journalFile.resolveSibling(journalFile.getFileName().toString().replaceFirst("\\.db$", "") + "-report.csv");
    BatchReport.checkTarget(report, csv, journalFile);

    LiveGuard.check(key, common, () -> "one subscription for every valid row of " + file, context.prompter(), console);

    try (Journal journal = Journal.open(journalFile)) {
      journalRows(console, csv, defaults, key, journal, journalFile);
      long toRun = journal.countToRun();
      double perSecond = rate != null ? rate : key.isLive() ? 95 : 24;
      RateLimiter limiter = new RateLimiter(perSecond);
      StripeConnection stripe = StripeConnection.open(context, common, secrets, key, throttle(limiter));
      console.info(String.format("%s to run, %d at a time, at most %s requests/s; journal %s",
          Plural.of(toRun, "row"), concurrency, perSecond % 1 == 0 ? String.valueOf((long) perSecond) : String.valueOf(perSecond),
          journalFile));
      return runRows(console, csv, defaults, key, journal, stripe, toRun, report, journalFile, limiter);
    }
  }

  /** A pipe (<(...), a FIFO) can be read once: the run reads the file again, and so does a resumed run. */
  private static void requireRereadable(Path csv) {
    if (java.nio.file.Files.exists(csv) && !java.nio.file.Files.isRegularFile(csv)) {
      throw new BadFileException(csv + ": not a regular file (a pipe or <(...)?); batch reads the file again "
          + "to resume after an interruption: save the rows to a file first");
    }
  }

  /**
   * Pass 1 into the journal, which must be this key's mode and API: every row checked and recorded
   * (or checked against what an earlier run recorded), and duplicates marked skipped.
   */
  private void journalRows(Console console, Path csv, RowRequests.Defaults defaults, ApiKey key, Journal journal,
      Path journalFile) {
    try {
      journal.bind("mode", key.mode(), "a key in mode");
      // Credentials in the URL (a proxy's user:pass) are never stored.
      journal.bind("api_base", common.apiBase == null ? "https://api.stripe.com"
          : ApiBaseCredentials.withoutUserInfo(common.apiBase), "the API at");
      boolean fresh = journal.rowCount() == 0;
      Validation v = validate(console, csv, rowRequests(defaults, key), journal, fresh);
      if (v.changed() > 0) {
        console.info(Plural.of(v.changed(), "row") + " added or changed since the last run, none of them sent to Stripe before,"
            + " taken as they are now: " + v.changedLines());
      }
    } catch (JournalMismatchException e) {
      throw new JournalMismatchException(file + " does not match its journal " + journalFile + ": "
          + e.getMessage() + ". Rows never sent may be fixed or added; a row already sent may not change."
          + " Restore the file and flags it was started with to resume, or pass a new --journal (rows already done"
          + " on Stripe are then found and reported as reused). Nothing was sent.");
    }
    for (Journal.Duplicate dup : journal.markDuplicates()) {
      rowResult(console, new RowResult(dup.line(), dup.email(), RowStatus.SKIPPED_DUPLICATE, null, null,
          "same email and plan as line " + dup.first()), false);
    }
  }

  private RowRequests rowRequests(RowRequests.Defaults defaults, ApiKey key) {
    return new RowRequests(defaults, key.isLive(), collect.collect, collect.successUrl != null);
  }

  /** Pass 2: the journal's rows to run, with progress; then the report and the summary. */
  private int runRows(Console console, Path csv, RowRequests.Defaults defaults, ApiKey key, Journal journal,
      StripeConnection stripe, long toRun, Path report, Path journalFile, RateLimiter limiter)
      throws InterruptedException {
    CountDownLatch summarized = new CountDownLatch(1);
    try (StripeHelpers helpers = new StripeHelpers(stripe.client(), console::debug, EmailLock.directory(context.env()))
        .allowSecondSubscription(plan.allowSecondSubscription).verbose(console::debug);
        BatchProgress progress = BatchProgress.create(console, context.prompter().interactive() && !common.json,
            toRun, Duration.ofSeconds(5))) {
      BatchRunner runner = new BatchRunner(journal, csv, helpers, rowRequests(defaults, key), concurrency,
          Duration.ofSeconds(15), errors(), r -> {
            progress.row(r.status());
            rowResult(console, r, true);
          }).collect(new BatchRunner.CollectSettings(collect.successUrl == null ? null : collect.successUrl(),
              collect.expiresIn(), collect.daysUntilDue()));
      boolean interrupted = runStoppingOnCtrlC(runner, summarized);
      progress.close();
      BatchReport.write(journal, report);
      return summarize(console, journal, runner, interrupted, report, journalFile, limiter);
    } finally {
      summarized.countDown();
    }
  }

  /**
   * Runs the rows. Ctrl-C (and SIGTERM): stop taking rows, let those in flight finish, then print
   * the summary before the JVM goes; the hook waits for {@code summarized}.
   *
   * @return whether the run was stopped by a signal (not by a fatal error)
   */
  private static boolean runStoppingOnCtrlC(BatchRunner runner, CountDownLatch summarized) throws InterruptedException {
    Thread hook = new Thread(() -> {
      runner.stop();
      try {
        summarized.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "batch-ctrl-c");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      runner.run();
      return runner.stopped() && runner.fatal() == null;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down (Ctrl-C): the hook is running and waits for us
      }
    }
  }

  /**
   * Pass 1: streams the file, validates every row, records (or checks) it in the journal. On a
   * re-run, rows added or changed that were never sent are taken as they are now (and rows never
   * sent past the new end of the file dropped); a changed row that was sent is refused.
   */
  private Validation validate(Console console, Path csv, RowRequests rows, Journal journal, boolean fresh) {
    long count = 0;
    long invalid = 0;
    long lastLine = 0;
    long changed = 0;
    StringBuilder changedLines = new StringBuilder();
    journal.begin();
    boolean ok = false;
    try (CsvRows in = CsvRows.open(csv)) {
      RowRequests.checkHeader(file.toString(), in.header());
      while (in.hasNext()) {
        RowRequests.Parsed row = rows.parse(in.next());
        count++;
        lastLine = row.line();
        Journal.Changed change = journal.recordOrCheck(row, fresh);
        if (change != null && ++changed <= 10) {
          changedLines.append(changed > 1 ? ", " : "").append("line ").append(change.line())
              .append(change.added() ? " (added)" : " (changed)");
        }
        if (!row.valid()) {
          invalid++;
          console.info(row.problem());
          if (console.json()) {
            rowResult(console, new RowResult(row.line(), row.email(), RowStatus.INVALID, null, null,
                row.field() + ": " + row.reason()), false);
          }
        }
      }
      if (count == 0) {
        throw new BadFileException(file + ": no rows after the header");
      }
      if (!fresh) {
        changed += journal.dropRowsAfter(lastLine);
      }
      journal.commit();
      ok = true;
    } finally {
      if (!ok) {
        journal.rollback();
      }
    }
    return new Validation(count, invalid, lastLine, changed, changedLines + (changed > 10 ? ", ..." : ""));
  }

  /** A finished row: a JSON line under --json; a failed row also gets a line on stderr. */
  private static void rowResult(Console console, RowResult r, boolean tellFailure) {
    if (console.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", "row");
      m.put("line", r.line());
      m.put("email", r.email());
      m.put("status", r.status().label());
      m.put("customer", r.customer());
      m.put("subscription", r.subscription());
      m.put("error", r.error());
      console.printJson(m);
    }
    if (tellFailure && r.status() == RowStatus.FAILED) {
      console.info("line " + r.line() + ": " + r.email() + ": failed: " + r.error());
    }
  }

  private int summarize(Console console, Journal journal, BatchRunner runner, boolean interrupted, Path report,
      Path journalFile, RateLimiter limiter) {
    Map<RowStatus, Long> c = journal.counts();
    long pending = c.get(RowStatus.PENDING) + c.get(RowStatus.RUNNING);
    long total = c.values().stream().mapToLong(Long::longValue).sum();
    long[] prices = runner.prices();
    int exitCode;
    if (runner.fatal() != null) {
      exitCode = ErrorReport.of(runner.fatal()).exitCode();
      console.error("stopped: " + ErrorReport.of(runner.fatal()).message());
    } else if (interrupted) {
      exitCode = ExitCode.INTERRUPTED;
    } else if (c.get(RowStatus.FAILED) + c.get(RowStatus.INVALID) > 0) {
      exitCode = ExitCode.BATCH_ROWS_FAILED;
    } else if (c.get(RowStatus.AWAITING_PAYMENT) > 0) {
      exitCode = ExitCode.LINK_NOT_COMPLETED;
    } else {
      exitCode = ExitCode.OK;
    }
    if (console.json()) {
      Map<String, Object> m = JsonResult.of("summary", exitCode);
      m.put("rows", total);
      for (RowStatus s : RowStatus.values()) {
        if (s != RowStatus.RUNNING) {
          m.put(s.label(), s == RowStatus.PENDING ? pending : c.get(s));
        }
      }
      m.put("prices_created", prices[0]);
      m.put("prices_reused", prices[1]);
      m.put("report", report.toString());
      m.put("journal", journalFile.toString());
      console.printJson(m);
    }
    console.result(String.format("%s %s: %s: %d created, %d reused, %d skipped-duplicate, %d failed, %d invalid%s",
        interrupted || runner.fatal() != null ? "Batch stopped," : "Batch done,", file, Plural.of(total, "row"),
        c.get(RowStatus.CREATED), c.get(RowStatus.REUSED), c.get(RowStatus.SKIPPED_DUPLICATE),
        c.get(RowStatus.FAILED), c.get(RowStatus.INVALID), pending > 0 ? ", " + pending + " pending" : "")
        + (c.get(RowStatus.AWAITING_PAYMENT) > 0 ? ", " + c.get(RowStatus.AWAITING_PAYMENT) + " awaiting payment" : ""));
    console.result(String.format("  Prices   %d created, %d reused this run", prices[0], prices[1]));
    console.result("  Report   " + report);
    console.result("  Journal  " + journalFile);
    if (limiter.slowdowns() > 0) {
      console.info("Stripe rate-limited the batch " + limiter.slowdowns() + " time(s); it slowed down and retried");
    }
    if (c.get(RowStatus.AWAITING_PAYMENT) > 0) {
      console.info("Payment links for " + c.get(RowStatus.AWAITING_PAYMENT) + " row(s) are in the report: send "
          + "them to the customers, then re-run the same command to pick up the paid ones.");
    }
    if (pending > 0 || c.get(RowStatus.FAILED) > 0) {
      console.info("Re-run the same command to " + (pending > 0 ? "finish the pending rows" : "retry the failed rows")
          + ": rows already done are skipped, and nothing is created twice.");
    }
    return exitCode;
  }

  private RetryingHttpClient.Listener throttle(RateLimiter limiter) {
    return new RetryingHttpClient.Listener() {
      @Override
      public void beforeAttempt(String method, String path) throws InterruptedException {
        limiter.acquire();
      }

      @Override
      public void attempt(String method, String path, int status, long millis, boolean replayed) {
        if (status == 429) {
          limiter.rateLimited();
        }
      }
    };
  }

  private static BatchRunner.Errors errors() {
    return new BatchRunner.Errors() {
      @Override
      public String message(Throwable e) {
        return ErrorReport.of(e).message();
      }

      @Override
      public boolean fatal(Throwable e) {
        int code = ErrorReport.of(e).exitCode();
        return code == ExitCode.AUTHENTICATION || code == ExitCode.PERMISSION;
      }
    };
  }

  /** The flags as row defaults, checked once here so a bad flag is reported as a flag, not on every row. */
  private RowRequests.Defaults defaults() {
    SetupRequestParser.parse(SetupRequestParser.Raw.builder().name("flags").email("flags@example.com")
        .amount(plan.price == null ? "1" : null).currency(plan.currency).interval(plan.interval)
        .intervalCount(plan.intervalCount).product(plan.product).trialDays(plan.trialDays)
        .metadata(plan.metadata).price(plan.price)
        .testCard(plan.paymentMethod == null ? plan.testCard : null).paymentMethod(plan.paymentMethod).build());
    if (plan.testCard != null && plan.paymentMethod != null) {
      throw new InvalidInputException("test-card", "give either --test-card or --payment-method, not both");
    }
    return new RowRequests.Defaults(plan.currency, plan.interval, plan.intervalCount, plan.product, plan.price,
        plan.paymentMethod, plan.testCard, plan.trialDays, plan.metadata);
  }
}
