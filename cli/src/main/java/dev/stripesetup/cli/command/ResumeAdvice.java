package dev.stripesetup.cli.command;

import dev.stripesetup.cli.ExitCode;

import com.stripe.exception.CardException;
import dev.stripesetup.billing.ChainFailedException;
import dev.stripesetup.billing.ChainState;

/**
 * What to do after the chain failed part-way, printed under the error. "Re-run the same command to
 * resume" is only true when a re-run can get further: after a network failure, an outage or rate
 * limiting. A declined card, an ID that does not exist, a rejected key or a refused request fail the
 * same way again, so they get advice that changes something instead.
 */
public final class ResumeAdvice {
  private ResumeAdvice() {}

  /** The advice line for a failed chain (never null). */
  public static String of(ChainFailedException f, int exitCode) {
    ChainState state = f.state();
    String nothing = state.createdNothing() ? "Nothing was created; "
        : state.resumableOnlyWithin24Hours() ? "What exists is reused by a re-run within 24 hours (later, pass --customer "
            + (state.id("customer") != null ? state.id("customer") : "cus_...") + " instead of --new-customer); "
        : "What exists is found and reused on the next run; ";
    if (f.stripeCause() instanceof CardException) {
      return nothing + "re-running with the same card fails the same way: use another card (--test-card or "
          + "--payment-method pm_... collected with Checkout or Elements).";
    }
    return switch (exitCode) {
      case ExitCode.NOT_FOUND -> nothing + "check the ID you gave (--customer, --price, --payment-method): "
          + "a re-run with it fails the same way.";
      case ExitCode.AUTHENTICATION, ExitCode.PERMISSION -> nothing + "fix the key (see above), then run the same command again.";
      case ExitCode.STRIPE_INVALID_REQUEST -> nothing + "Stripe refused the request as it is: change what the error "
          + "names before running again.";
      default -> state.resumableOnlyWithin24Hours()
          ? "Re-run the same command within 24 hours to resume. With --new-customer, a later re-run makes another "
              + "customer: resume with --customer " + (state.id("customer") != null ? state.id("customer") : "cus_...")
              + " instead."
          : "Re-run the same command to resume: what exists is found and reused, nothing is created twice.";
    };
  }
}
