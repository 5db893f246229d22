package dev.stripesetup.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Options every command shares: where secrets and Stripe are, how to print, live-mode consent. */
public class CommonOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--env-file", paramLabel = "PATH",
      description = "Read secrets from this dotenv file instead of ./.env (the environment still wins).")
  Path envFile;

  String apiBase;

  @Option(names = "--json", description = "Print the result as JSON on stdout (messages stay on stderr).")
  boolean json;

  @Option(names = "--verbose", description = "Show each request with its timing, and stack traces on errors.")
  boolean verbose;

  @Option(names = "--live", description = "Allow a live key (sk_live_/rk_live_). Real money moves.")
  boolean live;

  @Option(names = {"-y", "--yes"}, description = "Confirm without a prompt (for scripts).")
  boolean yes;

  @Option(names = "--api-base", paramLabel = "URL",
      description = "A Stripe-compatible server (stripe-mock, a recording proxy). Default: https://api.stripe.com")
  void apiBase(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--api-base: '" + url + "' is not a URL");
    }
    if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
        || uri.getHost() == null) {
      throw new ParameterException(spec.commandLine(), "--api-base: '" + url + "' must be an http:// or https:// URL with a host");
    }
    this.apiBase = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
