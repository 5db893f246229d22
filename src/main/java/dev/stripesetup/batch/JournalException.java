package dev.stripesetup.batch;

import dev.stripesetup.journal.JournalUnusableException;

/** The journal could not be read or written (disk full, locked by another run...). */
public class JournalException extends JournalUnusableException {
  public JournalException(String message, Throwable cause) {
    super(message, cause);
  }
}
