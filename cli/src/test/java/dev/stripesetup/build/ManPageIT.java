package dev.stripesetup.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stripesetup.cli.CliContext;
import dev.stripesetup.cli.Main;
import dev.stripesetup.cli.Prompter;
import dev.stripesetup.output.Console;
import java.io.File;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The man pages the build installs beside the launcher (target/man/man1, from picocli-codegen's
 * ManPageGenerator and asciidoctor): one per visible command, and each renders with the system's man
 * showing every option and parameter label exactly as the tool's own help writes it.
 */
class ManPageIT {
  static final Path MAN1 = Path.of("target/man/man1");

  /** The root command and every subcommand a person can see, as the tool builds them. */
  static List<CommandLine> visibleCommands() {
    PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
    CommandLine root = Main.commandLine(new CliContext(Map.of(), Path.of("").toAbsolutePath(),
        new Console(nowhere, nowhere), Prompter.none()));
    List<CommandLine> commands = new ArrayList<>(List.of(root));
    for (CommandLine sub : root.getSubcommands().values()) {
      if (!sub.getCommandSpec().usageMessage().hidden()) {
        commands.add(sub);
      }
    }
    return commands;
  }

  static Path page(CommandLine command) {
    return MAN1.resolve(command.getCommandSpec().qualifiedName("-") + ".1");
  }

  @Test
  void everyVisibleCommandHasAPageWithNameAndSynopsisBesideTheLauncher() throws Exception {
    assertThat(Path.of("target/stripe-setup")).isExecutable();
    List<CommandLine> commands = visibleCommands();
    assertThat(commands).hasSizeGreaterThan(6);
    for (CommandLine command : commands) {
      String troff = Files.readString(page(command), StandardCharsets.UTF_8);
      String title = command.getCommandSpec().qualifiedName("-").toUpperCase().replace("-", "\\-");
      assertThat(troff).as(page(command).toString()).contains(".TH \"" + title + "\" \"1\"")
          .contains(".SH \"NAME\"").contains(".SH \"SYNOPSIS\"").contains(".SH \"OPTIONS\"");
    }
    try (var files = Files.list(MAN1)) {
      assertThat(files.map(p -> p.getFileName().toString())).as("no page for the hidden cds-training")
          .hasSize(commands.size()).noneMatch(n -> n.contains("cds-training"));
    }
  }

  @Test
  void manRendersEachPageWithEveryOptionAndLabelAsWritten() throws Exception {
    List<String> renderer = renderer();
    for (CommandLine command : visibleCommands()) {
      List<String> cmd = new ArrayList<>(renderer);
      cmd.add(page(command).toAbsolutePath().toString());
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("LC_ALL", "C");
      pb.environment().put("MANWIDTH", "100");
      pb.environment().put("MANPAGER", "cat");
      Process p = pb.start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(text).isZero();
      String name = command.getCommandSpec().qualifiedName();
      assertThat(text).as(name).contains("NAME").contains("SYNOPSIS").contains(name)
          .contains(command.getCommandSpec().usageMessage().description()[0].split(" ")[0]);
      for (CommandLine.Model.OptionSpec option : command.getCommandSpec().options()) {
        if (option.hidden()) {
          assertThat(text).as(name + " hidden " + option.longestName()).doesNotContain(option.longestName());
          continue;
        }
        if (option.negatable()) {
          // picocli writes a negatable option once, as --[no-]wait.
          assertThat(text).as(name + " " + option.longestName())
              .contains(option.longestName().replaceFirst("^--", "--[no-]"));
          continue;
        }
        assertThat(text).as(name + " " + option.longestName()).contains(option.longestName());
        if (option.arity().max() > 0) {
          // cus_..., SUB_ID: underscores that AsciiDoc would otherwise read as italics.
          String separator = option.arity().min() == 0 ? "[=" : "=";
          assertThat(text).as(name + " " + option.longestName())
              .contains(option.longestName() + separator + option.paramLabel());
        }
      }
      for (CommandLine.Model.PositionalParamSpec param : command.getCommandSpec().positionalParameters()) {
        assertThat(text).as(name + " " + param.paramLabel()).contains(param.paramLabel());
      }
    }
  }

  /** {@code man -l}, else groff; a machine with neither skips only this rendering check. */
  private static List<String> renderer() {
    if (onPath("man")) {
      return List.of("man", "-l");
    }
    Assumptions.assumeTrue(onPath("groff"), "neither man nor groff on PATH");
    return List.of("groff", "-man", "-Tascii", "-P-cbou");
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
