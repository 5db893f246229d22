package dev.stripesetup.output;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The envelope of every JSON document a command prints under --json: {@code "ok"} (true exactly when
 * the exit status is 0), {@code "exit_code"}, then the command's own fields in the order they are
 * put. Scripts read these two keys first whatever the command, so they are made here only.
 */
public final class JsonResult {
  private JsonResult() {}

  /** {@code {"ok": .., "exit_code": ..}}, ready for the command's fields. */
  public static Map<String, Object> of(int exitCode) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("ok", exitCode == 0);
    doc.put("exit_code", exitCode);
    return doc;
  }

  /**
   * The same for one line of a stream of JSON lines (batch prints rows, then a summary), which
   * names its kind first: {@code {"type": .., "ok": .., "exit_code": ..}}.
   */
  public static Map<String, Object> of(String type, int exitCode) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("type", type);
    doc.putAll(of(exitCode));
    return doc;
  }

  /** A failure: the envelope and an {@code "error"} object ({@code type}, {@code message}, details). */
  public static Map<String, Object> failure(int exitCode, Map<String, Object> error) {
    Map<String, Object> doc = of(exitCode);
    doc.put("error", error);
    return doc;
  }
}
