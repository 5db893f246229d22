package dev.stripesetup.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timeline page: self-contained, escaped, and rendered by a real headless Chromium. The browser
 * checks are skipped (with the reason) on a machine without Chromium, but fail under {@code CI=true}:
 * CI installs it with {@code apt-get install -y --no-install-recommends chromium}.
 */
class TimelineHtmlTest {
  private static final long JAN_1_2027 = 1_798_761_600L;
  private static final long FEB_1_2027 = 1_801_440_000L;
  private static final long MAR_1_2027 = 1_803_859_200L;

  @TempDir
  Path dir;

  private static Timeline timeline(String customerId) {
    return new Timeline("sim_0123456789abcdef", "clock_1", false, customerId, "sub_1", "price_1",
        "$20.00 USD every month", "usd", 2, null,
        List.of(new Timeline.Period(1, JAN_1_2027, FEB_1_2027, "in_1", 2000L, "paid", 1, null, "active", null, false),
            new Timeline.Period(2, FEB_1_2027, MAR_1_2027, "in_2", 2000L, "failed", 2, MAR_1_2027 + 3600,
                "past_due", "card switched to a declining test card", false)),
        List.of(new Timeline.InvoiceState("in_1", 1, 2000, "paid", 1, JAN_1_2027),
            new Timeline.InvoiceState("in_2", 2, 2000, "open", 2, null)),
        "past_due");
  }

  @Test
  void thePageNeedsNothingFromElsewhereAndEscapesWhatItShows() {
    String page = TimelineHtml.page(timeline("cus_<script>alert(1)</script>"));

    assertThat(page).doesNotContainPattern("(?i)(src|href)\\s*=\\s*[\"']?(https?:)?//")
        .doesNotContain("<script").doesNotContain("<link").doesNotContain("@import")
        .contains("cus_&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("<g class=\"period\" data-period=\"2\" data-result=\"failed\">")
        .contains("<td>2027-02-01</td>").contains("<td>2027-03-01</td>");
  }

  @Test
  void headlessChromiumRendersThePeriodsAndTheTable() throws Exception {
    String chromium = chromium();
    String missing = "no Chromium on PATH (chromium, chromium-browser): apt-get install -y --no-install-recommends chromium";
    // In CI (.ci/run installs it) a missing browser is a failure, not a skip nobody reads.
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      assertThat(chromium).as(missing + " (CI=true: this check must run)").isNotNull();
    }
    Assumptions.assumeTrue(chromium != null, missing);
    Path html = dir.resolve("timeline.html");
    Files.writeString(html, TimelineHtml.page(timeline("cus_1")), StandardCharsets.UTF_8);

    String dom = browser(chromium, "--dump-dom", html.toUri().toString());
    Path png = dir.resolve("timeline.png");
    browser(chromium, "--screenshot=" + png, "--window-size=900,600", html.toUri().toString());

    // The DOM as the browser built it: the SVG's period groups and the table survived parsing.
    assertThat(dom).contains("<main id=\"timeline\" data-periods=\"2\" data-final=\"past_due\">")
        .contains("data-result=\"paid\"").contains("data-result=\"failed\"")
        .contains("<rect").contains("<table id=\"periods\">").contains("card switched to a declining test card");
    // A real raster came out: PNG signature and more than a blank page's worth of bytes.
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    assertThat(bytes.length).isGreaterThan(5_000);
  }

  private String browser(String chromium, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--user-data-dir=" + dir.resolve("profile")));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("stdout.txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(dir.resolve("stderr.txt").toFile())
        .start();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("stderr.txt"))).isZero();
    return Files.readString(out);
  }

  private static String chromium() {
    for (String dirName : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        File f = new File(dirName, name);
        if (f.canExecute()) {
          return f.getPath();
        }
      }
    }
    return null;
  }
}
