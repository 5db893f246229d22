package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stripesetup.output.Console;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the command in-process the way picocli recommends (a configured CommandLine, captured out and
 * err, the exit code returned), with its own environment, working directory and terminal answers.
 * Every run checks that no secret it was given shows up in what it printed.
 *
 * <p>With {@code -Dstripesetup.way=jar} or {@code -Dstripesetup.way=launcher} (set by the build's
 * integration-test runs of the command tests), each run is instead a process of the built
 * {@code java -jar target/stripe-setup.jar} or {@code target/stripe-setup}, with only this run's
 * environment, so the same tests check the same behaviour both ways a person runs the tool. Tests
 * that need a terminal or an in-process hook are skipped there (see {@link #requireInProcess}).
 */
public final class CliRun {
  /** How commands run: "in-process" (the default), "jar" or "launcher". */
  public static final String WAY = System.getProperty("stripesetup.way", "in-process");
  private static Path launcherCache;

  public static final String TEST_KEY = "sk_test_51FakeKeyForTestsOnly0000000000000000004242";
  public static final String LIVE_KEY = "sk_live_51FakeLiveKeyForTestsOnly00000000000000009999";

  private final Map<String, String> env = new HashMap<>();
  private final Path workingDir;
  private String way = WAY;
  private final Deque<String> answers = new ArrayDeque<>();
  private boolean tty;
  /** What is piped into the command's standard input (null: nothing, /dev/null for a process). */
  private String stdin;
  private boolean inputTerminal;

  /** The result of one invocation. */
  public record Result(int exitCode, String out, String err) {
    public String all() {
      return out + err;
    }
  }

  public CliRun(Path workingDir) {
    this.workingDir = workingDir;
    env.put("STRIPE_SETUP_RETRY_BASE_MS", "20");
  }

  public CliRun env(String name, String value) {
    if (value == null) {
      env.remove(name);
    } else {
      env.put(name, value);
    }
    return this;
  }

  public CliRun key(String key) {
    return env("STRIPE_API_KEY", key);
  }

  /** Runs this runner's commands one given way ("in-process", "jar" or "launcher"), whatever {@link #WAY} says. */
  public CliRun way(String way) {
    this.way = way;
    return this;
  }

  /**
   * The command line of the built tool: {@code java -jar target/stripe-setup.jar} or
   * {@code target/stripe-setup}. The jar's JVM gets the C1-only and serial-collector switches: they
   * change how fast a JVM that lives a second starts, not what the program does, and they take
   * about a third off the several hundred {@code java -jar} processes CI starts.
   */
  public static List<String> command(String way, String... args) {
    List<String> command = new ArrayList<>(way.equals("jar")
        ? List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
            Path.of("target/stripe-setup.jar").toAbsolutePath().toString())
        : List.of(Path.of("target/stripe-setup").toAbsolutePath().toString()));
    command.addAll(List.of(args));
    return command;
  }

  /**
   * Skips the calling test unless commands run in-process: a terminal that answers prompts, or a
   * command stopped by interrupting its thread, has no equal for a separate process.
   */
  public static void requireInProcess(String why) {
    org.junit.jupiter.api.Assumptions.assumeTrue(WAY.equals("in-process"), "in-process only: " + why);
  }

  /** Pretends there is a terminal that will answer the prompts in order. */
  public CliRun terminal(String... replies) {
    requireInProcess("answers typed at a terminal");
    tty = true;
    answers.addAll(List.of(replies));
    return this;
  }

  /** Pipes this text into the command's standard input (no terminal to ask). */
  public CliRun stdin(String text) {
    stdin = text;
    return this;
  }

  /** Pretends standard input is a terminal while there is no console (output redirected). */
  public CliRun inputTerminal() {
    requireInProcess("a terminal on stdin without a console");
    inputTerminal = true;
    return this;
  }

  public Result run(String... args) {
    Result r = way.equals("in-process") ? runInProcess(args) : runProcess(args);
    for (String secret : env.values()) {
      if (secret.startsWith("sk_") || secret.startsWith("rk_") || secret.startsWith("whsec_")) {
        assertThat(r.all()).as("printed output must never contain a secret").doesNotContain(secret);
      }
    }
    for (String secret : List.of(TEST_KEY, LIVE_KEY)) {
      assertThat(r.all()).doesNotContain(secret);
    }
    return r;
  }

  private Result runInProcess(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Prompter prompter = new Prompter() {
      @Override
      public boolean interactive() {
        return tty;
      }

      @Override
      public String ask(String question) {
        err.write(question);
        return answers.poll();
      }

      @Override
      public String readLine() {
        try {
          return stdin == null ? null : new java.io.BufferedReader(new java.io.StringReader(stdin)).readLine();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }

      @Override
      public boolean inputIsTerminal() {
        return inputTerminal;
      }
    };
    CliContext ctx = new CliContext(env, workingDir,
        new Console(new PrintWriter(out, true), new PrintWriter(err, true)), prompter);
    int code = Main.run(ctx, args);
    return new Result(code, out.toString(), err.toString());
  }

  /** The built jar or launcher as a process: this run's environment only, plus what a shell needs. */
  private Result runProcess(String... args) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command(way, args)).directory(workingDir.toFile());
      pb.environment().clear();
      pb.environment().put("PATH", System.getenv("PATH"));
      pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
      pb.environment().put("XDG_CACHE_HOME", cache().toString());
      pb.environment().putAll(env);
      Path out = Files.createTempFile("cli-out", ".txt");
      Path err = Files.createTempFile("cli-err", ".txt");
      Path in = stdin == null ? null : Files.writeString(Files.createTempFile("cli-in", ".txt"), stdin);
      try {
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(in == null ? new java.io.File("/dev/null") : in.toFile())).start();
        int code = p.waitFor();
        return new Result(code, Files.readString(out), Files.readString(err));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        if (in != null) {
          Files.deleteIfExists(in);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** One cache directory for the whole test run (under target/), so the launcher makes its archive once. */
  private static synchronized Path cache() throws java.io.IOException {
    if (launcherCache == null) {
      launcherCache = Files.createDirectories(Path.of("target", "test-launcher-cache").toAbsolutePath());
    }
    return launcherCache;
  }
}
