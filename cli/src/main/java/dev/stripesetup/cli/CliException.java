package dev.stripesetup.cli;

/** An expected failure with a one-line message and the exit status it maps to. */
public class CliException extends RuntimeException {
  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
