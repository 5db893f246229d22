package dev.stripesetup.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.stripe.StripeClient;
import dev.stripesetup.config.ApiKey;
import dev.stripesetup.stripe.StripeClients;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Decline-reason look-ups run after the acknowledgement, but must not hold up the lines or a stop. */
class DeclineReasonsTest {
  @Test
  void aLookUpThatStripeNeverAnswersGivesUpWithinItsBudget() throws Exception {
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0)) {
      // Accepts connections and never answers: a stalled Stripe, or a proxy holding the request.
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(silent.accept());
          }
        } catch (java.io.IOException closed) {
          // Test over.
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      StripeClient client = StripeClients.create(ApiKey.of("sk_test_fake", "test"),
          "http://127.0.0.1:" + silent.getLocalPort(), (m, p, s, ms, r) -> { });
      List<String> log = new CopyOnWriteArrayList<>();
      DeclineReasons reasons = DeclineReasons.fromStripe(client, log::add, Duration.ofMillis(500));
      long start = System.nanoTime();
      String reason = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> reasons.lookUp("in_1"));
      assertThat(reason).isNull();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      assertThat(log).anyMatch(l -> l.contains("in_1") && l.contains("no answer within"));
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void theDefaultBudgetIsAFewSeconds() {
    assertThat(DeclineReasons.LOOKUP_BUDGET).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(10));
  }
}
