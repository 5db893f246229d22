package dev.stripesetup.config;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.PasswordAccessException;
import java.util.Map;

/**
 * The API key in the operating system's keychain (macOS Keychain, Windows Credential Manager, Linux
 * Secret Service over D-Bus, e.g. GNOME Keyring or KWallet), through java-keyring.
 *
 * <p>Only {@code login}, {@code logout}, {@code config} and a key lookup that found nothing in the
 * environment or the dotenv file touch this class: java-keyring, JNA and the D-Bus library load with
 * it (about 2 s on Linux), so every other run never pays for them.
 *
 * <p>Every failure (no keychain on a headless server, no D-Bus session, a locked collection) is a
 * {@link ConfigException} with one line, never a stack trace.
 */
public final class KeychainStore {
  /** The keychain entry's service name; STRIPE_SETUP_KEYCHAIN_SERVICE overrides it (tests use their own). */
  public static final String SERVICE = "stripe-setup";
  public static final String SERVICE_VARIABLE = "STRIPE_SETUP_KEYCHAIN_SERVICE";
  /** The entry's account name. */
  public static final String ACCOUNT = "STRIPE_API_KEY";

  private final String service;

  private KeychainStore(String service) {
    this.service = service;
  }

  /** The store for this environment (its service name). */
  public static KeychainStore of(Map<String, String> environment) {
    String s = environment.get(SERVICE_VARIABLE);
    return new KeychainStore(s == null || s.isBlank() ? SERVICE : s.strip());
  }

  /** Where the key lives, for messages: "the OS keychain (service stripe-setup)". */
  public String label() {
    return "the OS keychain (service " + service + ")";
  }

  /** The stored key, or null when there is none. */
  public String read() {
    return withKeyring(k -> {
      try {
        String v = k.getPassword(service, ACCOUNT);
        return v == null || v.isBlank() ? null : v.strip();
      } catch (PasswordAccessException e) {
        // java-keyring says "no stored credentials" this way; a locked collection would fail store() too.
        return null;
      }
    });
  }

  /** Stores (or replaces) the key. */
  public void store(String key) {
    withKeyring(k -> {
      try {
        k.setPassword(service, ACCOUNT, key);
        return null;
      } catch (PasswordAccessException e) {
        throw new ConfigException("cannot store the key in " + label() + ": " + reason(e));
      }
    });
  }

  /** Removes the key; false when there was none. */
  public boolean delete() {
    return withKeyring(k -> {
      try {
        if (k.getPassword(service, ACCOUNT) == null) {
          return false;
        }
      } catch (PasswordAccessException e) {
        return false;
      }
      try {
        k.deletePassword(service, ACCOUNT);
        return true;
      } catch (PasswordAccessException e) {
        throw new ConfigException("cannot remove the key from " + label() + ": " + reason(e));
      }
    });
  }

  private interface KeyringWork<T> {
    T run(Keyring keyring);
  }

  private <T> T withKeyring(KeyringWork<T> work) {
    Keyring keyring;
    try {
      keyring = Keyring.create();
    } catch (BackendNotSupportedException | RuntimeException | LinkageError e) {
      throw unavailable(e);
    }
    try {
      return work.run(keyring);
    } catch (ConfigException e) {
      throw e;
    } catch (RuntimeException | LinkageError e) {
      // The D-Bus library reports a vanished or refusing Secret Service with unchecked exceptions.
      throw unavailable(e);
    } finally {
      try {
        keyring.close();
      } catch (Exception e) {
        // Closing a D-Bus connection that already failed: nothing left to do.
      }
    }
  }

  private ConfigException unavailable(Throwable e) {
    return new ConfigException("no OS keychain available (" + reason(e) + "): on a server without one, set "
        + "STRIPE_API_KEY in the environment or in .env instead");
  }

  /** The cause's message on one line, never a stack trace. */
  private static String reason(Throwable e) {
    Throwable t = e;
    String m = t.getMessage();
    while ((m == null || m.isBlank()) && t.getCause() != null) {
      t = t.getCause();
      m = t.getMessage();
    }
    String line = m == null || m.isBlank() ? t.getClass().getSimpleName() : m.strip();
    int nl = line.indexOf('\n');
    return nl < 0 ? line : line.substring(0, nl);
  }
}
