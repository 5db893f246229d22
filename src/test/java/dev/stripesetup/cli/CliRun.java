package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stripesetup.output.Console;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the command in-process the way picocli recommends (a configured CommandLine, captured out and
 * err, the exit code returned), with its own environment, working directory and terminal answers.
 * Every run checks that no secret it was given shows up in what it printed.
 */
public final class CliRun {
  public static final String TEST_KEY = "sk_test_51FakeKeyForTestsOnly0000000000000000004242";
  public static final String LIVE_KEY = "sk_live_51FakeLiveKeyForTestsOnly00000000000000009999";

  private final Map<String, String> env = new HashMap<>();
  private final Path workingDir;
  private final Deque<String> answers = new ArrayDeque<>();
  private boolean tty;

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

  /** Pretends there is a terminal that will answer the prompts in order. */
  public CliRun terminal(String... replies) {
    tty = true;
    answers.addAll(List.of(replies));
    return this;
  }

  public Result run(String... args) {
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
    };
    CliContext ctx = new CliContext(env, workingDir,
        new Console(new PrintWriter(out, true), new PrintWriter(err, true)), prompter);
    int code = Main.run(ctx, args);
    Result r = new Result(code, out.toString(), err.toString());
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
}
