package dev.stripesetup.listen;

import dev.stripesetup.webhook.PaymentFailure;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.List;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code --on-failure 'command'}: runs the user's command through {@code sh -c} with the failure as
 * one JSON object on stdin, so paging, email or chat is done with their own tools. A command that
 * fails, hangs past the timeout or cannot start is reported and never stops the listener.
 *
 * <p>Runs at least once per failure: after a crash between running it and marking the event handled,
 * it runs again at the next start. The JSON's event_id lets a command drop repeats.
 */
public final class OnFailureHook {
  static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  private final String command;
  private final Duration timeout;
  private final Path workingDir;

  public OnFailureHook(String command, Duration timeout, Path workingDir) {
    this.command = command;
    this.timeout = timeout;
    this.workingDir = workingDir;
  }

  /** Runs the command; returns a problem to log, or null when it exited 0. */
  public String run(PaymentFailure failure) {
    byte[] json = (GSON.toJson(failure.json()) + "\n").getBytes(StandardCharsets.UTF_8);
    Process process;
    try {
      // The command's stdout goes to our stderr: stdout carries only results (and JSON under --json).
      ProcessBuilder pb = new ProcessBuilder("sh", "-c", "exec 1>&2\n" + command).directory(workingDir.toFile())
          .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
      // The hook gets the failure on stdin, not our secrets: its output is not redacted.
      for (String secret : List.of("STRIPE_API_KEY", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET")) {
        pb.environment().remove(secret);
      }
      process = pb.start();
    } catch (IOException e) {
      return "--on-failure: could not start sh: " + e.getMessage();
    }
    try {
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(json);
      } catch (IOException e) {
        // The command did not read its stdin (exited early, or closed it): its exit status says more.
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return "--on-failure: the command did not finish within " + timeout.toSeconds() + " s and was stopped ("
            + failure.eventId() + ")";
      }
      int code = process.exitValue();
      return code == 0 ? null : "--on-failure: the command exited with " + code + " (" + failure.eventId() + ")";
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return "--on-failure: interrupted while the command ran (" + failure.eventId() + ")";
    }
  }
}
