package dev.stripesetup.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stripesetup.output.Console;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a batch's progress looks like: the terminal's bar and the plain lines. */
class BatchProgressTest {

  @Test
  void theBarSeparatesTheSpeedFromTheFailures() {
    StringWriter err = new StringWriter();
    Console console = new Console(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    try (BatchProgress bar = BatchProgress.create(console, true, 2, Duration.ofSeconds(5))) {
      bar.row(RowStatus.FAILED);
      bar.row(RowStatus.CREATED);
    }
    assertThat(err.toString()).contains("rows/s, 1 failed").doesNotContain("/sfailed");
  }

  @Test
  void oneRowIsOneRow() {
    StringWriter err = new StringWriter();
    Console console = new Console(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    try (BatchProgress lines = BatchProgress.create(console, false, 1, Duration.ofSeconds(5))) {
      lines.row(RowStatus.CREATED);
    }
    assertThat(err.toString()).contains("progress: 1/1 row done (0 failed)").doesNotContain("1/1 rows");
  }
}
