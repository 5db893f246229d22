package dev.stripesetup.cli;

import java.io.Console;

/** Asks the person at the terminal; tests substitute answers. */
public interface Prompter {
  /** True when there is a terminal to ask. */
  boolean interactive();

  /** Shows the question and returns the answer, or null at end of input. */
  String ask(String question);

  /** Like {@link #ask}, without echoing what is typed (a key). */
  default String askHidden(String question) {
    return ask(question);
  }

  /** The real terminal, when there is one. */
  static Prompter system() {
    Console console = System.console();
    return new Prompter() {
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
