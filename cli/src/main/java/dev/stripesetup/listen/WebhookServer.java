package dev.stripesetup.listen;


import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stripesetup.webhook.Output;
import dev.stripesetup.webhook.WebhookReceiver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code listen} server: the JDK's HTTP server in front of a {@link WebhookReceiver}. POST on
 * one path only (404 elsewhere, 405 for other methods), bodies over 1 MB refused with 413 before
 * they are read, and a graceful stop that answers every delivery it accepted.
 *
 * <p>Slow clients: a body is read against a deadline (a client dripping bytes is cut off), and
 * {@code sun.net.httpserver.maxReqTime}/{@code maxRspTime} are set (when not set already) so the JDK
 * server closes connections that send nothing at all. Those properties are read once per JVM, when
 * the first JDK HTTP server starts; in the CLI that is this one. The pool has enough threads that a
 * few stalled connections do not starve real deliveries.
 */
public final class WebhookServer implements AutoCloseable {
  /** Whole-request budget for reading a body. */
  static final Duration READ_DEADLINE = Duration.ofSeconds(10);
  static final int THREADS = 32;
  static final long MAX_DISCARD_BYTES = 8L * 1024 * 1024;

  static {
    setIfAbsent("sun.net.httpserver.maxReqTime", "10");
    setIfAbsent("sun.net.httpserver.maxRspTime", "10");
  }

  private final HttpServer server;
  private final ThreadPoolExecutor pool;
  private final String path;
  private final Output out;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile WebhookReceiver receiver;
  private volatile boolean stopping;

  private WebhookServer(HttpServer server, ThreadPoolExecutor pool, String path, Output out) {
    this.server = server;
    this.pool = pool;
    this.path = path;
    this.out = out;
  }

  private static void setIfAbsent(String name, String value) {
    if (System.getProperty(name) == null) {
      System.setProperty(name, value);
    }
  }

  /** Binds and starts; port 0 picks a free port (see {@link #address()}). */
  public static WebhookServer start(String host, int port, String path, WebhookReceiver receiver, Output out)
      throws IOException {
    WebhookServer ws = bind(host, port, path, out);
    ws.start(receiver);
    return ws;
  }

  /**
   * Takes the port without answering yet, so that a busy port is found out before anything else (the
   * journal) is created. {@link #start} then starts answering; {@link #stop} releases an unstarted one.
   */
  public static WebhookServer bind(String host, int port, String path, Output out) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 512);
    ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        r -> {
          Thread t = new Thread(r, "webhook-http");
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    WebhookServer ws = new WebhookServer(server, pool, path, out);
    server.createContext("/", ws::exchange);
    server.setExecutor(pool);
    return ws;
  }

  /** Starts answering deliveries with {@code receiver}. */
  public void start(WebhookReceiver receiver) {
    this.receiver = receiver;
    server.start();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void exchange(HttpExchange ex) {
    inFlight.incrementAndGet();
    try (ex) {
      WebhookReceiver.Reply reply = route(ex);
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      if (reply.status() == 405) {
        ex.getResponseHeaders().set("Allow", "POST");
      }
      if (reply.status() == 413 || reply.status() == 503) {
        // The unread body stays on the connection: do not reuse it.
        ex.getResponseHeaders().set("Connection", "close");
      }
      ex.sendResponseHeaders(reply.status(), body.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    } catch (IOException | RuntimeException e) {
      // A client that went away, or garbage: nothing to answer, and the server carries on.
      out.note("warning: delivery from " + remote(ex) + " failed: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private WebhookReceiver.Reply route(HttpExchange ex) throws IOException {
    if (!ex.getRequestURI().getPath().equals(path)) {
      return new WebhookReceiver.Reply(404, "{\"error\":\"not_found\"}");
    }
    if (!ex.getRequestMethod().equals("POST")) {
      return new WebhookReceiver.Reply(405, "{\"error\":\"method_not_allowed\"}");
    }
    if (stopping) {
      return new WebhookReceiver.Reply(503, "{\"error\":\"shutting_down\"}");
    }
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.strip()) > WebhookReceiver.MAX_BODY_BYTES) {
          discard(ex.getRequestBody());
          out.note("rejected delivery from " + remote(ex) + ": Content-Length " + length.strip() + " is over the 1 MB limit");
          return WebhookReceiver.tooLarge();
        }
      } catch (NumberFormatException e) {
        return new WebhookReceiver.Reply(400, "{\"error\":\"bad_content_length\"}");
      }
    }
    byte[] body = readCapped(ex.getRequestBody());
    if (body == null) {
      discard(ex.getRequestBody());
      out.note("rejected delivery from " + remote(ex) + ": body over the 1 MB limit");
      return WebhookReceiver.tooLarge();
    }
    return receiver.receive(body, ex.getRequestHeaders().getFirst("Stripe-Signature"), remote(ex));
  }

  /** The body, or null when it is over the limit (chunked bodies have no Content-Length to check). */
  private static byte[] readCapped(InputStream in) throws IOException {
    long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
    ByteArrayOutputStream buf = new ByteArrayOutputStream(8192);
    byte[] chunk = new byte[16384];
    int n;
    while ((n = in.read(chunk)) != -1) {
      buf.write(chunk, 0, n);
      if (buf.size() > WebhookReceiver.MAX_BODY_BYTES) {
        return null;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("body not received within " + READ_DEADLINE.toSeconds() + " s");
      }
    }
    return buf.toByteArray();
  }

  /**
   * Reads and drops what is left of a refused body (up to 8 MB, within the read deadline), so the
   * client is not reset mid-send and actually sees the 413; past that the connection is just closed.
   */
  private static void discard(InputStream in) {
    long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
    byte[] chunk = new byte[65536];
    long total = 0;
    try {
      int n;
      while (total < MAX_DISCARD_BYTES && System.nanoTime() < deadline && (n = in.read(chunk)) != -1) {
        total += n;
      }
    } catch (IOException e) {
      // The client gave up: nothing to answer.
    }
  }

  private static String remote(HttpExchange ex) {
    InetSocketAddress a = ex.getRemoteAddress();
    return a == null ? "unknown" : a.getAddress().getHostAddress();
  }

  /** Deliveries being answered right now. */
  public int inFlight() {
    return inFlight.get();
  }

  /**
   * Stops: new deliveries get 503 (Stripe retries them), deliveries in progress finish and get their
   * answer, then the socket closes. Waits at most {@code grace}.
   */
  public void stop(Duration grace) {
    stopping = true;
    long deadline = System.nanoTime() + grace.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    server.stop(0);
    pool.shutdown();
    try {
      pool.awaitTermination(Math.max(1, grace.toMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }
}
