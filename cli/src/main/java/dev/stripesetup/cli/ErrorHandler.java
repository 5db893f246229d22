package dev.stripesetup.cli;

import dev.stripesetup.cli.command.ResumeAdvice;

import dev.stripesetup.output.Console;
import dev.stripesetup.billing.ChainFailedException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a failed command's error as one line (or a JSON object under --json) and returns its exit
 * status. Stack traces only with --verbose.
 */
public final class ErrorHandler implements IExecutionExceptionHandler {
  private final Console console;

  ErrorHandler(Console console) {
    this.console = console;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    ErrorReport report = ErrorReport.of(ex);
    if (console.json()) {
      console.printJson(report.json());
    }
    console.error(report.message());
    if (ex instanceof ChainFailedException f && !f.state().ids().isEmpty()) {
      StringBuilder b = new StringBuilder("already on Stripe:");
      for (Map.Entry<String, String> e : f.state().ids().entrySet()) {
        b.append(' ').append(e.getKey()).append(' ').append(e.getValue()).append(',');
      }
      b.setLength(b.length() - 1);
      console.info(b.toString());
    }
    if (ex instanceof ChainFailedException f) {
      console.info(ResumeAdvice.of(f, report.exitCode()));
    }
    if (console.verbose()) {
      StringWriter trace = new StringWriter();
      ex.printStackTrace(new PrintWriter(trace));
      console.info(trace.toString());
    } else if (report.exitCode() == ExitCode.SOFTWARE) {
      console.info("(run again with --verbose for the stack trace)");
    }
    return report.exitCode();
  }
}
