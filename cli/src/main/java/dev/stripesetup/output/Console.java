package dev.stripesetup.output;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.PrintWriter;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.Style;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where a command's words go: results on stdout, everything else (progress, warnings, errors) on
 * stderr. With --json, stdout carries only JSON.
 *
 * <p>Every line passes through {@link #redact}: a secret registered here is replaced by its masked
 * form wherever it appears, as a last line of defence for messages built from exceptions.
 */
public final class Console {
  /** Built on first use: commands that print no JSON (--help, --version) never load Gson. */
  private static final class Json {
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls()
        .setFieldNamingPolicy(com.google.gson.FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES).create();
  }

  private final PrintWriter out;
  private final PrintWriter err;
  /** Colour or not: picocli's detection (a terminal, no NO_COLOR), decided once by the caller. */
  private final Ansi ansi;
  private volatile boolean json;
  private volatile boolean verbose;
  private final List<String[]> secrets = new CopyOnWriteArrayList<>();

  /** Without colour (tests, captured output). */
  public Console(PrintWriter out, PrintWriter err) {
    this(out, err, Ansi.OFF);
  }

  /** With {@code Ansi.AUTO}, colour only in a terminal and never with NO_COLOR set. */
  public Console(PrintWriter out, PrintWriter err, Ansi ansi) {
    this.out = out;
    this.err = err;
    this.ansi = ansi;
  }

  /** The text in these styles when colour is on, else as it is. */
  public String paint(String text, Style... styles) {
    return ansi.enabled() ? Style.on(styles) + text + Style.off(styles) + Style.reset.on() : text;
  }

  public void configure(boolean json, boolean verbose) {
    this.json = json;
    this.verbose = verbose;
  }

  public boolean json() {
    return json;
  }

  public boolean verbose() {
    return verbose;
  }

  /** Registers a secret (with its masked form) to be scrubbed from everything printed. */
  public void addSecret(String secret, String masked) {
    if (secret != null && secret.length() >= 8) {
      secrets.add(new String[] {secret, masked});
    }
  }

  /**
   * Anything shaped like a Stripe secret, registered or not (say, a key typed into a flag). Compiled
   * on first use, like {@link Json}: --help and --version print through picocli, not through here.
   */
  private static final class SecretShape {
    static final java.util.regex.Pattern PATTERN =
        java.util.regex.Pattern.compile("\\b((?:sk|rk)_(?:test|live)_|whsec_)[A-Za-z0-9]{6,}([A-Za-z0-9]{4})\\b");
  }

  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String r = text;
    for (String[] s : secrets) {
      r = r.replace(s[0], s[1]);
    }
    return SecretShape.PATTERN.matcher(r).replaceAll("$1...$2");
  }

  /** A result line for a person (stdout). Ignored under --json, where {@link #printJson} speaks. */
  public void result(String line) {
    if (!json) {
      synchronized (out) {
        out.println(redact(line));
        out.flush();
      }
    }
  }

  /** Progress and notes (stderr). */
  public void info(String line) {
    synchronized (err) {
      err.println(redact(line));
      err.flush();
    }
  }

  /** Only with --verbose (stderr). */
  public void debug(String line) {
    if (verbose) {
      info(line);
    }
  }

  public void error(String line) {
    info(paint("error:", Style.bold, Style.fg_red) + " " + line);
  }

  /** A result line that says it worked (stdout), green in a terminal. */
  public void success(String line) {
    result(paint(line, Style.bold, Style.fg_green));
  }

  /** One JSON document (or one JSON line) on stdout. */
  public void printJson(Object document) {
    synchronized (out) {
      out.println(redact(Json.GSON.toJson(document)));
      out.flush();
    }
  }

  public PrintWriter out() {
    return out;
  }

  public PrintWriter err() {
    return err;
  }
}
