package dev.stripesetup.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * One process at a time on a journal: an operating-system lock on an empty file beside it,
 * {@code <journal>-lock}, released by the system when the process dies. A separate file, because a
 * lock on the database file itself would mix with SQLite's own locks there, and closing any handle
 * of that file (a reader in the same process) would drop it. Inside one process a second taker is
 * refused as well (the JVM reports the overlap).
 */
public final class ProcessLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;
  private final Path lockFile;

  private ProcessLock(FileChannel channel, FileLock lock, Path lockFile) {
    this.channel = channel;
    this.lock = lock;
    this.lockFile = lockFile;
  }

  /**
   * Takes the lock or refuses at once.
   *
   * @param who what holds it, for the message ("stripe-setup listen")
   * @throws JournalUnusableException when another process (or another opener in this one) holds it
   */
  public static ProcessLock take(Path journal, String who) {
    Path file = journal.toAbsolutePath().normalize();
    Path lockFile = file.resolveSibling(file.getFileName() + "-lock");
    FileChannel channel = null;
    try {
      Files.createDirectories(lockFile.getParent());
      if (!Files.exists(lockFile)) {
        try {
          Files.createFile(lockFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (java.nio.file.FileAlreadyExistsException | UnsupportedOperationException e) {
          // made meanwhile, or not POSIX: opened below
        }
      }
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw SqliteJournal.unusable(journal, "is in use by another " + who + " (it holds " + lockFile.getFileName()
            + "); stop it first, or give this one another journal", null);
      }
      return new ProcessLock(channel, lock, lockFile);
    } catch (IOException e) {
      closeQuietly(channel);
      throw SqliteJournal.unusable(journal, "cannot be locked (" + lockFile + ": " + e.getMessage() + ")", e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // closing the channel releases it too
    }
    closeQuietly(channel);
  }

  /**
   * Releases the lock and removes its file: for a journal that was refused after the lock was
   * taken (not a journal, corrupt, not writable), which should leave nothing of this run behind.
   * Removed before the release; a process that opened the file meanwhile may then lock the removed
   * file, but it opens the same refused journal and is refused in turn.
   */
  public void closeAndRemove() {
    try {
      Files.deleteIfExists(lockFile);
    } catch (IOException e) {
      // left behind: harmless, the next opener takes the lock on it
    }
    close();
  }

  private static void closeQuietly(FileChannel c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        // nothing was written
      }
    }
  }
}
