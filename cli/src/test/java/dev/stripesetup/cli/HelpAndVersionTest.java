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
  void theBareCommandAndHelpShowUsage() {
    CliRun.Result bare = cli.run();
    assertThat(bare.exitCode()).as(bare.all()).isZero();
    assertThat(bare.out()).startsWith("Usage: stripe-setup --name=NAME").contains("Commands (stripe-setup help COMMAND");
    CliRun.Result help = cli.run("help");
    assertThat(help.out()).isEqualTo(bare.out());
    CliRun.Result status = cli.run("help", "status");
    assertThat(status.exitCode()).isZero();
    assertThat(status.out()).isEqualTo(cli.run("status", "--help").out()).startsWith("Usage: stripe-setup status");
  }

  @Test
  void aMistypedCommandIsOneErrorLineWithASuggestion() {
    CliRun.Result r = cli.run("stauts", "sub_1");
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().lines().toList()).containsExactly(
        "error: 'stauts' is not a command or an option of stripe-setup",
        "Did you mean: stripe-setup status or stripe-setup pause or stripe-setup logout?",
        "Try 'stripe-setup --help' for more information.");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void parseErrorsUnderJsonAreOneJsonDocumentToo() {
    CliRun.Result r = cli.run(with(JENNY, "--json", "--jsn"));
    assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
    JsonObject doc = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(doc.get("ok").getAsBoolean()).isFalse();
    assertThat(doc.get("exit_code").getAsInt()).isEqualTo(ExitCode.USAGE);
    assertThat(doc.getAsJsonObject("error").get("message").getAsString()).isEqualTo("Unknown option: '--jsn'");
    assertThat(doc.getAsJsonObject("error").getAsJsonArray("suggestions").get(0).getAsString()).isEqualTo("--json");
    assertThat(r.err()).startsWith("error: Unknown option: '--jsn'");
  }

  @Test
  void aDryRunUnderJsonSaysOkAndItsExitCode() {
    CliRun.Result r = cli.key(null).run(with(JENNY, "--dry-run", "--json"));
    assertThat(r.exitCode()).isZero();
    JsonObject doc = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(doc.get("ok").getAsBoolean()).isTrue();
    assertThat(doc.get("exit_code").getAsInt()).isZero();
    assertThat(doc.get("dry_run").getAsBoolean()).isTrue();
  }

  /** --live and --yes only where they change something: cleanup refuses live keys, reading asks nothing. */
  @Test
  void noCommandOffersAFlagThatDoesNothing() {
    for (String command : java.util.List.of("status", "listen", "failures")) {
      assertThat(cli.run(command, "--help").out()).as(command).doesNotContain("--yes");
    }
    for (String command : java.util.List.of("failures", "cleanup")) {
      assertThat(cli.run(command, "--help").out()).as(command).doesNotContain("--live");
    }
    assertThat(cli.run("cleanup", "--live").err()).startsWith("error: Unknown option: '--live'");
    assertThat(cli.run("cancel", "--help").out()).contains("--live").contains("--yes");
  }

  /** picocli breaks lines after '.', '/' and '-' too: no path, URL or command may be split, at any usual width. */
  @Test
  void helpNeverSplitsAPathUrlOrCommandAndShowsRequiredFlagsAndRanges() {
    java.util.Map<String, java.util.List<String>> intact = java.util.Map.of(
        "", java.util.List.of("./.env", "https://api.stripe.com", ".env.example", "sk_live_/rk_live_",
            "--name=NAME --email=EMAIL", "(--amount=AMOUNT | --price=price_...)", "0-730 days"),
        "batch", java.util.List.of("<CSV>.stripe-setup.db", "<CSV>.stripe-setup-report.csv", "./.env", "1-64"),
        "listen", java.util.List.of("stripe listen --forward-to localhost:4242/webhook", "./stripe-setup-events.db",
            "https://api.stripe.com", "sh -c", "0-65535"),
        "failures", java.util.List.of("./stripe-setup-events.db", "1 or more"),
        "status", java.util.List.of("./.env", "https://api.stripe.com"));
    picocli.CommandLine all = everyCommand();
    for (int width : new int[] {80, 100, 120}) {
      for (java.util.Map.Entry<String, java.util.List<String>> e : intact.entrySet()) {
        picocli.CommandLine cmd = e.getKey().isEmpty() ? all : all.getSubcommands().get(e.getKey());
        cmd.getCommandSpec().usageMessage().width(width);
        String help = cmd.getUsageMessage(picocli.CommandLine.Help.Ansi.OFF);
        for (String token : e.getValue()) {
          assertThat(help).as("'" + e.getKey() + "' help at " + width + " columns").contains(token);
        }
      }
    }
  }

  @Test
  void exitCodesAreATidyListWithEveryCode() {
    String help = cli.run("--help").out();
    String codes = help.substring(help.indexOf("Exit codes:"));
    assertThat(codes.lines().skip(1)).allMatch(l -> l.startsWith("  ") && l.length() <= 55);
    for (int code : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 20, 21, 22, 23, 24, 25, 130}) {
      assertThat(codes).containsPattern("(^|\\s)" + code + " [a-z]");
    }
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
