package dev.stripesetup.cli;

import dev.stripesetup.cli.option.CommonOptions;

import com.stripe.StripeClient;
import dev.stripesetup.config.ApiKey;
import dev.stripesetup.config.ConfigException;
import dev.stripesetup.config.Secrets;
import dev.stripesetup.output.Console;
import dev.stripesetup.permissions.ForbiddenCalls;
import dev.stripesetup.stripe.ApiBaseCredentials;
import dev.stripesetup.stripe.RetryingHttpClient;
import dev.stripesetup.stripe.StripeClients;
import java.time.Duration;

/**
 * Secrets loaded, key checked and registered for redaction, and a client that logs each request
 * under --verbose. Every command that talks to Stripe starts here.
 */
public record StripeConnection(Secrets secrets, ApiKey key, StripeClient client) {

  /** Loads secrets and the key, without any network call. */
  public static Secrets secrets(CliContext ctx, CommonOptions options) {
    // Credentials in --api-base (https://user:pass@proxy) are masked in everything printed from here on.
    if (ApiBaseCredentials.userInfo(options.apiBase) != null) {
      ctx.console().addSecret(options.apiBase, ApiBaseCredentials.masked(options.apiBase));
      ctx.console().addSecret(ApiBaseCredentials.userInfo(options.apiBase) + "@", "***@");
    }
    return Secrets.load(ctx.env(), ctx.workingDir(), options.envFile, ctx.console()::info);
  }

  /** The API key, registered for redaction and announced (masked, with its source) on stderr. */
  public static ApiKey key(Secrets secrets, Console console) {
    ApiKey key = secrets.apiKey();
    console.addSecret(key.reveal(), key.masked());
    String mode = key.isLive()
        ? console.paint(key.mode(), picocli.CommandLine.Help.Ansi.Style.bold, picocli.CommandLine.Help.Ansi.Style.fg_yellow)
        : key.mode();
    console.info("Using " + mode + " key " + key.masked() + " from " + key.source());
    return key;
  }

  public static StripeConnection open(CliContext ctx, CommonOptions options, Secrets secrets, ApiKey key) {
    return open(ctx, options, secrets, key, null);
  }

  /**
   * Like {@link #open(CliContext, CommonOptions, Secrets, ApiKey)}, also telling {@code extra} about
   * every attempt (the batch command's rate limiter); retries are then logged only under --verbose.
   */
  public static StripeConnection open(CliContext ctx, CommonOptions options, Secrets secrets, ApiKey key,
      RetryingHttpClient.Listener extra) {
    Console console = ctx.console();
    RetryingHttpClient.Listener listener = new RetryingHttpClient.Listener() {
      @Override
      public void beforeAttempt(String method, String path) throws InterruptedException {
        if (extra != null) {
          extra.beforeAttempt(method, path);
        }
      }

      @Override
      public void attempt(String method, String path, int status, long millis, boolean replayed) {
        if (extra != null) {
          extra.attempt(method, path, status, millis, replayed);
        }
        console.debug(String.format("  %s %s -> %s in %d ms%s", method, path,
            status == 0 ? "connection failed" : String.valueOf(status), millis, replayed ? " (idempotent replay)" : ""));
      }

      @Override
      public void retrying(String method, String path, String reason, Duration wait) {
        if (extra != null) {
          extra.retrying(method, path, reason, wait);
        }
        String line = String.format("  retrying %s %s in %d ms (%s)", method, path, wait.toMillis(), reason);
        if (extra != null) {
          console.debug(line); // a batch reports its own progress; a line per retry would drown it
        } else {
          console.info(line);
        }
      }

      @Override
      public void forbidden(String requestId, String method, String path, String encoded) {
        ForbiddenCalls.record(requestId, method, path, encoded);
      }
    };
    StripeClient client = StripeClients.create(key, options.apiBase, listener, maxRetries(ctx), retryDelay(ctx),
        telemetry(ctx));
    return new StripeConnection(secrets, key, client);
  }

  /** STRIPE_SETUP_TELEMETRY=true: the user opts in to stripe-java's telemetry (off otherwise). */
  static boolean telemetry(CliContext ctx) {
    return Boolean.parseBoolean(ctx.env().getOrDefault("STRIPE_SETUP_TELEMETRY", "false").strip());
  }

  /** STRIPE_SETUP_MAX_RETRIES: retries per request (default 4); tests lower it to keep fault runs short. */
  private static int maxRetries(CliContext ctx) {
    return (int) number(ctx, "STRIPE_SETUP_MAX_RETRIES", StripeClients.MAX_RETRIES, 0, 10);
  }

  /** STRIPE_SETUP_RETRY_BASE_MS: first back-off of our own retries (default 500 ms). */
  private static Duration retryDelay(CliContext ctx) {
    return Duration.ofMillis(number(ctx, "STRIPE_SETUP_RETRY_BASE_MS", 500, 1, 60_000));
  }

  public static long number(CliContext ctx, String name, long fallback, long min, long max) {
    String v = ctx.env().get(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(v.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(name + " must be a whole number from " + min + " to " + max + ", got '" + v + "'");
  }
}
