package dev.stripesetup.cli;

import dev.stripesetup.output.Console;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * A bad command line gets one line naming the flag and a pointer to --help, not the whole usage
 * text. Anything shaped like a secret in the message (someone tried to pass a key as an argument)
 * is masked before it is printed.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {
  private static final Pattern SECRET = Pattern.compile("\\b((?:sk|rk)_(?:test|live)_|whsec_)[A-Za-z0-9]+");
  private final Console console;

  UsageErrorHandler(Console console) {
    this.console = console;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    String message = SECRET.matcher(String.valueOf(ex.getMessage())).replaceAll("$1...");
    console.info(ex.getCommandLine().getCommandName() + ": " + message);
    for (String arg : args) {
      if (SECRET.matcher(arg).find()) {
        console.info("Keys are never taken as arguments (they would show in ps and shell history): "
            + "put STRIPE_API_KEY in the environment or in .env.");
        break;
      }
    }
    console.info("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
    return ExitCode.USAGE;
  }
}
