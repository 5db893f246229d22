package dev.stripesetup.batch;

/** The journal could not be read or written (disk full, locked by another run...). */
public class JournalException extends RuntimeException {
  public JournalException(String message, Throwable cause) {
    super(message, cause);
  }
}
