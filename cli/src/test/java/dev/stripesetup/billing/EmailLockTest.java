package dev.stripesetup.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14 item 4: the per-email lock no longer depends on the user's cache, and says when it is off. */
class EmailLockTest {
  @TempDir
  Path dir;

  @Test
  void theLockDirectoryIsTheSameWhateverTheUsersCacheOrHome() {
    Path none = EmailLock.directory(Map.of());
    assertThat(none).isNotNull();
    assertThat(EmailLock.directory(Map.of("XDG_CACHE_HOME", "/one", "HOME", "/home/a")))
        .isEqualTo(EmailLock.directory(Map.of("XDG_CACHE_HOME", "/two", "HOME", "/home/b")))
        .isEqualTo(none);
  }

  @Test
  void theSharedDirectoryAndItsFilesAreUsableByEveryUser() throws Exception {
    Path shared = dir.resolve("locks");
    try (EmailLock lock = EmailLock.acquire(shared, "jenny@example.com", line -> {})) {
      assertThat(lock.held()).isTrue();
      assertThat((Integer) Files.getAttribute(shared, "unix:mode") & 01777).isEqualTo(01777);
      try (var files = Files.list(shared)) {
        assertThat(files.toList()).singleElement()
            .satisfies(f -> assertThat((Integer) Files.getAttribute(f, "unix:mode") & 0777).isEqualTo(0666));
      }
    }
  }

  @Test
  void aRunThatCannotLockSaysSo() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    List<String> said = new ArrayList<>();

    try (EmailLock lock = EmailLock.acquire(notADirectory.resolve("locks"), "jenny@example.com", said::add)) {
      assertThat(lock.held()).isFalse();
    }
    assertThat(said).singleElement().asString().startsWith("warning: running without the per-email lock")
        .contains("could each create a customer");
  }
}
