package dev.stripesetup.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The terminal and standard input: asks the person at the terminal, or reads what was piped in.
 * Commands never touch {@code System.in} or {@code System.console()} themselves; tests substitute
 * answers, piped input and a terminal.
 */
public interface Prompter {
  /** True when there is a terminal to ask. */
  boolean interactive();

  /** Shows the question and returns the answer, or null at end of input. */
  String ask(String question);

  /** Like {@link #ask}, without echoing what is typed (a key). */
  default String askHidden(String question) {
    return ask(question);
  }

  /**
   * One line of standard input when there is no terminal to ask (a script pipes a key in), or null
   * at end of input. Nothing is piped in by default.
   *
   * @throws UncheckedIOException when standard input cannot be read
   */
  default String readLine() {
    return null;
  }

  /**
   * Whether standard input is a terminal although {@link #interactive()} is false (output
   * redirected, a person typing): what is typed there would be echoed. False by default.
   */
  default boolean inputIsTerminal() {
    return false;
  }

  /** The real terminal, when there is one, and the process's standard input. */
  static Prompter system() {
    Console console = System.console();
    return new Prompter() {
      @Override
      public String readLine() {
        try {
          // Not closed: it is the process's stdin.
          return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      /** Linux: where fd 0 points (Java sees no console once stdout is redirected). */
      @Override
      public boolean inputIsTerminal() {
        try {
          String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
          return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
          return false;
        }
      }

      @Override
      public boolean interactive() {
        return console != null;
      }

      @Override
      public String ask(String question) {
        return console == null ? null : console.readLine("%s", question);
      }

      @Override
      public String askHidden(String question) {
        char[] typed = console == null ? null : console.readPassword("%s", question);
        return typed == null ? null : new String(typed);
      }
    };
  }

  /** No terminal: every confirmation is refused. */
  static Prompter none() {
    return new Prompter() {
      @Override
      public boolean interactive() {
        return false;
      }

      @Override
      public String ask(String question) {
        return null;
      }
    };
  }
}
