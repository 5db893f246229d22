package dev.stripesetup.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.stripesetup.fake.FakeStripe;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built artifacts, run as a person runs them: {@code target/stripe-setup} (the launcher) and
 * {@code java -jar target/stripe-setup.jar}. Runs in the integration-test phase, after package.
 */
class LauncherIT {
  static final Path JAR = Path.of("target/stripe-setup.jar");

  @TempDir
  Path cache;
  @TempDir
  Path work;
  FakeStripe fake;

  record Run(int code, String out, String err) {}

  @BeforeEach
  void start() {
    fake = FakeStripe.start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  Run run(List<String> command, String cacheHome) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
    pb.environment().put("XDG_CACHE_HOME", cacheHome);
    pb.environment().put("STRIPE_API_KEY", "sk_test_launcher_0000000000004242");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    File out = work.resolve("out.txt").toFile();
    File err = work.resolve("err.txt").toFile();
    Process p = pb.redirectOutput(out).redirectError(err).start();
    int code = p.waitFor();
    return new Run(code, Files.readString(out.toPath(), StandardCharsets.UTF_8), Files.readString(err.toPath(), StandardCharsets.UTF_8));
  }

  List<String> launcher(String... args) {
    return dev.stripesetup.cli.CliRun.command("launcher", args);
  }

  List<String> jar(String... args) {
    return dev.stripesetup.cli.CliRun.command("jar", args);
  }

  List<Path> archives() throws Exception {
    Path dir = cache.resolve("stripe-setup");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".jsa")).toList();
    }
  }

  @Test
  void firstUseCreatesOneArchiveInTheCacheAndLaterRunsReuseIt() throws Exception {
    Run first = run(launcher("--version"), cache.toString());
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).startsWith("stripe-setup ").doesNotContainIgnoringCase("cds").doesNotContain("warning");
    assertThat(archives()).hasSize(1);
    long made = Files.getLastModifiedTime(archives().get(0)).toMillis();

    Run second = run(launcher("--version"), cache.toString());
    assertThat(second.code()).isZero();
    assertThat(second.out()).isEqualTo(first.out());
    assertThat(archives()).hasSize(1);
    assertThat(Files.getLastModifiedTime(archives().get(0)).toMillis()).isEqualTo(made);
    try (Stream<Path> beside = Files.list(JAR.toAbsolutePath().getParent())) {
      assertThat(beside).noneMatch(f -> f.toString().endsWith(".jsa"));
    }
    try (Stream<Path> inWork = Files.list(work)) {
      assertThat(inWork).noneMatch(f -> f.toString().endsWith(".jsa"));
    }
  }

  /** Two checkouts (here: two launchers, each beside its own link to the jar) keep one archive each. */
  @Test
  void twoCheckoutsKeepTheirOwnArchives() throws Exception {
    List<Path> launchers = new ArrayList<>();
    for (String checkout : List.of("one", "two")) {
      Path dir = Files.createDirectories(work.resolve(checkout));
      Files.copy(Path.of("target/stripe-setup"), dir.resolve("stripe-setup"));
      Files.createSymbolicLink(dir.resolve("stripe-setup.jar"), JAR.toAbsolutePath());
      launchers.add(dir.resolve("stripe-setup"));
    }
    assertThat(run(List.of(launchers.get(0).toString(), "--version"), cache.toString()).code()).isZero();
    List<Path> first = archives();
    assertThat(first).hasSize(1);
    long made = Files.getLastModifiedTime(first.get(0)).toMillis();
    assertThat(run(List.of(launchers.get(1).toString(), "--version"), cache.toString()).code()).isZero();
    assertThat(archives()).hasSize(2).contains(first.get(0));
    assertThat(run(List.of(launchers.get(0).toString(), "--version"), cache.toString()).code()).isZero();
    assertThat(archives()).hasSize(2);
    assertThat(Files.getLastModifiedTime(first.get(0)).toMillis()).as("reused, not made again").isEqualTo(made);
  }

  /** Linked onto the PATH it finds its jar; copied there, it says how to point it at one. */
  @Test
  void onThePathLinkedOrCopied() throws Exception {
    Path linked = Files.createDirectories(work.resolve("linked"));
    Files.createSymbolicLink(linked.resolve("stripe-setup"), Path.of("target/stripe-setup").toAbsolutePath());
    Run viaPath = run(List.of("/bin/sh", "-c", "PATH=" + linked + ":$PATH; stripe-setup --version"), cache.toString());
    assertThat(viaPath.code()).as(viaPath.err()).isZero();
    assertThat(viaPath.out()).startsWith("stripe-setup ");

    Path copied = Files.createDirectories(work.resolve("copied"));
    Files.copy(Path.of("target/stripe-setup"), copied.resolve("stripe-setup"));
    Run alone = run(List.of("/bin/sh", "-c", "PATH=" + copied + ":$PATH; stripe-setup --version"), cache.toString());
    assertThat(alone.code()).isEqualTo(3);
    assertThat(alone.out()).isEmpty();
    assertThat(alone.err()).startsWith("error: stripe-setup.jar is not beside this launcher (" + copied.toRealPath() + ")")
        .contains("ln -s").contains("STRIPE_SETUP_JAR=");
    Run pointed = run(List.of("/bin/sh", "-c", "STRIPE_SETUP_JAR=" + JAR.toAbsolutePath() + " " + copied.resolve("stripe-setup")
        + " --version"), cache.toString());
    assertThat(pointed.code()).as(pointed.err()).isZero();
    assertThat(pointed.out()).startsWith("stripe-setup ");
  }

  /** In a terminal the first start says, once, why it takes a few seconds. */
  @Test
  void inATerminalTheFirstStartSaysItIsPreparingFastStartOnce() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(new File("/usr/bin/script").canExecute(), "script(1) is needed");
    String once = String.join(" ", launcher("--version"));
    Run r = run(List.of("/usr/bin/script", "-qec", once + "; " + once, "/dev/null"), cache.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().split("preparing fast start", -1)).as(r.out()).hasSize(2);
    assertThat(r.out().split("Stripe API", -1)).as("two runs").hasSize(3);
  }

  @Test
  void anUnwritableCacheJustMeansANormalStart() throws Exception {
    Run r = run(launcher("--version"), "/dev/null/not-a-directory");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("stripe-setup ");
  }

  @Test
  void bothWaysRunTheSameChainAndPrintTheSameKindOfResult() throws Exception {
    for (String way : List.of("launcher", "jar")) {
      String email = way + "@example.com";
      String[] args = {"--api-base", fake.baseUrl(), "--name", "Launch", "--email", email, "--amount", "20", "--json"};
      Run r = run(way.equals("launcher") ? launcher(args) : jar(args), cache.toString());
      assertThat(r.code()).as(way + ": " + r.err()).isZero();
      var doc = JsonParser.parseString(r.out()).getAsJsonObject();
      assertThat(doc.get("ok").getAsBoolean()).isTrue();
      assertThat(doc.getAsJsonObject("subscription").get("status").getAsString()).isEqualTo("active");
      assertThat(r.err()).doesNotContain("sk_test_launcher_0000000000004242");
    }
    assertThat(fake.count("customer")).isEqualTo(2);
    assertThat(fake.count("subscription")).isEqualTo(2);
  }

  /**
   * The webhook listener as a person runs it: a process of the launcher, a signed failure posted to
   * it, then SIGTERM (what systemd or a container stop sends). It stops in order with exit status 0
   * (a requested stop of a service, not a failure) and {@code failures} lists what it recorded.
   */
  @Test
  void listenThroughTheLauncherRecordsAFailureAndStopsInOrderOnSigtermWithExit0() throws Exception {
    File out = work.resolve("listen-out.txt").toFile();
    File err = work.resolve("listen-err.txt").toFile();
    int port = freePort();
    Process listen = startListen(port, out, err);
    try {
      String payload = dev.stripesetup.webhook.Deliveries.paymentFailed("evt_launcher1",
          dev.stripesetup.webhook.Deliveries.now(), "sub_launcher", "in_launcher1", 2);
      java.net.URI url = java.net.URI.create("http://127.0.0.1:" + port + "/webhook");
      assertThat(dev.stripesetup.webhook.Deliveries.post(url, payload,
          dev.stripesetup.webhook.Deliveries.sign(payload)).statusCode()).isEqualTo(200);
      long deadline = System.currentTimeMillis() + 30_000;
      while (!Files.readString(out.toPath()).contains("Payment failed:")) {
        assertThat(System.currentTimeMillis()).as("the failure printed within 30 s").isLessThan(deadline);
        Thread.sleep(50);
      }
    } finally {
      listen.destroy(); // SIGTERM
      assertThat(listen.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
    assertThat(listen.exitValue()).as(Files.readString(err.toPath())).isZero();
    assertThat(Files.readString(err.toPath())).contains("Stopping: finishing deliveries in progress")
        .doesNotContain(dev.stripesetup.webhook.Deliveries.SECRET).doesNotContain("Exception");

    Run failures = run(launcher("failures"), cache.toString());
    assertThat(failures.code()).as(failures.err()).isZero();
    assertThat(failures.out()).contains("in_launcher1");
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A listen process of the launcher, once it accepts connections and has said so (its stop hooks are in place). */
  private Process startListen(int port, File out, File err) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(launcher("listen", "--port", String.valueOf(port),
        "--api-base", fake.baseUrl())).directory(work.toFile());
    pb.environment().put("XDG_CACHE_HOME", cache.toString());
    pb.environment().put("STRIPE_API_KEY", "sk_test_launcher_0000000000004242");
    pb.environment().put("STRIPE_WEBHOOK_SECRET", dev.stripesetup.webhook.Deliveries.SECRET);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process listen = pb.redirectOutput(out).redirectError(err).start();
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        if (Files.readString(err.toPath()).contains("Listening on")) {
          return listen;
        }
        Thread.sleep(50);
      } catch (java.io.IOException notYet) {
        assertThat(listen.isAlive()).as(Files.readString(err.toPath())).isTrue();
        assertThat(System.currentTimeMillis()).as("listening within 30 s").isLessThan(deadline);
        Thread.sleep(50);
      }
    }
  }

  /**
   * In a terminal the launcher hands picocli the width from the shell's stty instead of letting it
   * run stty itself; the help must be the same, byte for byte, colours included. Run under script(1)
   * (util-linux), which gives the command a pseudo-terminal of the width set with stty.
   */
  @Test
  void inATerminalTheHelpIsTheSameBothWays() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(new File("/usr/bin/script").canExecute(), "script(1) is needed");
    // The archive first, outside a terminal: in one, the first start also says it is preparing it.
    assertThat(run(launcher("--version"), cache.toString()).code()).isZero();
    for (int columns : new int[] {40, 100}) {
      String[] outputs = new String[2];
      int i = 0;
      for (List<String> cmd : List.of(launcher("--help"), jar("--help"))) {
        String shell = "stty cols " + columns + "; " + String.join(" ", cmd);
        Run r = run(List.of("/usr/bin/script", "-qec", shell, "/dev/null"), cache.toString());
        assertThat(r.code()).as(r.err()).isZero();
        outputs[i++] = r.out();
      }
      assertThat(outputs[0]).as(columns + " columns").contains("Usage:").isEqualTo(outputs[1]);
      int widest = outputs[0].replaceAll("\u001B\\[[0-9;]*m", "").lines().mapToInt(String::length).max().orElse(0);
      if (columns == 100) {
        assertThat(widest).as("the help uses the terminal's width").isGreaterThan(80).isLessThanOrEqualTo(100);
      } else {
        assertThat(widest).as("never narrower than picocli's minimum of 55").isLessThanOrEqualTo(57);
      }
    }
  }

  /** In a terminal an error's "error:" is red; with NO_COLOR set, or output to a file, it is plain. */
  @Test
  void errorsAreColouredInATerminalUnlessNoColorIsSet() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(new File("/usr/bin/script").canExecute(), "script(1) is needed");
    String bad = String.join(" ", jar("--name", "J", "--email", "nope", "--amount", "20"));
    Run coloured = run(List.of("/usr/bin/script", "-qec", bad, "/dev/null"), cache.toString());
    assertThat(coloured.out()).contains("\u001B[31merror:");
    Run plain = run(List.of("/usr/bin/script", "-qec", "NO_COLOR=1 " + bad, "/dev/null"), cache.toString());
    assertThat(plain.out()).contains("error: --email").doesNotContain("\u001B[");
    Run piped = run(jar("--name", "J", "--email", "nope", "--amount", "20"), cache.toString());
    assertThat(piped.err()).startsWith("error: --email");
  }

  @Test
  void badInputAndExitCodesAreTheSameBothWays() throws Exception {
    for (List<String> cmd : List.of(launcher("--name", "J", "--email", "nope", "--amount", "20"),
        jar("--name", "J", "--email", "nope", "--amount", "20"))) {
      Run r = run(cmd, cache.toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("--email: 'nope' is not a valid email address");
      assertThat(r.out()).isEmpty();
    }
    assertThat(fake.requests()).isEmpty();
  }
}
