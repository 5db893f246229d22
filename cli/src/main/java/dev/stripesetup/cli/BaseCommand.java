package dev.stripesetup.cli;

import dev.stripesetup.cli.option.CommonOptions;

import dev.stripesetup.output.Console;
import java.lang.reflect.Member;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * What every subcommand shares: {@code --help} and {@code --version} (picocli applies a superclass's
 * {@code @Command} attributes first, so a subclass only names itself and its texts), the
 * {@link CliContext}, and, through {@link #start}, the start-up every command used to repeat.
 *
 * <p>A new command: {@code final class XCommand extends BaseCommand}, its constructor calling
 * {@code super(context)}, its options in a {@link CommonOptions} mixin (or a subclass of it). See
 * docs/development.md.
 */
@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    sortOptions = false, usageHelpAutoWidth = true, addMethodSubcommands = false)
public abstract class BaseCommand implements Callable<Integer> {
  protected final CliContext context;

  protected BaseCommand(CliContext context) {
    this.context = context;
  }

  /**
   * The execution strategy of the command line: passes the common options given before the
   * subcommand down to it ({@code stripe-setup --api-base URL status EMAIL}), configures the console
   * from the options of the command that runs, then runs it as picocli's {@code RunLast} does. A root
   * option the subcommand does not have (the chain's {@code --name}, {@code --live} before
   * {@code failures}) is a usage error rather than dropped, since the user meant something by it.
   */
  static int start(ParseResult parsed, Console console) {
    List<CommandLine> chain = parsed.asCommandLineList();
    CommandLine last = chain.get(chain.size() - 1);
    ParseResult lastParsed = parsed;
    while (lastParsed.hasSubcommand()) {
      lastParsed = lastParsed.subcommand();
    }
    for (ParseResult level = parsed; level != lastParsed; level = level.subcommand()) {
      for (OptionSpec given : level.matchedOptions()) {
        if (!given.usageHelp() && !given.versionHelp()) {
          passDown(given, last, lastParsed);
        }
      }
    }
    CommonOptions common = commonOptions(last.getCommandSpec());
    if (common != null) {
      console.configure(common.json, common.verbose);
    }
    return new CommandLine.RunLast().execute(parsed);
  }

  /** Sets {@code given}'s value on the subcommand's option of that name, unless given there too. */
  private static void passDown(OptionSpec given, CommandLine sub, ParseResult subParsed) {
    OptionSpec target = sub.getCommandSpec().findOption(given.longestName());
    String command = sub.getCommandSpec().qualifiedName();
    if (target == null) {
      throw new ParameterException(sub, given.longestName() + " is not an option of '" + command
          + "': options go after the command they belong to");
    }
    if (!common(given)) {
      // The chain's option of that name (--name, --dry-run), which may mean something else here.
      throw new ParameterException(sub, given.longestName() + " before '" + command
          + "' is an option of the chain: put it after '" + command + "'");
    }
    if (!subParsed.hasMatchedOption(target)) {
      target.setValue(given.getValue());
    }
  }

  /** An option declared in {@link CommonOptions} or one of its subclasses: the same on every command. */
  private static boolean common(OptionSpec option) {
    return option.userObject() instanceof Member m && CommonOptions.class.isAssignableFrom(m.getDeclaringClass());
  }

  private static CommonOptions commonOptions(CommandSpec spec) {
    for (CommandSpec mixin : spec.mixins().values()) {
      if (mixin.userObject() instanceof CommonOptions c) {
        return c;
      }
    }
    return null;
  }
}
