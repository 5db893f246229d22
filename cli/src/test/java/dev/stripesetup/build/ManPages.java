package dev.stripesetup.build;

import dev.stripesetup.cli.CliContext;
import dev.stripesetup.cli.Main;
import dev.stripesetup.cli.Prompter;
import dev.stripesetup.output.Console;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build step (package phase, see pom.xml): writes the AsciiDoc man pages of stripe-setup and of each
 * visible subcommand with picocli-codegen's ManPageGenerator, from the same command model the tool
 * runs (every subcommand registered, as {@code Main.commandLine} does for completion). The build
 * then turns them into troff pages in target/man/man1, beside the launcher.
 *
 * <p>Arguments: the output directory for the .adoc files, and the project's version (the classes
 * directory has no manifest to read it from).
 */
public final class ManPages {
  private ManPages() {}

  public static void main(String[] args) throws Exception {
    File out = new File(args[0]);
    PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
    CliContext context = new CliContext(Map.of(), Path.of("").toAbsolutePath(), new Console(nowhere, nowhere),
        Prompter.none());
    CommandLine root = Main.commandLine(context);
    // 80 columns whatever terminal the build runs in: the page must not depend on who built it.
    root.setUsageHelpWidth(80);
    root.getCommandSpec().versionProvider(() -> new String[] {"stripe-setup " + args[1]});
    int code = ManPageGenerator.generateManPage(out, null, new boolean[0], true, root.getCommandSpec());
    if (code != 0) {
      throw new IllegalStateException("ManPageGenerator exited " + code);
    }
    protectUnderscores(out, root);
  }

  /**
   * ManPageGenerator writes a parameter label in italics as {@code _LABEL_}, and AsciiDoc reads the
   * underscores inside labels such as {@code cus_...} or {@code SUB_ID} as more italics, which mangles
   * them ({@code cus...}). Unconstrained italics, {@code __cus_...__}, keep each label as written.
   */
  private static void protectUnderscores(File dir, CommandLine root) throws IOException {
    Set<String> labels = new TreeSet<>();
    List<CommandLine> commands = new ArrayList<>(root.getSubcommands().values());
    commands.add(root);
    for (CommandLine command : commands) {
      for (CommandLine.Model.ArgSpec arg : command.getCommandSpec().args()) {
        if (arg.paramLabel().contains("_")) {
          labels.add(arg.paramLabel());
        }
      }
    }
    File[] pages = dir.listFiles((d, name) -> name.endsWith(".adoc"));
    for (File page : pages) {
      String text = Files.readString(page.toPath());
      for (String label : labels) {
        text = text.replace("_" + label + "_", "__" + label + "__");
      }
      Files.writeString(page.toPath(), text);
    }
  }
}
