package dev.stripesetup.webhook;

/**
 * Text from a webhook made safe to print. Every field of an event is the sender's text: raw, an
 * escape sequence in a customer's email would drive the operator's terminal (recolour, move the
 * cursor, retitle the window), a newline would forge a second log line, and a bidi override would
 * show the line's end reversed. They are shown escaped instead, the way Java and JSON write them.
 */
public final class Printable {
  private Printable() {}

  /** {@code s} with control, format and line-separator characters written as escapes; null stays null. */
  public static String escape(String s) {
    if (s == null || s.codePoints().noneMatch(Printable::unsafe)) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    s.codePoints().forEach(cp -> {
      if (!unsafe(cp)) {
        b.appendCodePoint(cp);
      } else if (cp == '\n') {
        b.append("\\n");
      } else if (cp == '\r') {
        b.append("\\r");
      } else if (cp == '\t') {
        b.append("\\t");
      } else {
        for (char c : Character.toChars(cp)) {
          b.append(String.format("\\u%04x", (int) c));
        }
      }
    });
    return b.toString();
  }

  private static boolean unsafe(int cp) {
    int type = Character.getType(cp);
    return Character.isISOControl(cp) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}
