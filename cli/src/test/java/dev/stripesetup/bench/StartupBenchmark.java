package dev.stripesetup.bench;

import dev.stripesetup.fake.FakeStripe;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Start-up cost of the built tool, the way a person runs it: {@code --help}, {@code --dry-run} and a
 * full chain against the fake Stripe (0 ms latency), each through plain {@code java -jar} and through
 * the launcher {@code target/stripe-setup}, alternated, medians of 11 runs after two untimed rounds, with their ratios.
 *
 * <p>Run: {@code ./mvnw -q package -DskipTests exec:java@bench-startup}. Options (system properties):
 * {@code -Dbench.runs=9}, {@code -Dbench.baseline=/path/to/an/older/stripe-setup.jar} to add a
 * before/after column for plain {@code java -jar}, and one for the launcher when that jar has its
 * launcher {@code stripe-setup} beside it. Every process of a round runs in turn, so load from other
 * work on the machine falls on all columns alike.
 */
public final class StartupBenchmark {
  private static final Path JAR = Path.of("target/stripe-setup.jar");
  private static final Path LAUNCHER = Path.of("target/stripe-setup");

  public static void main(String[] args) throws Exception {
    if (!Files.exists(JAR) || !Files.exists(LAUNCHER)) {
      System.err.println("Build first: ./mvnw -q package -DskipTests exec:java@bench-startup");
      System.exit(2);
    }
    int runs = Integer.getInteger("bench.runs", 11);
    String baseline = System.getProperty("bench.baseline");
    Path baselineLauncher = baseline == null ? null : Path.of(baseline).toAbsolutePath().resolveSibling("stripe-setup");
    if (baselineLauncher != null && !Files.isExecutable(baselineLauncher)) {
      baselineLauncher = null;
    }
    Path cache = Files.createTempDirectory("stripe-setup-bench-cache");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try (FakeStripe fake = FakeStripe.start()) {
      Map<String, String> env = Map.of("STRIPE_API_KEY", "sk_test_bench_0000000000004242",
          "XDG_CACHE_HOME", cache.toString(), "JAVA_HOME", System.getProperty("java.home"));
      long first = time(List.of(LAUNCHER.toString(), "--version"), env);
      System.out.printf("launcher first use (creates the CDS archive once): %d ms%n", first);
      // A cache of its own: a launcher that makes its archive removes the other archives in its cache.
      Map<String, String> baselineEnv = new HashMap<>(env);
      baselineEnv.put("XDG_CACHE_HOME", Files.createTempDirectory("stripe-setup-bench-cache").toString());
      if (baselineLauncher != null) {
        System.out.printf("baseline launcher first use: %d ms%n", time(List.of(baselineLauncher.toString(), "--version"),
            baselineEnv));
      }

      Map<String, List<String>> scenarios = new LinkedHashMap<>();
      scenarios.put("--help", List.of("--help"));
      scenarios.put("--dry-run", List.of("--name", "Bench", "--email", "dry@example.com", "--amount", "20", "--dry-run"));
      scenarios.put("full chain", List.of("--api-base", fake.baseUrl(), "--name", "Bench", "--email", "EMAIL",
          "--amount", "20"));
      System.out.printf("%-11s %12s %12s %9s%s%s%n", "", "java -jar", "launcher", "speed-up",
          baseline == null ? "" : String.format(" %14s %8s", "before (jar)", "jar now/before"),
          baselineLauncher == null ? "" : String.format(" %18s %8s", "before (launcher)", "launcher now/before"));
      int n = 0;
      Map<String, long[]> medians = new LinkedHashMap<>();
      for (Map.Entry<String, List<String>> s : scenarios.entrySet()) {
        List<Long> plain = new ArrayList<>();
        List<Long> launched = new ArrayList<>();
        List<Long> before = new ArrayList<>();
        List<Long> beforeLaunched = new ArrayList<>();
        // Two untimed rounds first: the benchmark's own JVM (Maven, the fake) is still compiling
        // its code at the start and would otherwise steal a core from the first timed runs.
        for (int i = -2; i < runs; i++) {
          String email = "r" + (n++) + "@example.com";
          List<String> a = s.getValue().stream().map(x -> x.replace("EMAIL", email)).toList();
          plain.add(time(concat(List.of(java, "-jar", JAR.toString()), a), env));
          launched.add(time(concat(List.of(LAUNCHER.toString()), a.stream()
              .map(x -> x.replaceAll("^r(\\d+)@", "l$1@")).toList()), env));
          if (baseline != null) {
            before.add(time(concat(List.of(java, "-jar", baseline), a.stream()
                .map(x -> x.replaceAll("^r(\\d+)@", "b$1@")).toList()), env));
          }
          if (baselineLauncher != null) {
            beforeLaunched.add(time(concat(List.of(baselineLauncher.toString()), a.stream()
                .map(x -> x.replaceAll("^r(\\d+)@", "c$1@")).toList()), baselineEnv));
          }
          if (i < 0) {
            plain.clear();
            launched.clear();
            before.clear();
            beforeLaunched.clear();
          }
        }
        long p = median(plain);
        long l = median(launched);
        medians.put(s.getKey(), new long[] {p, l, baseline == null ? 0 : median(before)});
        System.out.printf("%-11s %9d ms %9d ms %8.2fx%s%s%n", s.getKey(), p, l, (double) p / l,
            baseline == null ? "" : String.format(" %11d ms %13.2f", median(before), (double) p / median(before)),
            baselineLauncher == null ? "" : String.format(" %15d ms %18.2f", median(beforeLaunched),
                (double) l / median(beforeLaunched)));
      }
      long help = medians.get("--help")[1];
      long[] chain = medians.get("full chain");
      double speedUp = (double) chain[0] / chain[1];
      System.out.printf("target launcher --help under 250 ms: %d ms, %.2f of the bound (%s)%n",
          help, help / 250.0, help < 250 ? "met" : "MISSED");
      System.out.printf("target full chain speed-up at least 1.60x: %.2fx, %.2f of the bound (%s)%n",
          speedUp, speedUp / 1.6, speedUp >= 1.6 ? "met" : "MISSED");
      if (baseline != null) {
        for (Map.Entry<String, long[]> m : medians.entrySet()) {
          double ratio = (double) m.getValue()[0] / m.getValue()[2];
          System.out.printf("target java -jar %s no slower than before: %.2f of before (%s)%n",
              m.getKey(), ratio, ratio <= 1.0 ? "met" : "MISSED");
        }
      }
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** Wall time of one process, from start to exit; its output is discarded, its exit code checked. */
  private static long time(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(new File("/dev/null")));
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    Process p = pb.start();
    int code = p.waitFor();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (code != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + code);
    }
    return ms;
  }

  private static long median(List<Long> xs) {
    List<Long> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }
}
