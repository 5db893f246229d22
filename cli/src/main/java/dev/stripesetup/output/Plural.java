package dev.stripesetup.output;

/** "1 row", "2 rows", "0 rows": counts in messages read as English. */
public final class Plural {
  private Plural() {}

  /** The count and the noun, with an "s" unless the count is exactly one. */
  public static String of(long count, String singular) {
    return count + " " + (count == 1 ? singular : singular + "s");
  }
}
