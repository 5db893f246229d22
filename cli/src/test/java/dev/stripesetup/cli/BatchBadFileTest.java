package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Files the batch refuses as a whole (exit 2, one line naming the problem, nothing sent), and ones it reads. */
class BatchBadFileTest extends FakeStripeCli {

  CliRun.Result batch(Path file, String... more) {
    return cli.run(with(new String[] {"batch", "--api-base", fake.baseUrl(), file.toString()}, more));
  }

  Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  void assertRefused(CliRun.Result r, String... fragments) {
    assertThat(r.exitCode()).as(r.all()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains(fragments).contains("nothing was sent").doesNotContain("\tat ");
    assertThat(fake.requests()).isEmpty();
    assertThat(fake.count("customer")).isZero();
  }

  /**
   * A pipe ({@code <(...)}, a FIFO) can be read once: a batch resumed after an interruption could not
   * read it again, so it is refused before anything is read or sent.
   */
  @Test
  // In its own thread: a run stuck opening a pipe with no writer cannot be interrupted.
  @org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
  void aFifoIsRefusedUpFront() throws Exception {
    Path fifo = dir.resolve("rows.csv");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    // A writer, so that a run that did read the pipe would get rows (and send them) instead of hanging.
    Thread writer = new Thread(() -> {
      try {
        Files.writeString(fifo, "name,email,amount\nAda Lovelace,ada@example.com,20\n", StandardCharsets.UTF_8);
      } catch (IOException e) {
        // the test is over
      }
    });
    writer.setDaemon(true);
    writer.start();

    CliRun.Result r = batch(fifo);

    assertRefused(r, fifo + ": not a regular file");
    assertThat(r.err().lines().filter(l -> l.startsWith("error:"))).hasSize(1);
  }

  @Test
  void missingHeader() throws IOException {
    Path f = write("noheader.csv", "Ada Lovelace,ada@example.com,20\nAlan Turing,alan@example.com,20\n");
    assertRefused(batch(f), "line 1 (header)", "the first line must be a header such as name,email,amount");
  }

  @Test
  void unknownColumnsAreNamed() throws IOException {
    Path f = write("cols.csv", "name,email,amount,phone,Plan\nAda,ada@example.com,20,555,x\n");
    assertRefused(batch(f), "unknown columns 'phone', 'Plan'");
  }

  @Test
  void missingRequiredColumn() throws IOException {
    Path f = write("noamount.csv", "name,email,currency\nAda,ada@example.com,usd\n");
    assertRefused(batch(f), "missing column amount");
  }

  @Test
  void badQuotingNamesTheLine() throws IOException {
    Path f = write("quotes.csv", "name,email,amount\nAda,ada@example.com,20\n\"Alan\" Turing,alan@example.com,20\n");
    assertRefused(batch(f), "line 3", "bad quoting");
    assertThat(batch(f, "--check").exitCode()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void anUnclosedQuote() throws IOException {
    Path f = write("open.csv", "name,email,amount\n\"Ada,ada@example.com,20\nAlan,alan@example.com,20\n");
    assertRefused(batch(f), "line 2", "never closed");
  }

  @Test
  void emptyFileAndHeaderOnly() throws IOException {
    assertRefused(batch(write("empty.csv", "")), "the file is empty");
    assertRefused(batch(write("header.csv", "name,email,amount\n")), "no rows after the header");
  }

  @Test
  void aRunawayFieldStopsAtOneMegabyte() throws IOException {
    Path f = write("huge.csv", "name,email,amount\n\"" + "x".repeat(3 << 20) + "\n");
    assertRefused(batch(f), "line 2", "longer than 1 MB");
  }

  @Test
  void aLongButQuotedFieldIsOnlyThatRowsProblem() throws IOException {
    Path f = write("long.csv", "name,email,amount\n\"" + "x".repeat(300_000) + "\",long@example.com,20\n");
    CliRun.Result r = batch(f, "--check");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("line 2: name: is longer than 256 characters");
    assertThat(r.all().length()).as("the value is not echoed back").isLessThan(5_000);
  }

  @Test
  void duplicateColumnNames() throws IOException {
    assertRefused(batch(write("dupcol.csv", "name,email,amount,email\nAda,a@example.com,20,b@example.com\n")),
        "duplicate column name");
  }

  @Test
  void notUtf8() throws IOException {
    Path f = dir.resolve("latin1.csv");
    Files.write(f, "name,email,amount\nJos\u00e9,jose@example.com,20\n".getBytes(StandardCharsets.ISO_8859_1));
    assertRefused(batch(f), "not valid UTF-8");
  }

  @Test
  void aRowWithTheWrongNumberOfFieldsIsInvalid() throws IOException {
    Path f = write("fields.csv", "name,email,amount\nAda,Lovelace,ada@example.com,20\n");
    CliRun.Result r = batch(f, "--check");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err()).contains("line 2: row: has 4 fields, the header has 3");
  }

  @Test
  void aByteOrderMarkQuotedNewlinesBlankLinesAndCrLfAreRead() throws IOException {
    Path f = write("excel.csv", "\uFEFFname,email,amount,metadata.note\r\n"
        + "Ada Lovelace,ada@example.com,20,\"two\r\nlines\"\r\n"
        + "\r\n"
        + "\"Turing, Alan\",not-an-email,20,\r\n");
    CliRun.Result r = batch(f, "--check");
    assertThat(r.err()).contains("line 5: email:");
    assertThat(r.out()).contains("2 rows, 1 valid, 1 invalid");
  }
}
