package dev.stripesetup.listen;

import static dev.stripesetup.webhook.Deliveries.now;
import static dev.stripesetup.webhook.Deliveries.sign;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stripesetup.webhook.DeclineReasons;
import dev.stripesetup.webhook.Deliveries;
import dev.stripesetup.listen.EventJournal;
import dev.stripesetup.webhook.RecordingOutput;
import dev.stripesetup.webhook.SignatureVerifier;
import dev.stripesetup.webhook.WebhookSecret;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listen server over real loopback HTTP. */
class WebhookServerTest {
  @TempDir
  Path dir;
  RecordingOutput out = new RecordingOutput();
  WebhookListener listener;
  URI url;

  @BeforeEach
  void start() throws Exception {
    listener = WebhookListener.start(config(dir.resolve("events.db")), out);
    url = URI.create(listener.url());
  }

  private WebhookListener.Config config(Path journal) {
    return new WebhookListener.Config("127.0.0.1", 0, "/webhook", journal,
        new SignatureVerifier(WebhookSecret.of(Deliveries.SECRET, "test")), DeclineReasons.NONE, null);
  }

  @AfterEach
  void stop() {
    listener.close();
  }

  @Test
  void signedDeliveryIsAcknowledgedAndHandled() throws Exception {
    String payload = Deliveries.paymentFailed("evt_1", now(), "sub_1", "in_1", 1);
    HttpResponse<String> r = Deliveries.post(url, payload, sign(payload));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(listener.processor().awaitIdle(5000)).isTrue();
    assertThat(out.failures).hasSize(1);
    assertThat(Deliveries.post(url, payload, sign(payload, Deliveries.OTHER_SECRET, now())).statusCode()).isEqualTo(400);
  }

  @Test
  void otherMethodsGet405AndOtherPaths404() throws Exception {
    HttpResponse<String> get = Deliveries.send(HttpRequest.newBuilder(url).GET().build());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    assertThat(Deliveries.send(HttpRequest.newBuilder(url).PUT(HttpRequest.BodyPublishers.ofString("x")).build()).statusCode())
        .isEqualTo(405);
    assertThat(Deliveries.post(url.resolve("/other"), "{}", "t=1,v1=a").statusCode()).isEqualTo(404);
    assertThat(Deliveries.post(url.resolve("/webhook/extra"), "{}", "t=1,v1=a").statusCode()).isEqualTo(404);
  }

  @Test
  void bodiesOverOneMegabyteGet413WithOrWithoutContentLength() throws Exception {
    byte[] big = new byte[1024 * 1024 + 1];
    java.util.Arrays.fill(big, (byte) 'a');
    HttpResponse<String> sized = Deliveries.send(HttpRequest.newBuilder(url)
        .POST(HttpRequest.BodyPublishers.ofByteArray(big)).header("Stripe-Signature", "t=1,v1=a").build());
    assertThat(sized.statusCode()).isEqualTo(413);
    // A chunked body has no Content-Length: the read itself is capped.
    HttpResponse<String> chunked = Deliveries.send(HttpRequest.newBuilder(url)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big)))
        .header("Stripe-Signature", "t=1,v1=a").build());
    assertThat(chunked.statusCode()).isEqualTo(413);
    // Exactly 1 MB is read (and refused only for its signature).
    byte[] limit = java.util.Arrays.copyOf(big, 1024 * 1024);
    assertThat(Deliveries.send(HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofByteArray(limit))
        .header("Stripe-Signature", "t=1,v1=a").build()).statusCode()).isEqualTo(400);
  }

  @Test
  void garbageAndStalledClientsDoNotStopRealDeliveries() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        Socket s = new Socket("127.0.0.1", url.getPort());
        // Headers promise a body that never comes.
        s.getOutputStream().write(("POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        stalled.add(s);
      }
      try (Socket garbage = new Socket("127.0.0.1", url.getPort())) {
        OutputStream os = garbage.getOutputStream();
        os.write(new byte[] {0, 1, 2, (byte) 0xff, '\r', '\n', '\r', '\n'});
        os.flush();
        garbage.setSoTimeout(5000);
        InputStream in = garbage.getInputStream();
        in.read(new byte[256]); // an error answer or a closed connection, either is fine
      } catch (java.net.SocketException | java.net.SocketTimeoutException e) {
        // closed by the server
      }
      String payload = Deliveries.paymentFailed("evt_ok", now(), "sub_1", "in_1", 1);
      long t0 = System.nanoTime();
      assertThat(Deliveries.post(url, payload, sign(payload)).statusCode()).isEqualTo(200);
      assertThat((System.nanoTime() - t0) / 1_000_000).as("ms for a delivery while 8 clients stall").isLessThan(2000);
    } finally {
      for (Socket s : stalled) {
        s.close();
      }
    }
  }

  @Test
  void aBurstIsAnsweredAndEveryEventRecordedOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        // 100 events, each delivered twice at the same time.
        String payload = Deliveries.paymentFailed("evt_b" + (i % 100), now(), "sub_" + (i % 100), "in_" + i, 1);
        results.add(pool.submit(() -> Deliveries.post(url, payload, sign(payload)).statusCode()));
      }
      for (Future<Integer> f : results) {
        assertThat(f.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(listener.journal().eventCount()).isEqualTo(100);
    assertThat(listener.processor().awaitIdle(20000)).isTrue();
    assertThat(out.failures).hasSize(100);
  }

  @Test
  void stoppingLosesNoAcknowledgedEvent() throws Exception {
    Path journal = dir.resolve("events.db");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<String> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Future<?>> sends = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      String id = "evt_s" + i;
      String payload = Deliveries.paymentFailed(id, now(), "sub_1", "in_" + i, 1);
      sends.add(pool.submit(() -> {
        try {
          if (Deliveries.post(url, payload, sign(payload)).statusCode() == 200) {
            acknowledged.add(id);
          }
        } catch (Exception e) {
          // refused or cut off while stopping: not acknowledged, Stripe would retry
        }
      }));
      if (i == 40) {
        pool.submit(() -> listener.close());
      }
    }
    for (Future<?> f : sends) {
      f.get();
    }
    pool.shutdown();
    listener.close();
    assertThat(acknowledged).isNotEmpty();
    try (EventJournal j = EventJournal.open(journal)) {
      List<String> recorded = new ArrayList<>();
      for (String id : acknowledged) {
        if (j.record(id, "x", 0, "{}")) {
          recorded.add(id);
        }
      }
      assertThat(recorded).as("acknowledged but missing from the journal").isEmpty();
    }
  }
}
