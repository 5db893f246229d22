package dev.stripesetup.billing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Lets one run at a time work on a given customer email on this machine. Two runs for the same new
 * email at once (two terminals, a single run beside a batch) would each look the email up, find
 * nothing, and each create a customer; with this lock the second waits, then finds the first's.
 *
 * <p>An operating-system file lock, released by the system if the process dies, in one of 1024 lock
 * files in one directory for the whole machine, {@code <system temp dir>/stripe-setup-locks}: not the
 * user's cache, so two users, or two shells with another {@code HOME} or {@code XDG_CACHE_HOME}, still
 * take turns. The directory is world-writable with the sticky bit, as /tmp is, and the lock files are
 * readable and writable by all (they hold nothing). The file is chosen by a hash of the email, so no
 * email is written to disk, and runs for two emails that share a file just wait for each other.
 * Inside one process (batch rows run in parallel) a plain lock per file comes first, because a
 * process cannot hold the same file lock twice. Where no lock can be taken, the run says so and goes
 * unlocked ({@link #held()} is false; the chain then looks the email up again just before creating a
 * customer). Runs on other machines are not covered: they rely on the look-up by email, which reports
 * two customers with one email as ambiguous (exit 5).
 */
public final class EmailLock implements AutoCloseable {
  private static final int FILES = 1024;
  private static final Map<Path, ReentrantLock> IN_THIS_PROCESS = new ConcurrentHashMap<>();

  private final ReentrantLock local;
  private final FileChannel channel;
  private final FileLock lock;
  /** When a run last let this lock file go (its modification time; 0: never), read once held. */
  private final long lastReleasedMillis;
  private boolean closed;

  private EmailLock(ReentrantLock local, FileChannel channel, FileLock lock) {
    this(local, channel, lock, Long.MAX_VALUE);
  }

  private EmailLock(ReentrantLock local, FileChannel channel, FileLock lock, long lastReleasedMillis) {
    this.local = local;
    this.channel = channel;
    this.lock = lock;
    this.lastReleasedMillis = lastReleasedMillis;
  }

  /** Names another lock directory; every run that must take turns with another has to name the same. */
  public static final String DIRECTORY_VARIABLE = "STRIPE_SETUP_LOCK_DIR";

  /**
   * Where the lock files live: {@value #DIRECTORY_VARIABLE} when set (tests, a machine whose runs
   * share another directory), otherwise the same directory for every user of this machine. Not the
   * user's HOME or XDG_CACHE_HOME: a per-user directory let two users' runs overlap.
   */
  public static Path directory(Map<String, String> env) {
    String named = env.get(DIRECTORY_VARIABLE);
    return named != null && !named.isBlank() ? Path.of(named)
        : Path.of(System.getProperty("java.io.tmpdir"), "stripe-setup-locks");
  }

  /**
   * Waits until no other run on this machine works on this email (saying so through {@code info}
   * if another process holds it). A null directory means no locking.
   */
  public static EmailLock acquire(Path directory, String email, Consumer<String> info) {
    if (directory == null || email == null) {
      return new EmailLock(null, null, null);
    }
    int slot = Math.floorMod(SetupRequest.sha256(email.toLowerCase(Locale.ROOT)).hashCode(), FILES);
    Path file = directory.resolve(String.format("email-%04d.lock", slot));
    ReentrantLock local = IN_THIS_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
    local.lock();
    try {
      if (!Files.isDirectory(directory)) {
        Files.createDirectories(directory);
        shareWithEveryone(directory, 01777);
      }
      // Never through a link: someone else may have put one there.
      FileChannel channel;
      try {
        channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
        // Never released yet: a time before any look-up (see quietSince).
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(0));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
      }
      shareWithEveryone(file, 0666);
      try {
        FileLock lock = channel.tryLock();
        if (lock == null) {
          info.accept("Waiting for another stripe-setup run on this machine that works on this email");
          lock = channel.lock();
        }
        return new EmailLock(local, channel, lock, Files.getLastModifiedTime(file).toMillis());
      } catch (IOException | RuntimeException e) {
        closeQuietly(channel);
        throw e;
      }
    } catch (java.nio.channels.ClosedByInterruptException e) {
      local.unlock();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for another run on this email", e);
    } catch (IOException | UnsupportedOperationException e) {
      info.accept("warning: running without the per-email lock (" + directory + ": " + reason(e) + "); another "
          + "run for this email on this machine at the same moment could each create a customer");
      return new EmailLock(local, null, null);
    } catch (RuntimeException e) {
      local.unlock();
      throw e;
    }
  }

  /** Whether other processes are held off (false: this run goes unlocked). */
  public boolean held() {
    return lock != null;
  }

  /**
   * Whether no run (here or in another process) has let this lock go since {@code millis}: then a
   * look-up of the email made at {@code millis}, before the lock was taken, is still true, as no
   * other run can have created a customer for it meanwhile. Lock files are shared by many emails,
   * so a release for another email also says no (the caller then looks up again: slower, never
   * wrong).
   */
  public boolean quietSince(long millis) {
    return held() && lastReleasedMillis < millis;
  }

  /** Lets the next run for this email go; a second call does nothing. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (lock != null) {
        // A write moves the file's modification time (for quietSince) for any user who may write.
        channel.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}), 0);
        lock.release();
      }
    } catch (IOException ignored) {
      // Closing the channel below releases it too.
    } finally {
      closeQuietly(channel);
      if (local != null) {
        local.unlock();
      }
    }
  }

  /** Lets other users take turns too; only the owner can change the mode, and that is enough. */
  private static void shareWithEveryone(Path path, int mode) {
    try {
      if (((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777) != mode) {
        Files.setAttribute(path, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
      // Not the owner, or not a POSIX file system: the lock still works for this user.
    }
  }

  private static String reason(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Nothing was written; the lock goes with the channel.
      }
    }
  }
}
