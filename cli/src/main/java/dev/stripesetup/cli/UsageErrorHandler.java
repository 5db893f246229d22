package dev.stripesetup.cli;

import dev.stripesetup.output.JsonResult;
import dev.stripesetup.output.Console;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A bad command line gets one {@code error: ...} line naming the flag (the same style as every other
 * error), picocli's "Did you mean" for a mistyped command or option, and a pointer to --help, not the
 * whole usage text. Under --json it is also one JSON document on stdout, like every other outcome.
 * Anything shaped like a secret in the message (someone tried to pass a key as an argument) is masked
 * before it is printed.
 */
public final class UsageErrorHandler implements IParameterExceptionHandler {
  private static final Pattern SECRET = Pattern.compile("\\b((?:sk|rk)_(?:test|live)_|whsec_)[A-Za-z0-9]+");
  /** A user:password in a URL (an --api-base mistyped or passed where it does not belong). */
  private static final Pattern URL_CREDENTIALS = Pattern.compile("//[^/@\\s']*@");
  private final Console console;
  /** The command line with every subcommand registered: only it can suggest a command by name. */
  private final Supplier<CommandLine> everyCommand;

  UsageErrorHandler(Console console, Supplier<CommandLine> everyCommand) {
    this.console = console;
    this.everyCommand = everyCommand;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    String message = mask(String.valueOf(ex.getMessage()));
    UnmatchedArgumentException unmatched = withEveryCommand(ex, args);
    if (unmatched != null && !unmatched.isUnknownOption() && unmatched.getCommandLine().getParent() == null
        && !unmatched.getUnmatched().isEmpty()) {
      message = "'" + mask(unmatched.getUnmatched().get(0)) + "' is not a command"
          + " or an option of stripe-setup";
    }
    String suggestions = "";
    if (unmatched != null) {
      StringWriter text = new StringWriter();
      UnmatchedArgumentException.printSuggestions(unmatched, new PrintWriter(text, true));
      suggestions = text.toString().strip();
    }
    boolean keyAsArgument = false;
    for (String arg : args) {
      keyAsArgument |= SECRET.matcher(arg).find();
    }
    if (jsonRequested(args)) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("type", "usage");
      error.put("message", message);
      if (unmatched != null && !unmatched.getSuggestions().isEmpty()) {
        error.put("suggestions", unmatched.getSuggestions());
      }
      console.printJson(JsonResult.failure(ExitCode.USAGE, error));
    }
    console.error(message);
    if (!suggestions.isEmpty()) {
      console.info(suggestions);
    }
    if (keyAsArgument) {
      console.info("Keys are never taken as arguments (they would show in ps and shell history): "
          + "put STRIPE_API_KEY in the environment or in .env.");
    }
    console.info("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
    return ExitCode.USAGE;
  }

  /** --json anywhere before a "--" (parsing failed, so the option was never set). */
  static boolean jsonRequested(String[] args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        return false;
      }
      if (arg.equals("--json")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The unmatched-argument error as the command line with every subcommand registered sees it (a
   * mistyped command is unmatched either way, but only there can picocli suggest the right one).
   * Parsed again only on this error path, so a normal run still registers only what it names.
   */
  private UnmatchedArgumentException withEveryCommand(ParameterException ex, String[] args) {
    if (!(ex instanceof UnmatchedArgumentException u)) {
      return null;
    }
    if (u.getCommandLine().getParent() != null || everyCommand == null) {
      return u;
    }
    try {
      everyCommand.get().parseArgs(args);
    } catch (UnmatchedArgumentException again) {
      return again;
    } catch (RuntimeException other) { // another parameter error, or a bad value seen first
      return u;
    }
    return u;
  }

  private static String mask(String text) {
    return URL_CREDENTIALS.matcher(SECRET.matcher(text).replaceAll("$1...")).replaceAll("//***@");
  }
}
