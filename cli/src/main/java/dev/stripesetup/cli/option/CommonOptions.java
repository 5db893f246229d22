package dev.stripesetup.cli.option;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Options every command shares: where secrets and Stripe are, how to print. --live and --yes are
 * added by the subclasses below only on the commands where they do something, so that no help page
 * offers a flag that changes nothing.
 */
public class CommonOptions {
  // Paths, URLs and commands in descriptions start a line of their own (a new array element), so
  // that picocli's line breaking, which also breaks after '.', '/' and '-', never splits one.
  @Option(names = "--env-file", paramLabel = "PATH",
      description = {"Read secrets from this dotenv file (the environment still wins).", "Default: ./.env"})
  public Path envFile;

  @Option(names = "--json", description = "Print the result as JSON on stdout (messages stay on stderr).")
  public boolean json;

  @Option(names = "--verbose", description = "Show each request with its timing, and stack traces on errors.")
  public boolean verbose;

  /** Set by --live, on the commands that have it ({@link LiveOptions}); false elsewhere. */
  public boolean live;

  /** Set by --yes, on the commands that ask before acting ({@link ConsentOptions}, {@link YesOptions}). */
  public boolean yes;

  @Option(names = "--api-base", paramLabel = "URL", converter = ApiBase.class,
      description = {"A Stripe-compatible server (stripe-mock, a recording proxy).", "Default: https://api.stripe.com"})
  public String apiBase;

  /** An http(s) URL with a host, without a trailing slash (stripe-java appends /v1/...). */
  static final class ApiBase implements ITypeConverter<String> {
    @Override
    public String convert(String url) {
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + dev.stripesetup.stripe.ApiBaseCredentials.masked(url) + "' is not a URL");
      }
      if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          || uri.getHost() == null) {
        throw new TypeConversionException("'" + dev.stripesetup.stripe.ApiBaseCredentials.masked(url)
            + "' must be an http:// or https:// URL with a host");
      }
      return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
  }
}
