package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class HelpAndVersionTest extends FakeStripeCli {

  /** The command line with every subcommand registered, printing nowhere. */
  private picocli.CommandLine everyCommand() {
    java.io.PrintWriter nowhere = new java.io.PrintWriter(java.io.Writer.nullWriter());
    return Main.commandLine(new CliContext(java.util.Map.of(), dir,
        new dev.stripesetup.output.Console(nowhere, nowhere), Prompter.none()));
  }

  @Test
  void helpListsTheFlagsAndExitCodes() {
    CliRun.Result r = cli.run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("--name=NAME").contains("--amount=AMOUNT").contains("--test-card=CARD")
        .contains("visa, mastercard, amex, declined,").contains("insufficient-funds, 3ds").contains("Exit codes:")
        .doesNotContain("cds-training");
  }

  @Test
  void versionNamesTheStripeApiVersion() {
    CliRun.Result r = cli.run("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("stripe-setup").contains("Stripe API " + com.stripe.Stripe.API_VERSION);
  }

  @Test
  void completionScriptIsGenerated() {
    CliRun.Result r = cli.run("generate-completion");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("complete -F").contains("--test-card");
  }

  @Test
  void errorsUnderJsonAreAJsonDocumentOnStdout() {
    cli.key(null);
    CliRun.Result r = run(with(JENNY, "--json"));
    assertThat(r.exitCode()).isEqualTo(ExitCode.CONFIG);
    JsonObject doc = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(doc.get("ok").getAsBoolean()).isFalse();
    assertThat(doc.get("exit_code").getAsInt()).isEqualTo(ExitCode.CONFIG);
    assertThat(doc.getAsJsonObject("error").get("message").getAsString()).contains("no Stripe API key");
  }

  @Test
  void failedStepUnderJsonListsWhatExists() {
    fake.forbid("POST", "/v1/subscriptions");
    CliRun.Result r = run(with(JENNY, "--json"));
    assertThat(r.exitCode()).isEqualTo(ExitCode.PERMISSION);
    JsonObject error = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonObject("error");
    assertThat(error.get("step").getAsString()).isEqualTo("create subscription");
    assertThat(error.getAsJsonObject("existing").get("customer").getAsString()).startsWith("cus_");
    assertThat(error.getAsJsonObject("existing").get("payment_method").getAsString()).startsWith("pm_");
  }

  @Test
  void rootHelpListsEveryCommandWithTheCommandsOwnSummary() {
    CliRun.Result r = cli.run("--help");
    picocli.CommandLine all = everyCommand();
    all.getSubcommands().forEach((name, sub) -> {
      if (sub.getCommandSpec().usageMessage().hidden()) {
        assertThat(r.out()).doesNotContain(name);
        return;
      }
      String summary = sub.getCommandSpec().usageMessage().description()[0];
      assertThat(FastStartCommandTable.SUMMARIES).containsEntry(name, summary);
      assertThat(r.out().replaceAll("\\s+", " ")).contains(name).contains(summary);
    });
    assertThat(FastStartCommandTable.SUMMARIES.keySet()).allMatch(all.getSubcommands()::containsKey);
  }

  /**
   * Main turns off picocli's java.sql and java.time converters to save start-up time; an option of
   * such a type would then fail at run time with "No TypeConverter registered".
   */
  @Test
  void noOptionNeedsTheConvertersThatStartUpLeavesOut() {
    picocli.CommandLine all = everyCommand();
    assertThat(System.getProperty("picocli.converters.excludes")).isEqualTo("java\\.(sql|time)\\..*");
    java.util.List<picocli.CommandLine> commands = new java.util.ArrayList<>(all.getSubcommands().values());
    commands.add(all);
    java.util.List<String> types = new java.util.ArrayList<>();
    for (picocli.CommandLine c : commands) {
      for (picocli.CommandLine.Model.ArgSpec arg : c.getCommandSpec().args()) {
        types.add(arg.type().getName());
        for (Class<?> aux : arg.auxiliaryTypes()) {
          types.add(aux.getName());
        }
      }
    }
    assertThat(types).hasSizeGreaterThan(40).contains("java.nio.file.Path")
        .noneMatch(t -> t.matches(System.getProperty("picocli.converters.excludes")));
  }

  /** The root help's list, made without loading the commands, is picocli's own list at any width. */
  @Test
  void theRootHelpsCommandListIsPicocliOwnAtEveryWidth() {
    picocli.CommandLine all = everyCommand();
    for (int width : new int[] {55, 80, 120}) {
      all.getCommandSpec().usageMessage().width(width);
      for (picocli.CommandLine.Help.Ansi ansi : picocli.CommandLine.Help.Ansi.values()) {
        picocli.CommandLine.Help help = new picocli.CommandLine.Help(all.getCommandSpec(),
            picocli.CommandLine.Help.defaultColorScheme(ansi));
        String ours = new FastStartCommandTable.CommandList().render(help);
        assertThat(ours).as(width + " columns, " + ansi).isEqualTo(help.commandList());
        assertThat(ours.lines()).as("wrapped to the width").allMatch(l -> ansi == picocli.CommandLine.Help.Ansi.ON
            || l.length() <= width);
      }
    }
  }

  /** Only the subcommands the arguments name are registered; their help must not change for it. */
  @Test
  void eachSubcommandsHelpIsTheSameAsWithEveryCommandRegistered() {
    picocli.CommandLine all = everyCommand();
    assertThat(FastStartCommandTable.SUMMARIES).hasSizeGreaterThan(5);
    for (String name : FastStartCommandTable.SUMMARIES.keySet()) {
      if (name.equals("generate-completion")) {
        continue;
      }
      java.io.StringWriter expected = new java.io.StringWriter();
      all.getSubcommands().get(name).usage(new java.io.PrintWriter(expected, true));
      CliRun.Result r = cli.run(name, "--help");
      assertThat(r.exitCode()).isZero();
      assertThat(r.out()).as(name).isEqualTo(expected.toString());
    }
  }

  @Test
  void subcommandHelpIsTheSubcommandsOwn() {
    CliRun.Result r = cli.run("batch", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Usage: stripe-setup batch");
  }
}
