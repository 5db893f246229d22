package dev.stripesetup.batch;

/** The input file as a whole cannot be used (no header, unknown columns, broken quoting...): exit 2. */
public class BadFileException extends RuntimeException {
  public BadFileException(String message) {
    super(message);
  }
}
