package dev.stripesetup.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where secrets come from: the process environment first, then one dotenv file (./.env by default,
 * or the file given with --env-file). Keys are never taken from command-line flags: those show up
 * in {@code ps} and shell history.
 */
public final class Secrets {
  public static final List<String> API_KEY_NAMES = List.of("STRIPE_API_KEY", "STRIPE_SECRET_KEY");
  public static final String WEBHOOK_SECRET_NAME = dev.stripesetup.webhook.WebhookSecret.NAME;
  /** A secrets file is a few lines; the cap keeps a wrong --env-file from filling the memory. */
  public static final int MAX_FILE_BYTES = 1024 * 1024;

  private final Map<String, String> environment;
  private final Path envFile;
  private final boolean envFileExplicit;
  private final Map<String, DotenvFile.Entry> fileEntries;
  private final String fileLabel;

  private Secrets(Map<String, String> environment, Path envFile, boolean explicit,
      Map<String, DotenvFile.Entry> fileEntries, String fileLabel) {
    this.environment = environment;
    this.envFile = envFile;
    this.envFileExplicit = explicit;
    this.fileEntries = fileEntries;
    this.fileLabel = fileLabel;
  }

  /**
   * Reads the environment and the dotenv file.
   *
   * @param explicitEnvFile the --env-file value, or null for ./.env (which may be missing)
   * @param warn receives warnings such as a .env readable by other users
   */
  public static Secrets load(Map<String, String> environment, Path workingDir, Path explicitEnvFile,
      Consumer<String> warn) {
    boolean explicit = explicitEnvFile != null;
    Path file = explicit ? workingDir.resolve(explicitEnvFile) : workingDir.resolve(".env");
    if (!Files.exists(file)) {
      if (explicit) {
        throw new ConfigException("--env-file: " + explicitEnvFile + " does not exist");
      }
      return new Secrets(environment, file, false, Map.of(), ".env");
    }
    String label = display(file, explicit, explicitEnvFile);
    if (Files.isDirectory(file) || !Files.isReadable(file)) {
      throw new ConfigException(label + ": cannot be read");
    }
    Map<String, DotenvFile.Entry> entries = DotenvFile.read(file, label, MAX_FILE_BYTES);
    warnIfShared(file, label, warn);
    return new Secrets(environment, file, explicit, entries, label);
  }

  private static String display(Path file, boolean explicit, Path given) {
    return explicit ? given.toString() : ".env";
  }

  private static void warnIfShared(Path file, String shownAs, Consumer<String> warn) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
        warn.accept("warning: " + shownAs + " is readable by other users; it holds secrets: chmod 600 " + file.getFileName());
      }
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system (Windows): nothing to check.
    }
  }

  /** The API key, or a ConfigException saying everywhere it looked. */
  public ApiKey apiKey() {
    for (String name : API_KEY_NAMES) {
      String v = environment.get(name);
      if (v != null && !v.isBlank()) {
        return ApiKey.of(v, "environment variable " + name);
      }
    }
    for (String name : API_KEY_NAMES) {
      DotenvFile.Entry e = fileEntries.get(name);
      if (e != null && !e.value().isBlank()) {
        try {
          return ApiKey.of(e.value(), fileLabel() + " (" + name + ")");
        } catch (ConfigException bad) {
          throw new ConfigException(fileLabel() + " line " + e.line() + ": " + bad.getMessage());
        }
      }
    }
    ApiKey stored = keychainKey();
    if (stored != null) {
      return stored;
    }
    throw new ConfigException("no Stripe API key: set STRIPE_API_KEY (or STRIPE_SECRET_KEY) in the environment or in "
        + fileLabel() + (fileEntries.isEmpty() && !Files.exists(envFile) ? " (not found)" : "")
        + ", or store one with `stripe-setup login`; see .env.example");
  }

  // ---- Lookup step 3 of 3: the OS keychain (`stripe-setup login`) --------------------------------
  // Kept apart from the dotenv code above. Reached only when neither the environment nor the file has
  // a key, so only those runs load the keychain's libraries (KeychainStore).

  /** The key stored by {@code stripe-setup login}, or null (none stored, or no keychain here). */
  private ApiKey keychainKey() {
    KeychainStore store = KeychainStore.of(environment);
    String stored;
    try {
      stored = store.read();
    } catch (ConfigException noKeychain) {
      // A headless server has none: the "no Stripe API key" message that follows says what to do.
      return null;
    }
    return stored == null ? null : ApiKey.of(stored, store.label());
  }

  /** An optional value (environment first, then the file), e.g. STRIPE_WEBHOOK_SECRET. */
  public String get(String name) {
    String v = environment.get(name);
    if (v != null && !v.isBlank()) {
      return v.strip();
    }
    DotenvFile.Entry e = fileEntries.get(name);
    return e == null || e.value().isBlank() ? null : e.value().strip();
  }

  /** Where a value named {@code name} was found, for plans and messages. */
  public String sourceOf(String name) {
    if (environment.get(name) != null && !environment.get(name).isBlank()) {
      return "environment variable " + name;
    }
    return fileEntries.containsKey(name) ? fileLabel() + " (" + name + ")" : null;
  }

  /** What was looked at, in order, for messages. */
  public List<String> searched() {
    List<String> where = new ArrayList<>();
    where.add("environment (" + String.join(", ", API_KEY_NAMES) + ")");
    where.add(fileLabel() + (Files.exists(envFile) ? "" : " (not found)"));
    where.add("the OS keychain");
    return where;
  }

  private String fileLabel() {
    return fileLabel;
  }
}
