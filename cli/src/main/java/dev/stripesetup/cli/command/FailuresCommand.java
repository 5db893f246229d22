package dev.stripesetup.cli.command;

import dev.stripesetup.cli.BaseCommand;
import dev.stripesetup.cli.CliContext;
import dev.stripesetup.cli.ExitCode;
import dev.stripesetup.cli.option.CommonOptions;

import dev.stripesetup.output.JsonResult;
import dev.stripesetup.output.Console;
import dev.stripesetup.billing.InvalidInputException;
import dev.stripesetup.listen.EventJournal;
import dev.stripesetup.listen.FailureTable;
import dev.stripesetup.webhook.PaymentFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code stripe-setup failures}: the payment failures {@code listen} recorded, newest first. */
@Command(name = "failures",
    description = "List the payment failures that listen recorded, newest first.")
public final class FailuresCommand extends BaseCommand {

  @Mixin
  CommonOptions common;

  @Option(names = "--journal", paramLabel = "FILE", description = {"The journal to read.", "Default: ./" + EventJournal.DEFAULT_FILE})
  Path journal;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N failures, 1 or more (default: ${DEFAULT-VALUE}).")
  int limit;

  public FailuresCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    Console console = context.console();
    if (limit < 1) {
      throw new InvalidInputException("limit", "must be at least 1");
    }
    Path file = context.workingDir().resolve(journal != null ? journal : Path.of(EventJournal.DEFAULT_FILE));
    List<PaymentFailure> failures;
    java.util.Set<String> paid = java.util.Set.of();
    if (!Files.exists(file)) {
      if (journal != null) {
        throw new InvalidInputException("journal", file + " does not exist");
      }
      if (!console.json()) {
        console.info("No journal at " + file + ": nothing recorded yet (run stripe-setup listen here first)");
        return ExitCode.OK;
      }
      failures = List.of();
    } else {
      try (EventJournal j = EventJournal.openReadOnly(file)) {
        failures = j.failures(limit);
        paid = j.paidInvoices(failures);
      }
    }
    if (console.json()) {
      List<Map<String, Object>> docs = new ArrayList<>();
      for (PaymentFailure f : failures) {
        Map<String, Object> d = f.json();
        d.put("recovered", paid.contains(f.invoiceId()));
        docs.add(d);
      }
      Map<String, Object> doc = JsonResult.of(ExitCode.OK);
      doc.put("failures", docs);
      console.printJson(doc);
      return ExitCode.OK;
    }
    if (failures.isEmpty()) {
      console.info("No payment failures recorded in " + file);
      return ExitCode.OK;
    }
    FailureTable.lines(failures, paid).forEach(console::result);
    return ExitCode.OK;
  }
}
