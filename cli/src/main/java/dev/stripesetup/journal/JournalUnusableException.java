package dev.stripesetup.journal;

/**
 * A journal that cannot be used: not one of this tool's journals, corrupt, in use by another
 * process, or not writable (also a write failing later, such as a full disk). Exit code 8 in every
 * command.
 */
public class JournalUnusableException extends RuntimeException {
  public JournalUnusableException(String message, Throwable cause) {
    super(message, cause);
  }
}
