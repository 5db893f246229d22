package dev.stripesetup.batch;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.stripesetup.billing.Collect;
import dev.stripesetup.billing.InvalidInputException;
import dev.stripesetup.billing.SetupRequest;
import dev.stripesetup.billing.SetupRequestParser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns CSV rows into {@link SetupRequest}s with {@link SetupRequestParser}, the same validation as
 * the single command. Empty cells and missing optional columns take the command's flags.
 *
 * <p>Each row's effective input (cells merged with the flags) is written as JSON and hashed; the
 * journal keeps the hash, which is how a changed file (or changed flags) under the same journal is
 * detected, and pass 2 reads the row again from the file.
 */
public final class RowRequests {
  public static final String METADATA_PREFIX = "metadata.";
  /** Column names, as in the issue: name,email,amount plus these optional ones. */
  static final List<String> COLUMNS = List.of("name", "email", "amount", "currency", "interval",
      "interval_count", "product", "price", "payment_method", "test_card", "trial_days", "collect", "coupon",
      "promotion_code");
  /** Kept beside the parser's fields in a row's input JSON, only when the row collects (see {@link #collectOf}). */
  private static final String COLLECT = "collect";
  private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

  /** The command's flags: the value of every optional column a row leaves empty. */
  public record Defaults(String currency, String interval, String intervalCount, String product, String price,
      String paymentMethod, String testCard, String trialDays, Map<String, String> metadata) {
    public Defaults {
      metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
  }

  /**
   * A row after validation. Valid rows have a request and a plan; invalid ones a field and reason.
   *
   * @param input the effective input as JSON (what {@code hash} is the hash of)
   * @param plan what makes two rows "the same plan": the reused price, or the price's lookup key
   */
  public record Parsed(long line, String hash, String email, String plan, String input, SetupRequest request,
      String field, String reason) {
    public boolean valid() {
      return request != null;
    }

    /** "line 7: amount: ..." */
    public String problem() {
      return "line " + line + ": " + field + ": " + reason;
    }
  }

  private final Defaults defaults;
  private final boolean live;
  /** --collect, the value of an empty collect cell (null: none). */
  private final String collectDefault;
  /** Whether --success-url was given, which a checkout row needs. */
  private final boolean successUrl;

  public RowRequests(Defaults defaults, boolean live) {
    this(defaults, live, null, false);
  }

  public RowRequests(Defaults defaults, boolean live, String collectDefault, boolean successUrl) {
    this.defaults = defaults;
    this.live = live;
    this.collectDefault = collectDefault;
    this.successUrl = successUrl;
  }

  /** Refuses a header with unknown or missing columns, naming them. */
  public static void checkHeader(String file, List<String> header) {
    if (header.stream().map(String::strip).noneMatch(COLUMNS::contains)) {
      throw new BadFileException(file + ": line 1 (header): '" + String.join(",", header) + "' names no known column;"
          + " the first line must be a header such as name,email,amount");
    }
    List<String> unknown = new ArrayList<>();
    for (String h : header) {
      String name = h.strip();
      if (!COLUMNS.contains(name) && !(name.startsWith(METADATA_PREFIX) && name.length() > METADATA_PREFIX.length())) {
        unknown.add("'" + h + "'");
      }
    }
    if (!unknown.isEmpty()) {
      throw new BadFileException(file + ": line 1 (header): unknown column" + (unknown.size() > 1 ? "s " : " ")
          + String.join(", ", unknown) + "; the columns are " + String.join(",", COLUMNS) + " and metadata.KEY");
    }
    Set<String> names = Set.copyOf(header.stream().map(String::strip).toList());
    List<String> missing = new ArrayList<>();
    for (String required : List.of("name", "email")) {
      if (!names.contains(required)) {
        missing.add(required);
      }
    }
    if (!names.contains("amount") && !names.contains("price")) {
      missing.add("amount");
    }
    if (!missing.isEmpty()) {
      throw new BadFileException(file + ": line 1 (header): missing column" + (missing.size() > 1 ? "s " : " ")
          + String.join(", ", missing) + " (found: " + String.join(",", header)
          + "); the first line must be a header such as name,email,amount");
    }
  }

  /** Validates one row; never throws for bad data. */
  public Parsed parse(CsvRows.Row row) {
    if (row.problem() != null) {
      return new Parsed(row.line(), sha256("unsplittable:" + row.line()), null, null, null, null, "row", row.problem());
    }
    Map<String, String> cells = new TreeMap<>();
    row.cells().forEach((k, v) -> cells.put(k.strip(), v));
    Map<String, String> metadata = new TreeMap<>(defaults.metadata());
    cells.forEach((k, v) -> {
      if (k.startsWith(METADATA_PREFIX) && v != null && !v.isBlank()) {
        metadata.put(k.substring(METADATA_PREFIX.length()), v.strip());
      }
    });
    SetupRequestParser.Raw raw = SetupRequestParser.Raw.builder().name(cell(cells, "name", null))
        .email(cell(cells, "email", null)).amount(cell(cells, "amount", null))
        .currency(cell(cells, "currency", defaults.currency()))
        .interval(cell(cells, "interval", defaults.interval()))
        .intervalCount(cell(cells, "interval_count", defaults.intervalCount()))
        .product(cell(cells, "product", defaults.product()))
        .trialDays(cell(cells, "trial_days", defaults.trialDays())).metadata(metadata)
        .price(cell(cells, "price", rowGivesAmount(cells) ? null : defaults.price()))
        .testCard(cell(cells, "test_card", rowGivesPaymentMethod(cells) ? null : defaults.testCard()))
        .paymentMethod(cell(cells, "payment_method", rowGivesTestCard(cells) ? null : defaults.paymentMethod()))
        .coupon(cell(cells, "coupon", null)).promotionCode(cell(cells, "promotion_code", null)).build();
    String collect = cell(cells, COLLECT, collectDefault);
    // The discount is in the row's input (and hash) only when given, so a row without one hashes
    // as before, and a discount changed under the same journal is seen as a changed row.
    com.google.gson.JsonObject fields = GSON.toJsonTree(raw).getAsJsonObject();
    for (String absent : List.of("coupon", "promotionCode")) {
      if (fields.get(absent).isJsonNull()) {
        fields.remove(absent);
      }
    }
    String input = GSON.toJson(fields);
    if (collect != null) {
      // Only collecting rows carry the field, so other rows' inputs (and hashes) are as before.
      fields.addProperty(COLLECT, collect);
      input = GSON.toJson(fields);
    }
    return parse(row.line(), input, raw);
  }

  /** How a row collects (its cell, else --collect), from its input; null for the chain with a card. */
  public static Collect collectOf(String input) {
    com.google.gson.JsonElement v = GSON.fromJson(input, com.google.gson.JsonObject.class).get(COLLECT);
    return v == null || v.isJsonNull() ? null : Collect.fromCli(v.getAsString());
  }

  private Parsed parse(long line, String input, SetupRequestParser.Raw raw) {
    String hash = sha256(input);
    String email = raw.email() == null ? null : raw.email().strip().toLowerCase(Locale.ROOT);
    try {
      SetupRequest request = SetupRequestParser.parse(raw);
      Collect collect = collect(input, raw);
      if (collect != null) {
        request = Collect.withoutCard(request);
      }
      if (live) {
        SetupRequestParser.checkForLiveMode(request);
      }
      String plan = request.priceId() != null ? request.priceId() : request.lookupKey();
      return new Parsed(line, hash, request.email(), plan, input, request, null, null);
    } catch (InvalidInputException e) {
      return new Parsed(line, hash, email, null, input, null, column(e.field()), e.reason());
    }
  }

  /** The row's collect value, checked: a known value, no card of the row's own, --success-url for checkout. */
  private Collect collect(String input, SetupRequestParser.Raw raw) {
    Collect collect;
    try {
      collect = collectOf(input);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("collect", e.getMessage());
    }
    if (collect == null) {
      return null;
    }
    if (raw.paymentMethod() != null || raw.testCard() != null) {
      throw new InvalidInputException("collect", "the customer gives the card through the link or invoice; do not "
          + "combine it with " + (raw.paymentMethod() != null ? "payment_method" : "test_card"));
    }
    if (collect == Collect.CHECKOUT && !successUrl) {
      throw new InvalidInputException("collect", "checkout needs --success-url (the page the customer lands on "
          + "after paying)");
    }
    return collect;
  }

  /** A row's own amount wins over a --price default (the parser refuses both at once). */
  private static boolean rowGivesAmount(Map<String, String> cells) {
    return cell(cells, "amount", null) != null;
  }

  private static boolean rowGivesPaymentMethod(Map<String, String> cells) {
    return cell(cells, "payment_method", null) != null;
  }

  private static boolean rowGivesTestCard(Map<String, String> cells) {
    return cell(cells, "test_card", null) != null;
  }

  /** The parser names flags (interval-count); in a file the column is interval_count. */
  private static String column(String field) {
    return field.replace('-', '_');
  }

  private static String cell(Map<String, String> cells, String column, String fallback) {
    String v = cells.get(column);
    return v == null || v.isBlank() ? fallback : v;
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
