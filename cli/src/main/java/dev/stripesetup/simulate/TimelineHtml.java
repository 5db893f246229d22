package dev.stripesetup.simulate;

import java.util.Map;

/**
 * The timeline as one self-contained HTML page: an inline SVG strip (a box per period, coloured by
 * the payment's result, with the subscription's status under it) and the same facts as a table.
 * No scripts, fonts, images or style sheets from elsewhere: it opens offline and can be attached to
 * a ticket as is.
 */
public final class TimelineHtml {
  private static final Map<String, String> COLOURS = Map.of(
      "paid", "#2e7d32", "failed", "#c62828", "pending", "#f9a825", "none", "#9e9e9e");
  private static final int BOX = 120;
  private static final int GAP = 16;

  private TimelineHtml() {}

  public static String page(Timeline t) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>Subscription simulation ").append(esc(t.simulationId())).append("</title>\n")
        .append("<style>\nbody{font-family:system-ui,sans-serif;margin:2em;color:#212121}\n")
        .append("table{border-collapse:collapse;margin-top:1em}td,th{border:1px solid #bdbdbd;padding:4px 8px;text-align:left;white-space:nowrap}\n")
        .append("th{background:#f5f5f5}.paid{color:#2e7d32}.failed{color:#c62828}.pending{color:#f57f17}\n")
        .append("svg text{font-size:12px}\n</style>\n</head>\n<body>\n");
    h.append("<main id=\"timeline\" data-periods=\"").append(t.periods().size()).append("\" data-final=\"")
        .append(esc(t.finalStatus())).append("\">\n");
    h.append("<h1>").append(esc(t.plan())).append("</h1>\n<p>Simulation <code>").append(esc(t.simulationId()))
        .append("</code> on test clock <code>").append(esc(t.clockId())).append("</code>; customer <code>")
        .append(esc(t.customerId())).append("</code>, subscription <code>").append(esc(t.subscriptionId()))
        .append("</code>.</p>\n");
    appendSvg(h, t);
    appendTable(h, t);
    h.append("<p id=\"final\">Finally the subscription is <strong>").append(esc(t.finalStatus())).append("</strong>.</p>\n");
    h.append("</main>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void appendSvg(StringBuilder h, Timeline t) {
    int width = t.periods().size() * (BOX + GAP) + GAP;
    h.append("<svg id=\"strip\" role=\"img\" aria-label=\"one box per billing period\" width=\"").append(width)
        .append("\" height=\"150\" viewBox=\"0 0 ").append(width).append(" 150\">\n");
    int x = GAP;
    for (Timeline.Period p : t.periods()) {
      String colour = COLOURS.getOrDefault(p.result(), "#6d4c41");
      h.append("<g class=\"period\" data-period=\"").append(p.number()).append("\" data-result=\"")
          .append(esc(p.result())).append("\">\n");
      h.append("<rect x=\"").append(x).append("\" y=\"10\" width=\"").append(BOX).append("\" height=\"90\" rx=\"8\" fill=\"")
          .append(colour).append("\"/>\n");
      text(h, x + 8, 30, "#fff", "Period " + p.number());
      text(h, x + 8, 48, "#fff", TimelineText.date(p.start()));
      text(h, x + 8, 66, "#fff", p.result() + (p.invoiceId() == null ? "" : " (" + p.attempts()
          + (p.attempts() == 1 ? " try)" : " tries)")));
      text(h, x + 8, 84, "#fff", p.amount() == null ? "no invoice" : TimelineText.money(p.amount(), t.currency()));
      text(h, x + 8, 125, "#212121", "sub: " + p.subscriptionStatus());
      if (p.note() != null) {
        text(h, x + 8, 142, "#6d4c41", p.note().startsWith("card fixed") ? "card fixed" : "card declining");
      }
      h.append("</g>\n");
      x += BOX + GAP;
    }
    h.append("</svg>\n");
  }

  private static void text(StringBuilder h, int x, int y, String fill, String s) {
    h.append("<text x=\"").append(x).append("\" y=\"").append(y).append("\" fill=\"").append(fill).append("\">")
        .append(esc(s)).append("</text>\n");
  }

  private static void appendTable(StringBuilder h, Timeline t) {
    h.append("<table id=\"periods\">\n<tr><th>Period</th><th>Starts</th><th>Invoice</th><th>Amount</th><th>Result</th>")
        .append("<th>Attempts</th><th>Next retry</th><th>Subscription</th><th>Note</th></tr>\n");
    for (Timeline.Period p : t.periods()) {
      h.append("<tr><td>").append(p.number()).append("</td><td>").append(TimelineText.date(p.start()))
          .append("</td><td>").append(esc(p.invoiceId() == null ? "-" : p.invoiceId())).append("</td><td>")
          .append(p.amount() == null ? "-" : esc(TimelineText.money(p.amount(), t.currency())))
          .append("</td><td class=\"").append(esc(p.result())).append("\">").append(esc(p.result()))
          .append("</td><td>").append(p.invoiceId() == null ? "-" : p.attempts()).append("</td><td>")
          .append(p.nextRetry() == null ? "-" : TimelineText.date(p.nextRetry())).append("</td><td>")
          .append(esc(p.subscriptionStatus())).append("</td><td>").append(esc(p.note() == null ? "" : p.note()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  /** Everything shown comes from Stripe or the flags, so it is escaped for HTML and SVG alike. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
