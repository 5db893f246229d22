package dev.stripesetup.batch;

import dev.stripesetup.journal.JournalUnusableException;

/** The batch journal could not be read or written (disk full, locked by another run...): exit 8. */
public class BatchJournalException extends JournalUnusableException {
  public BatchJournalException(String message, Throwable cause) {
    super(message, cause);
  }
}
