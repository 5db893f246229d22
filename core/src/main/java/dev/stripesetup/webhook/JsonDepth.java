package dev.stripesetup.webhook;

/**
 * How deeply a JSON text nests, found with one flat pass (no recursion, so no input can overflow the
 * stack here), before a recursive parser sees it.
 */
final class JsonDepth {
  private JsonDepth() {}

  /** True when objects and arrays nest deeper than {@code max} anywhere in {@code json}. */
  static boolean exceeds(String json, int max) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        if (++depth > max) {
          return true;
        }
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
    return false;
  }
}
