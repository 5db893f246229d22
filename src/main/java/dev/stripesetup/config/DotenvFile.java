package dev.stripesetup.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A dotenv file read the way shells and most dotenv tools write them: {@code KEY=value},
 * {@code export KEY=value}, values in single quotes (literal) or double quotes (may span lines),
 * {@code #} comments, a UTF-8 byte order mark, Windows line ends.
 *
 * <p>Written here rather than left to dotenv-java, which refuses {@code export}, keeps single quotes,
 * silently takes the last of two equal keys, reads any path it is given to the end (so
 * {@code /dev/zero} exhausts memory and a FIFO blocks), and quotes the malformed line, secret and
 * all, in its error. Every error here is one line naming the file and line, never a value.
 */
final class DotenvFile {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
  private static final Pattern EXPORT = Pattern.compile("^export[ \\t]+");

  /** One entry: its value and the line it starts on. */
  record Entry(String value, int line) {}

  private DotenvFile() {}

  /**
   * Reads and parses {@code file}; {@code shownAs} names it in messages.
   *
   * @throws ConfigException when it is not a regular file, too large, not UTF-8, or malformed
   */
  static Map<String, Entry> read(Path file, String shownAs, int maxBytes) {
    return parse(text(file, shownAs, maxBytes), shownAs);
  }

  private static String text(Path file, String shownAs, int maxBytes) {
    // Checked before opening: opening a FIFO blocks until a writer comes, and a device never ends.
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(shownAs + ": not a regular file (a secrets file must be a plain file)");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(maxBytes + 1);
    } catch (IOException e) {
      throw new ConfigException(shownAs + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    if (bytes.length > maxBytes) {
      throw new ConfigException(shownAs + ": larger than " + maxBytes / 1024 + " KB, too large to be a secrets file");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(shownAs + ": not UTF-8 text");
    }
  }

  static Map<String, Entry> parse(String text, String shownAs) {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<String> lines = text.lines().toList();
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      int lineNo = i + 1;
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      line = EXPORT.matcher(line).replaceFirst("");
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new ConfigException(shownAs + " line " + lineNo + ": not a KEY=VALUE entry");
      }
      String name = line.substring(0, eq).strip();
      if (!NAME.matcher(name).matches()) {
        throw new ConfigException(shownAs + " line " + lineNo + ": the name before '=' must be letters, digits, "
            + "'_', '.' or '-' (no spaces or control characters), starting with a letter or '_'");
      }
      String rest = line.substring(eq + 1).strip();
      String value;
      if (rest.startsWith("'")) {
        int close = rest.indexOf('\'', 1);
        if (close < 0) {
          throw new ConfigException(shownAs + " line " + lineNo + ": the single quote opened here is not closed on the line");
        }
        checkAfterQuote(rest.substring(close + 1), shownAs, lineNo);
        value = rest.substring(1, close);
      } else if (rest.startsWith("\"")) {
        // A double-quoted value may go on over the next lines, up to the closing quote.
        StringBuilder b = new StringBuilder();
        String part = rest.substring(1);
        int close = closingQuote(part);
        while (close < 0) {
          b.append(part).append('\n');
          if (++i >= lines.size()) {
            throw new ConfigException(shownAs + " line " + lineNo + ": the double quote opened here is never closed");
          }
          part = lines.get(i).stripTrailing();
          close = closingQuote(part);
        }
        checkAfterQuote(part.substring(close + 1), shownAs, lineNo);
        value = b.append(part, 0, close).toString();
      } else {
        value = withoutComment(rest);
      }
      Entry before = entries.putIfAbsent(name, new Entry(value, lineNo));
      if (before != null) {
        // Which one should win is a guess (a test key then a live one makes the live one win): refuse.
        throw new ConfigException(shownAs + " lines " + before.line() + " and " + lineNo + " both set " + name
            + ": keep one of them");
      }
    }
    return entries;
  }

  /** The first double quote not escaped with a backslash, or -1. */
  private static int closingQuote(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\\') {
        i++;
      } else if (s.charAt(i) == '"') {
        return i;
      }
    }
    return -1;
  }

  private static void checkAfterQuote(String after, String shownAs, int lineNo) {
    String a = after.strip();
    if (!a.isEmpty() && !a.startsWith("#")) {
      throw new ConfigException(shownAs + " line " + lineNo + ": text after the closing quote");
    }
  }

  /** As in a shell, {@code #} starts a comment only at the start or after a space: {@code a#b} stays whole. */
  private static String withoutComment(String value) {
    for (int i = 1; i < value.length(); i++) {
      if (value.charAt(i) == '#' && Character.isWhitespace(value.charAt(i - 1))) {
        return value.substring(0, i).strip();
      }
    }
    return value.startsWith("#") ? "" : value;
  }
}
