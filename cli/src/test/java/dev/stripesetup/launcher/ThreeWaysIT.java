package dev.stripesetup.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stripesetup.cli.CliRun;
import dev.stripesetup.fake.FakeStripe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No behaviour change between the three ways the tool runs: in-process (the way the unit and command
 * tests run it), {@code java -jar target/stripe-setup.jar}, and the launcher {@code target/stripe-setup}.
 * Each scenario runs all three ways in the same fresh working directory, with the same environment,
 * and must give the same exit code, the same stdout and the same stderr, byte for byte.
 *
 * <p>The scenarios are the outputs that do not depend on fresh Stripe IDs: every help page, the
 * version, completion, a dry run, bad input of each kind, configuration errors (through
 * {@code --env-file}), the live-key refusal, and Stripe errors from the fake server.
 */
class ThreeWaysIT {
  static final String KEY = "sk_test_threeways_000000000000004242";
  static FakeStripe fake;

  @TempDir
  static Path root;

  /** One invocation; {@code files} are written to its working directory, where a .env file holds the key. */
  record Scenario(String name, int exitCode, List<String> args, Map<String, String> files) {
    boolean keyInEnvironment() {
      return files.keySet().stream().noneMatch(f -> f.endsWith(".env"));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  record Outcome(int code, String out, String err) {}

  @BeforeAll
  static void startFake() {
    fake = FakeStripe.start();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  static Stream<Scenario> scenarios() {
    List<Scenario> s = new ArrayList<>();
    s.add(new Scenario("root help", 0, List.of("--help"), Map.of()));
    s.add(new Scenario("version", 0, List.of("--version"), Map.of()));
    for (String sub : List.of("batch", "status", "cancel", "cleanup", "listen", "failures")) {
      s.add(new Scenario(sub + " help", 0, List.of(sub, "--help"), Map.of()));
    }
    s.add(new Scenario("completion script", 0, List.of("generate-completion"), Map.of()));
    s.add(new Scenario("dry run", 0, List.of("--name", "Jenny Rosen", "--email", "jenny@example.com", "--amount", "20",
        "--interval", "year", "--metadata", "team=ops", "--dry-run"), Map.of()));
    s.add(new Scenario("bad email", 2, List.of("--name", "J", "--email", "nope", "--amount", "20"), Map.of()));
    s.add(new Scenario("bad amount", 2, List.of("--name", "J", "--email", "j@example.com", "--amount", "19.999"), Map.of()));
    s.add(new Scenario("fund currency", 2, List.of("--name", "J", "--email", "j@example.com", "--amount", "2",
        "--currency", "xau"), Map.of()));
    s.add(new Scenario("unknown flag", 2, List.of("--nmae", "J"), Map.of()));
    s.add(new Scenario("unknown flag under --json", 2, List.of("--json", "--name", "J", "--jsn"), Map.of()));
    s.add(new Scenario("mistyped command", 2, List.of("stauts", "sub_1"), Map.of()));
    s.add(new Scenario("bare command", 0, List.of(), Map.of()));
    s.add(new Scenario("help for a command", 0, List.of("help", "cancel"), Map.of()));
    s.add(new Scenario("missing env file", 3, List.of("--env-file", "nowhere.env", "--name", "J", "--email",
        "j@example.com", "--amount", "20"), Map.of()));
    s.add(new Scenario("live key from env file without --live", 4,
        List.of("--env-file", "live.env", "--name", "J", "--email", "j@example.com", "--amount", "20",
            "--payment-method", "pm_1ABC"),
        Map.of("live.env", "STRIPE_API_KEY=sk_live_threeways_00000000000009999\n")));
    s.add(new Scenario("publishable key", 3, List.of("--env-file", "pk.env", "--name", "J", "--email",
        "j@example.com", "--amount", "20"), Map.of("pk.env", "STRIPE_API_KEY=pk_test_threeways_0000000000001\n")));
    s.add(new Scenario("status of a missing subscription", 25, List.of("status", "sub_missing", "--api-base", "FAKE"),
        Map.of()));
    s.add(new Scenario("batch with a bad row", 2, List.of("batch", "people.csv", "--check"),
        Map.of("people.csv", "name,email,amount\nAda,ada@example.com,20\nBob,not-an-email,20\n")));
    s.add(new Scenario("batch file missing", 2, List.of("batch", "missing.csv"), Map.of()));
    s.add(new Scenario("cancel without an id", 2, List.of("cancel"), Map.of()));
    s.add(new Scenario("failures with no journal", 0, List.of("failures"), Map.of()));
    return s.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void sameExitCodeAndOutputInProcessThroughTheJarAndThroughTheLauncher(Scenario scenario) throws Exception {
    List<String> args = scenario.args().stream().map(a -> a.equals("FAKE") ? fake.baseUrl() : a).toList();
    Path work = root.resolve(scenario.name().replace(' ', '-'));
    Map<String, Outcome> byWay = new LinkedHashMap<>();

    String key = scenario.keyInEnvironment() ? KEY : null;
    for (String way : List.of("in-process", "jar", "launcher")) {
      reset(work, scenario.files());
      CliRun.Result r = new CliRun(work).way(way).key(key).run(args.toArray(String[]::new));
      // In-process, the classes come from target/classes, which has no manifest and so no version;
      // the processes print the jar's (so a way that silently ran in-process would differ here).
      String out = way.equals("in-process")
          ? r.out().replace("stripe-setup dev\n", "stripe-setup " + jarVersion() + "\n") : r.out();
      byWay.put(way, new Outcome(r.exitCode(), out, r.err()));
    }

    Outcome expected = byWay.get("in-process");
    assertThat(expected.code()).as(expected.err()).isEqualTo(scenario.exitCode());
    assertThat(expected.out() + expected.err()).as("the scenario prints something").isNotEmpty();
    for (Map.Entry<String, Outcome> way : byWay.entrySet()) {
      assertThat(way.getValue()).as(way.getKey() + " vs in-process").isEqualTo(expected);
    }
  }

  private static String jarVersion() throws Exception {
    try (JarFile jar = new JarFile(LauncherIT.JAR.toFile())) {
      return jar.getManifest().getMainAttributes().getValue("Implementation-Version");
    }
  }

  private static void reset(Path work, Map<String, String> files) throws Exception {
    if (Files.exists(work)) {
      try (Stream<Path> all = Files.walk(work)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(work);
    for (Map.Entry<String, String> f : files.entrySet()) {
      Files.writeString(work.resolve(f.getKey()), f.getValue());
    }
  }
}
