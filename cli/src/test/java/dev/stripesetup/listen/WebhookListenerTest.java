package dev.stripesetup.listen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stripesetup.webhook.DeclineReasons;
import dev.stripesetup.webhook.Deliveries;
import dev.stripesetup.webhook.RecordingOutput;
import dev.stripesetup.webhook.SignatureVerifier;
import dev.stripesetup.webhook.WebhookSecret;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping the whole listen service. */
class WebhookListenerTest {
  @TempDir
  Path dir;
  final RecordingOutput out = new RecordingOutput();

  private WebhookListener.Config config(String host, int port, Path journal) {
    return new WebhookListener.Config(host, port, "/webhook", journal,
        new SignatureVerifier(WebhookSecret.of(Deliveries.SECRET, "test")), DeclineReasons.NONE, null);
  }

  @Test
  void aBusyPortLeavesNoJournalBehind() throws Exception {
    Path journal = dir.resolve("events.db");
    try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      assertThatThrownBy(() -> WebhookListener.start(config("127.0.0.1", busy.getLocalPort(), journal), out))
          .isInstanceOf(BindException.class);
    }
    assertThat(journal).doesNotExist();
    assertThat(dir.toFile().list()).isEmpty();
  }

  @Test
  void saysWhetherItCanBeReachedFromOtherMachines() throws Exception {
    try (WebhookListener local = WebhookListener.start(config("127.0.0.1", 0, dir.resolve("a.db")), out)) {
      assertThat(local.reachableFromOtherMachines()).isFalse();
    }
    try (WebhookListener local = WebhookListener.start(config("localhost", 0, dir.resolve("b.db")), out)) {
      assertThat(local.reachableFromOtherMachines()).isFalse();
    }
    try (WebhookListener all = WebhookListener.start(config("0.0.0.0", 0, dir.resolve("c.db")), out)) {
      assertThat(all.reachableFromOtherMachines()).isTrue();
    }
  }
}
