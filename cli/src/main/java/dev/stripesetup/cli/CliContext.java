package dev.stripesetup.cli;

import dev.stripesetup.output.Console;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command reads from the world besides its arguments: the environment, the working
 * directory, the terminal. Passed in rather than read from globals, so tests can run commands
 * in-process with their own.
 */
public record CliContext(Map<String, String> env, Path workingDir, Console console, Prompter prompter) {

  public CliContext {
    env = Map.copyOf(env);
  }
}
