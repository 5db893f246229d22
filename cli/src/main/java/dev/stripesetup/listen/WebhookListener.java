package dev.stripesetup.listen;

import dev.stripesetup.webhook.DeclineReasons;
import dev.stripesetup.listen.EventJournal;
import dev.stripesetup.listen.EventProcessor;
import dev.stripesetup.listen.OnFailureHook;
import dev.stripesetup.webhook.Output;
import dev.stripesetup.webhook.SignatureVerifier;
import dev.stripesetup.webhook.WebhookReceiver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The whole {@code listen} service: journal, handler and server, started in that order and stopped
 * in the reverse, so that every delivery answered 200 is in the journal before it closes.
 */
public final class WebhookListener implements AutoCloseable {
  private final EventJournal journal;
  private final EventProcessor processor;
  private final WebhookServer server;
  private final String path;
  private final String host;
  private boolean closed;

  private WebhookListener(EventJournal journal, EventProcessor processor, WebhookServer server, String path,
      String host) {
    this.journal = journal;
    this.processor = processor;
    this.server = server;
    this.path = path;
    this.host = host;
  }

  /** What to listen on and how to handle. */
  public record Config(String host, int port, String path, Path journalFile, SignatureVerifier verifier,
      DeclineReasons reasons, OnFailureHook onFailure) {}

  public static WebhookListener start(Config config, Output out) throws IOException {
    // The port first: when it is busy, nothing else is created (no journal left behind).
    WebhookServer server = WebhookServer.bind(config.host(), config.port(), config.path(), out);
    EventJournal journal;
    try {
      journal = EventJournal.open(config.journalFile());
    } catch (RuntimeException e) {
      server.stop(Duration.ZERO);
      throw e;
    }
    EventProcessor processor = new EventProcessor(journal, config.reasons(), config.onFailure(), out);
    try {
      server.start(WebhookReceiver.journaled(config.verifier(), new JournalInbox(journal, processor), out));
      // Events acknowledged before a crash and not yet handled.
      processor.wake();
      return new WebhookListener(journal, processor, server, config.path(), config.host());
    } catch (RuntimeException e) {
      server.stop(Duration.ZERO);
      processor.close();
      journal.close();
      throw e;
    }
  }

  public InetSocketAddress address() {
    return server.address();
  }

  public String url() {
    InetSocketAddress a = address();
    // A wildcard is shown as it was given (0.0.0.0), not as the dual-stack socket reports it ([0:0:...]).
    String host = a.getAddress().isAnyLocalAddress() ? this.host : a.getAddress().getHostAddress();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + path;
  }

  /**
   * True when the socket is bound beyond loopback (a wildcard or an interface address): then anyone
   * who can reach the port can send deliveries, and only the signature stands in their way.
   */
  public boolean reachableFromOtherMachines() {
    return !address().getAddress().isLoopbackAddress();
  }

  public EventJournal journal() {
    return journal;
  }

  public EventProcessor processor() {
    return processor;
  }

  /** Stops taking deliveries, answers those in progress, finishes the event in hand, closes the journal. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.stop(Duration.ofSeconds(10));
    processor.close();
    journal.close();
  }
}
