package dev.stripesetup.config;

import io.github.cdimascio.dotenv.DotenvEntry;
import io.github.cdimascio.dotenv.DotenvException;
import io.github.cdimascio.dotenv.internal.DotenvParser;
import io.github.cdimascio.dotenv.internal.DotenvReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A dotenv file: dotenv-java parses each entry; this class reads the file safely and cuts it into
 * entries first, so that every error names the file and the line and never shows a value.
 *
 * <p>Left to itself dotenv-java reads any path to the end ({@code /dev/zero} fills the memory, a FIFO
 * blocks), refuses {@code export} and a byte order mark, takes the last of two equal keys, drops an
 * unclosed double quote and everything after it at the end of the file, and quotes the malformed line,
 * secret and all, in its exception. Those are handled here; names, {@code =}, double quotes and
 * comments are dotenv-java's.
 */
final class DotenvFile {
  private static final Pattern EXPORT = Pattern.compile("^export[ \\t]+");

  /** One entry: its value and the line it starts on. */
  record Entry(String value, int line) {}

  /** An entry's text as handed to dotenv-java, with where it starts and whether its value is in single quotes. */
  private record Raw(String text, int line, boolean singleQuoted) {}

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
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (Raw raw : split(text.startsWith("\uFEFF") ? text.substring(1) : text, shownAs)) {
      String where = shownAs + " line " + raw.line() + ": ";
      DotenvEntry parsed = parseOne(raw.text(), where);
      String value = parsed.getValue();
      if (raw.singleQuoted()) {
        // dotenv-java keeps single quotes in the value; shells take what is between them literally.
        if (value.length() < 2 || !value.endsWith("'")) {
          throw new ConfigException(where + "the single quote opened here is not closed, or text follows it");
        }
        value = value.substring(1, value.length() - 1);
      }
      Entry before = entries.putIfAbsent(parsed.getKey(), new Entry(value, raw.line()));
      if (before != null) {
        // Which one should win is a guess (a test key then a live one makes the live one win): refuse.
        throw new ConfigException(shownAs + " lines " + before.line() + " and " + raw.line() + " both set "
            + parsed.getKey() + ": keep one of them");
      }
    }
    return entries;
  }

  /**
   * Cuts the text into entries, remembering the line each starts on: skips blank and comment lines,
   * drops a leading {@code export}, and joins the lines of a double-quoted value that spans lines.
   */
  private static List<Raw> split(String text, String shownAs) {
    List<String> lines = text.lines().toList();
    List<Raw> raws = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      int lineNo = i + 1;
      String line = EXPORT.matcher(lines.get(i).strip()).replaceFirst("");
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String value = line.substring(line.indexOf('=') + 1).strip();
      if (value.startsWith("\"")) {
        StringBuilder entry = new StringBuilder(line);
        boolean closed = closingQuote(value.substring(1));
        while (!closed) {
          if (++i >= lines.size()) {
            throw new ConfigException(shownAs + " line " + lineNo + ": the double quote opened here is never closed");
          }
          entry.append('\n').append(lines.get(i));
          closed = closingQuote(lines.get(i));
        }
        raws.add(new Raw(entry.toString(), lineNo, false));
      } else if (value.startsWith("'")) {
        raws.add(new Raw(line, lineNo, true));
      } else {
        checkHash(value, shownAs, lineNo);
        raws.add(new Raw(line, lineNo, false));
      }
    }
    return raws;
  }

  /**
   * dotenv-java ends an unquoted value at any {@code #}, so {@code pa#ss} would quietly become
   * {@code pa}, while shells and most dotenv tools keep it whole and start a comment only after a
   * space. A value two tools read differently is refused rather than guessed.
   */
  private static void checkHash(String unquoted, String shownAs, int lineNo) {
    int hash = unquoted.indexOf('#');
    if (hash > 0 && !Character.isWhitespace(unquoted.charAt(hash - 1))) {
      throw new ConfigException(shownAs + " line " + lineNo + ": '#' inside a value without quotes: put the value "
          + "in quotes, or a space before a comment");
    }
  }

  /** Whether {@code s} has a double quote not escaped with a backslash (dotenv-java allows {@code \"}). */
  private static boolean closingQuote(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\\') {
        i++;
      } else if (s.charAt(i) == '"') {
        return true;
      }
    }
    return false;
  }

  /** One entry through dotenv-java's parser, given our text instead of reading the file again. */
  private static DotenvEntry parseOne(String entryText, String where) {
    // One string, even for a value over several lines: dotenv-java joins lines itself, but refuses a
    // value whose first line is just the opening quote (KEY=").
    DotenvReader ours = new DotenvReader("", "") {
      @Override
      public List<String> read() {
        return List.of(entryText);
      }
    };
    List<DotenvEntry> parsed;
    try {
      parsed = new DotenvParser(ours, true, true).parse();
    } catch (DotenvException e) {
      // Its message quotes the line, which may hold a secret: only say where.
      throw new ConfigException(where + "not a KEY=VALUE entry (names are letters, digits, '_', '.', '-'; "
          + "quotes must close)");
    }
    if (parsed.size() != 1) {
      // dotenv-java drops, without an error, a double-quoted value with text after its closing quote.
      throw new ConfigException(where + "text after the closing quote");
    }
    return parsed.get(0);
  }
}
