package dev.stripesetup.batch;

import dev.stripesetup.output.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress on stderr: a progress bar (done, failed, remaining, rate, ETA) when stderr is a terminal,
 * otherwise a plain line every few seconds, which logs and CI keep readable.
 */
public abstract class BatchProgress implements AutoCloseable {
  protected final long total;
  protected final AtomicLong done = new AtomicLong();
  protected final AtomicLong failed = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  BatchProgress(long total) {
    this.total = total;
  }

  public static BatchProgress create(Console console, boolean terminal, long total, Duration plainEvery) {
    return terminal ? new Bar(console.err(), total) : new Lines(console, total, plainEvery);
  }

  /** A row finished (pending rows, left by Ctrl-C, do not count). */
  public void row(RowStatus status) {
    if (status == RowStatus.PENDING) {
      return;
    }
    done.incrementAndGet();
    if (status == RowStatus.FAILED) {
      failed.incrementAndGet();
    }
    advanced();
  }

  abstract void advanced();

  /** Draws the final state once; later calls do nothing. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      finish();
    }
  }

  abstract void finish();

  /** The terminal's bar, from me.tongfei:progressbar, drawn on the command's stderr. */
  private static final class Bar extends BatchProgress {
    private final ProgressBar bar;

    Bar(PrintWriter err, long total) {
      super(total);
      int width = widthOf(System.getenv("COLUMNS"));
      ProgressBarConsumer consumer = new ProgressBarConsumer() {
        @Override
        public int getMaxRenderedLength() {
          return width;
        }

        @Override
        public void accept(String rendered) {
          synchronized (err) {
            err.print('\r' + rendered);
            err.flush();
          }
        }

        @Override
        public void close() {
          synchronized (err) {
            err.println();
            err.flush();
          }
        }
      };
      bar = new ProgressBarBuilder().setTaskName("rows").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
          .setConsumer(consumer).showSpeed().setUnit(" rows", 1).setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS)
          .setUpdateIntervalMillis(250).build();
    }

    @Override
    void advanced() {
      // A separator of its own: the library prints the message right after the speed ("rows/s").
      bar.setExtraMessage(", " + failed.get() + " failed");
      bar.stepTo(done.get());
    }

    @Override
    void finish() {
      bar.close();
    }

    private static int widthOf(String columns) {
      try {
        return columns == null ? 100 : Math.max(40, Integer.parseInt(columns.strip()));
      } catch (NumberFormatException e) {
        return 100;
      }
    }
  }

  /** One plain line every few seconds, and one at the end. */
  private static final class Lines extends BatchProgress {
    private final Console console;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "batch-progress");
      t.setDaemon(true);
      return t;
    });

    Lines(Console console, long total, Duration every) {
      super(total);
      this.console = console;
      timer.scheduleAtFixedRate(this::print, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    void advanced() {}

    private void print() {
      long d = done.get();
      double seconds = (System.nanoTime() - start) / 1e9;
      double rate = seconds > 0 ? d / seconds : 0;
      long remaining = Math.max(0, total - d);
      String eta = rate > 0 ? ", ETA " + duration((long) (remaining / rate)) : "";
      console.info(String.format("progress: %d/%s done (%d failed), %d remaining, %.1f rows/s%s",
          d, dev.stripesetup.output.Plural.of(total, "row"), failed.get(), remaining, rate, eta));
    }

    @Override
    void finish() {
      timer.shutdownNow();
      print();
    }

    private static String duration(long seconds) {
      return seconds >= 3600 ? String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60)
          : seconds >= 60 ? String.format("%dm%02ds", seconds / 60, seconds % 60) : seconds + "s";
    }
  }
}
