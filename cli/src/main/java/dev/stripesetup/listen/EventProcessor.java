package dev.stripesetup.listen;

import dev.stripesetup.webhook.DeclineReasons;
import dev.stripesetup.webhook.EventFacts;
import dev.stripesetup.webhook.EventHandling;
import dev.stripesetup.webhook.EventReader;
import dev.stripesetup.webhook.Output;

import com.stripe.model.Event;
import com.stripe.net.Webhook;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Handles journaled events after they were acknowledged, one at a time in arrival order, on one
 * background thread: reads the event back from the journal, applies it to the subscription's state,
 * prints the failure line, runs the --on-failure command, then marks it handled.
 *
 * <p>Everything comes from the journal, not from memory, so events acknowledged but not handled
 * when the process stopped (a crash, a kill -9) are handled at the next start.
 */
public final class EventProcessor implements AutoCloseable {
  private static final int BATCH = 100;

  private final EventJournal journal;
  private final DeclineReasons reasons;
  private final OnFailureHook onFailure;
  private final Output out;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "webhook-handler");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean drainQueued = new AtomicBoolean();
  private volatile boolean closing;

  /** @param onFailure the --on-failure command, or null */
  public EventProcessor(EventJournal journal, DeclineReasons reasons, OnFailureHook onFailure, Output out) {
    this.journal = journal;
    this.reasons = reasons;
    this.onFailure = onFailure;
    this.out = out;
  }

  /** Asks for the journal's unhandled events to be handled soon; cheap, and safe to call often. */
  public void wake() {
    if (!closing && drainQueued.compareAndSet(false, true)) {
      try {
        worker.execute(this::drain);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        drainQueued.set(false);
      }
    }
  }

  private void drain() {
    drainQueued.set(false);
    try {
      List<EventJournal.Pending> batch;
      do {
        if (closing) {
          return;
        }
        batch = journal.unhandled(BATCH);
        if (!batch.isEmpty()) {
          handle(batch);
        }
      } while (batch.size() == BATCH);
    } catch (RuntimeException e) {
      out.note("error: handling stopped: " + e.getMessage() + " (unhandled events are retried at the next delivery or start)");
    }
  }

  /**
   * Handles a batch in arrival order: state changes in one commit, then the lines and commands, then
   * one commit marking them handled. Under load batches grow, so the journal's commits do not grow
   * with the delivery rate. A crash between the commits repeats the lines and commands (at least once);
   * the state changes are idempotent.
   */
  private void handle(List<EventJournal.Pending> batch) {
    List<EventFacts> facts = new ArrayList<>();
    for (EventJournal.Pending p : batch) {
      try {
        // Verified when it was received; the journal holds the body exactly as signed.
        Event event = Webhook.constructEventWithoutVerification(p.payload());
        EventFacts f = EventReader.read(event);
        if (f != null) {
          facts.add(EventHandling.withDeclineReason(f, reasons));
        }
      } catch (RuntimeException e) {
        out.note("error: cannot read event " + p.id() + " (" + p.type() + "): " + e.getMessage() + "; skipped");
      }
    }
    List<Boolean> applied = journal.apply(facts);
    for (int i = 0; i < facts.size(); i++) {
      EventFacts f = facts.get(i);
      EventHandling.report(f, applied.get(i), out);
      if (f.failure() != null && onFailure != null) {
        String problem = onFailure.run(f.failure().withSuperseded(!applied.get(i)));
        if (problem != null) {
          out.note("warning: " + problem);
        }
      }
    }
    List<String> ids = new ArrayList<>();
    batch.forEach(p -> ids.add(p.id()));
    journal.markHandled(ids);
  }

  /** Finishes the event in hand (not the queue: what is left is handled at the next start). */
  @Override
  public void close() {
    closing = true;
    worker.shutdown();
    try {
      if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      worker.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until every recorded event is handled (tests, and a graceful stop that wants it). */
  public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (System.currentTimeMillis() < deadline) {
      if (journal.unhandled(1).isEmpty() && !drainQueued.get()) {
        return true;
      }
      Thread.sleep(10);
    }
    return false;
  }
}
