package dev.stripesetup.config;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A private Linux Secret Service for the keychain tests: its own D-Bus session bus
 * ({@code dbus-daemon --session}) and GNOME Keyring's secrets component unlocked with an empty
 * password, both in a temporary home, so the tests never touch a real keychain. Debian packages
 * dbus and gnome-keyring (.ci/run installs them).
 *
 * <p>The test JVM reaches it through the system property DBUS_SESSION_BUS_ADDRESS (which the D-Bus
 * library reads before the environment variable); a command run as a process gets the variable in
 * its environment ({@link #env()}). Where the programs are missing the tests are skipped with the
 * install line; under CI (CI set) they fail instead.
 */
public final class PrivateSecretService implements AutoCloseable {
  public static final String ADDRESS = "DBUS_SESSION_BUS_ADDRESS";
  /** Keychain tests store under their own service name too, in case a real keychain is reached. */
  public static final String TEST_SERVICE = "stripe-setup-test";

  private final Process bus;
  private final Process keyring;
  private final Path home;
  public final String address;

  private PrivateSecretService(Process bus, Process keyring, Path home, String address) {
    this.bus = bus;
    this.keyring = keyring;
    this.home = home;
    this.address = address;
  }

  public static PrivateSecretService start() throws Exception {
    for (String program : new String[] {"dbus-daemon", "dbus-send", "gnome-keyring-daemon"}) {
      if (!onPath(program)) {
        String reason = program + " is not installed: apt-get install -y --no-install-recommends dbus gnome-keyring "
            + "to test the OS keychain";
        if (System.getenv("CI") != null) {
          throw new IllegalStateException(reason);
        }
        Assumptions.abort(reason);
      }
    }
    Path home = Files.createTempDirectory("secret-service");
    ProcessBuilder busBuilder = new ProcessBuilder("dbus-daemon", "--session", "--nofork", "--print-address=1");
    busBuilder.environment().put("HOME", home.toString());
    busBuilder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process bus = busBuilder.start();
    String address = new BufferedReader(new InputStreamReader(bus.getInputStream(), StandardCharsets.UTF_8)).readLine();
    if (address == null || !address.startsWith("unix:")) {
      bus.destroyForcibly();
      throw new IllegalStateException("dbus-daemon did not print its address: " + address);
    }
    ProcessBuilder keyringBuilder = new ProcessBuilder("gnome-keyring-daemon", "--unlock", "--components=secrets", "--foreground");
    Map<String, String> env = keyringBuilder.environment();
    env.put("HOME", home.toString());
    env.put("XDG_RUNTIME_DIR", home.toString());
    env.put("XDG_DATA_HOME", home.resolve("data").toString());
    env.put(ADDRESS, address);
    env.remove("DISPLAY");
    keyringBuilder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
    Process keyring = keyringBuilder.start();
    // --unlock reads the login keyring's password from stdin: empty, then end of input.
    try (OutputStream in = keyring.getOutputStream()) {
      in.write('\n');
    }
    PrivateSecretService service = new PrivateSecretService(bus, keyring, home, address);
    long deadline = System.currentTimeMillis() + 20_000;
    while (!service.secretsOwned()) {
      if (System.currentTimeMillis() > deadline || !keyring.isAlive()) {
        service.close();
        throw new IllegalStateException("gnome-keyring-daemon did not take org.freedesktop.secrets on the private bus");
      }
      Thread.sleep(100);
    }
    System.setProperty(ADDRESS, address);
    return service;
  }

  private boolean secretsOwned() throws IOException, InterruptedException {
    ProcessBuilder b = new ProcessBuilder("dbus-send", "--session", "--dest=org.freedesktop.DBus", "--print-reply",
        "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.secrets");
    b.environment().put(ADDRESS, address);
    b.redirectErrorStream(true);
    Process p = b.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(5, TimeUnit.SECONDS);
    return out.contains("boolean true");
  }

  /** What a command run as a separate process needs to reach this service (and only it). */
  public Map<String, String> env() {
    return Map.of(ADDRESS, address, KeychainStore.SERVICE_VARIABLE, TEST_SERVICE);
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    System.clearProperty(ADDRESS);
    for (Process p : new Process[] {keyring, bus}) {
      p.destroy();
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    try (var files = Files.walk(home)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // A temporary directory: left for the OS to clean.
    }
  }
}
