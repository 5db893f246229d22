package dev.stripesetup.cli;

import dev.stripesetup.output.JsonResult;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.StripeError;
import dev.stripesetup.config.ConfigException;
import dev.stripesetup.simulate.SimulationException;
import dev.stripesetup.billing.AmbiguousCustomerException;
import dev.stripesetup.billing.ChainFailedException;
import dev.stripesetup.billing.InvalidInputException;
import dev.stripesetup.billing.SecondSubscriptionException;
import dev.stripesetup.permissions.ForbiddenCalls;
import dev.stripesetup.permissions.Permission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns any exception into one line for a person, a JSON error object and an exit status. The
 * mapping lives in one place so every command reports the same failure the same way: commands throw,
 * and neither catch to pick a code nor map one themselves ({@link ErrorHandler}, the batch summary
 * and picocli's exit-code mapper, {@link #EXIT_CODES}, all ask here). A command that decides a code
 * itself says so with a {@link CliException}.
 */
public record ErrorReport(int exitCode, String type, String message, Map<String, Object> details) {

  /** For picocli: the exit status of an exception that no handler turned into one. */
  public static final picocli.CommandLine.IExitCodeExceptionMapper EXIT_CODES = new picocli.CommandLine.IExitCodeExceptionMapper() {
    @Override
    public int getExitCode(Throwable e) {
      return of(e).exitCode();
    }
  };

  public static ErrorReport of(Throwable e) {
    if (e instanceof InvalidInputException i) {
      return new ErrorReport(ExitCode.USAGE, "invalid_input", "--" + i.field() + ": " + i.reason(),
          Map.of("field", i.field()));
    }
    if (e instanceof ConfigException) {
      return new ErrorReport(ExitCode.CONFIG, "configuration", e.getMessage(), Map.of());
    }
    if (e instanceof dev.stripesetup.journal.JournalUnusableException) {
      // A foreign, corrupt, locked or unwritable journal (batch, listen, failures alike): a problem
      // with the file, not a bug.
      return new ErrorReport(ExitCode.JOURNAL, "journal", e.getMessage(), Map.of());
    }
    if (e instanceof dev.stripesetup.batch.JournalMismatchException) {
      return new ErrorReport(ExitCode.JOURNAL_MISMATCH, "journal_mismatch", e.getMessage(), Map.of());
    }
    if (e instanceof dev.stripesetup.batch.BadFileException) {
      return new ErrorReport(ExitCode.USAGE, "bad_file", e.getMessage(), Map.of());
    }
    if (e instanceof SimulationException s) {
      // The clock broke or never finished: Stripe did not do its part, as for an outage. Otherwise
      // the run cannot go on as asked.
      return new ErrorReport(s.kind() == SimulationException.Kind.STRIPE_FAILED ? ExitCode.NETWORK
          : ExitCode.STRIPE_INVALID_REQUEST, "simulation", s.getMessage(), Map.of());
    }
    if (e instanceof CliException c) {
      return new ErrorReport(c.exitCode(), "refused", c.getMessage(), Map.of());
    }
    if (e instanceof AmbiguousCustomerException a) {
      return new ErrorReport(ExitCode.AMBIGUOUS_CUSTOMER, "ambiguous_customer", a.getMessage(),
          Map.of("customers", a.customerIds()));
    }
    if (e instanceof SecondSubscriptionException s) {
      return new ErrorReport(ExitCode.SECOND_SUBSCRIPTION, "second_subscription", s.getMessage(),
          Map.of("customer", s.customerId(), "subscriptions", s.existing().stream().map(x -> x.id()).toList()));
    }
    if (e instanceof ChainFailedException f) {
      ErrorReport inner = of(f.stripeCause());
      Map<String, Object> details = new LinkedHashMap<>(inner.details());
      details.put("step", f.step());
      details.put("existing", f.state().ids());
      return new ErrorReport(inner.exitCode(), inner.type(), f.step() + " failed: " + inner.message(), details);
    }
    if (e instanceof StripeException s) {
      return stripe(s);
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    return new ErrorReport(ExitCode.SOFTWARE, "internal", "unexpected error: " + message, Map.of());
  }

  private static ErrorReport stripe(StripeException s) {
    int code;
    String type;
    if (s instanceof CardException) {
      code = ExitCode.PAYMENT_DECLINED;
      type = "card_declined";
    } else if (s instanceof PermissionException) {
      // Checked before AuthenticationException: stripe-java makes it a subclass of that.
      code = ExitCode.PERMISSION;
      type = "permission";
    } else if (s instanceof AuthenticationException) {
      code = ExitCode.AUTHENTICATION;
      type = "authentication";
    } else if (s instanceof RateLimitException) {
      code = ExitCode.RATE_LIMITED;
      type = "rate_limited";
    } else if (s instanceof IdempotencyException) {
      code = ExitCode.STRIPE_INVALID_REQUEST;
      type = "idempotency";
    } else if (s instanceof InvalidRequestException && "resource_missing".equals(s.getCode())) {
      code = ExitCode.NOT_FOUND;
      type = "not_found";
    } else if (s instanceof InvalidRequestException && Integer.valueOf(429).equals(s.getStatusCode())) {
      code = ExitCode.RATE_LIMITED;
      type = "rate_limited";
    } else if (s instanceof InvalidRequestException) {
      code = ExitCode.STRIPE_INVALID_REQUEST;
      type = "invalid_request";
    } else if (s instanceof ApiConnectionException || s instanceof ApiException) {
      code = ExitCode.NETWORK;
      type = "network";
    } else {
      code = ExitCode.NETWORK;
      type = "stripe";
    }
    StripeError err = s.getStripeError();
    String text = err != null && err.getMessage() != null ? err.getMessage() : firstLine(s.getMessage());
    Map<String, Object> details = new LinkedHashMap<>();
    if (err != null && err.getCode() != null) {
      details.put("stripe_code", err.getCode());
    }
    if (err != null && err.getDeclineCode() != null) {
      details.put("decline_code", err.getDeclineCode());
      text = text + " (" + err.getDeclineCode() + ")";
    }
    if (err != null && err.getParam() != null && !err.getParam().isEmpty()) {
      details.put("param", err.getParam());
    }
    if (s.getStatusCode() != null && s.getStatusCode() > 0) {
      details.put("http_status", s.getStatusCode());
    }
    if (s.getRequestId() != null) {
      details.put("request_id", s.getRequestId());
    }
    if (code == ExitCode.AUTHENTICATION) {
      text = text + "; check STRIPE_API_KEY (Dashboard > Developers > API keys)";
    } else if (code == ExitCode.PERMISSION) {
      text = permission(s, text, details);
    } else if (s instanceof dev.stripesetup.stripe.UnreachableException u) {
      text = u.getMessage();
    } else if (s.getStatusCode() != null && s.getStatusCode() >= 500) {
      text = "Stripe answered HTTP " + s.getStatusCode() + " (" + text + ")";
    } else if (code == ExitCode.NETWORK) {
      text = "could not reach Stripe (" + text + ")";
    }
    return new ErrorReport(code, type, text, details);
  }

  /**
   * Which permission the refused call needed (the HTTP client noted the call under the request ID)
   * and Stripe's own words; the permissions command lists the rest.
   */
  private static String permission(StripeException s, String stripeSays, Map<String, Object> details) {
    ForbiddenCalls.Call call = ForbiddenCalls.of(s.getRequestId());
    String advice = "; `stripe-setup permissions` lists what each command needs";
    if (call == null || call.needs().isEmpty()) {
      return "the key lacks a permission (Stripe: " + stripeSays + ")" + advice;
    }
    List<String> needs = call.needs().stream().map(Permission::toString).toList();
    details.put("call", call.method() + " " + call.path());
    details.put("needs", needs);
    return call.method() + " " + call.path() + " needs " + String.join(", ", needs)
        + " on the restricted key (Stripe: " + stripeSays + ")" + advice;
  }

  /**
   * The first line of a library message, without stripe-java's advice paragraph ("Please check your
   * internet connection ...") and at most 200 characters (a proxy's HTML error page can be long).
   */
  private static String firstLine(String s) {
    if (s == null) {
      return "no message";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    int advice = line.indexOf(" Please check your internet connection");
    if (advice > 0) {
      line = line.substring(0, advice).strip();
    }
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  public Map<String, Object> json() {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("type", type);
    error.put("message", message);
    error.putAll(details);
    return JsonResult.failure(exitCode, error);
  }
}
