package dev.stripesetup.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Help.Ansi;

/** Errors red, success green, when colour is on; plain text otherwise (pipes, files, NO_COLOR). */
class ConsoleColourTest {

  @Test
  void errorsAndSuccessAreColouredOnlyWhenColourIsOn() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Console on = new Console(new PrintWriter(out, true), new PrintWriter(err, true), Ansi.ON);
    on.error("boom");
    on.success("Subscribed");
    assertThat(err.toString()).startsWith("\u001B[1m\u001B[31merror:").contains(" boom");
    assertThat(out.toString()).startsWith("\u001B[1m\u001B[32mSubscribed");

    StringWriter plainOut = new StringWriter();
    StringWriter plainErr = new StringWriter();
    Console off = new Console(new PrintWriter(plainOut, true), new PrintWriter(plainErr, true), Ansi.OFF);
    off.error("boom");
    off.success("Subscribed");
    assertThat(plainErr.toString()).isEqualTo("error: boom" + System.lineSeparator());
    assertThat(plainOut.toString()).isEqualTo("Subscribed" + System.lineSeparator());
  }
}
