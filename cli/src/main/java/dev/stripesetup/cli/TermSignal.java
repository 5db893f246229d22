package dev.stripesetup.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM taken as a request to stop cleanly, for the command that runs until it is stopped
 * ({@code listen}). Left to the JVM, SIGTERM starts its shutdown and the process exits 143 whatever
 * the command returns; handled here, the command closes in order and exits 0, the way systemd and
 * container runtimes expect a service to answer their stop. Ctrl-C (SIGINT) is not taken: it stays
 * the JVM's shutdown, with the shutdown hook and exit status 130.
 *
 * <p>The JDK has no supported API for this; {@code sun.misc.Signal} (module jdk.unsupported) is the
 * one every JDK since 6 provides. Where it is missing or refuses, SIGTERM keeps the JVM's behaviour.
 */
public final class TermSignal implements AutoCloseable {
  private final Signal signal;
  private final SignalHandler previous;

  private TermSignal(Signal signal, SignalHandler previous) {
    this.signal = signal;
    this.previous = previous;
  }

  /** Runs {@code onTerm} (on a signal-dispatch thread) when SIGTERM arrives, until {@link #close()}. */
  public static TermSignal handle(Runnable onTerm) {
    try {
      Signal term = new Signal("TERM");
      return new TermSignal(term, Signal.handle(term, s -> onTerm.run()));
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
      // The JVM uses SIGTERM itself (-Xrs aside) or has no such signal here: leave it alone.
      return new TermSignal(null, null);
    }
  }

  /** Gives SIGTERM back to whoever handled it before (the JVM's shutdown, in the CLI). */
  @Override
  public void close() {
    if (signal != null) {
      Signal.handle(signal, previous);
    }
  }
}
