package dev.stripesetup.cli.option;

import dev.stripesetup.billing.CheckoutCollector;
import dev.stripesetup.billing.Collect;
import dev.stripesetup.billing.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The flags of the collect paths: the customer pays through a Checkout link or an emailed invoice
 * instead of a payment method the tool attaches. Kept as typed and checked by {@link #validate},
 * which names the flag in every refusal, before anything is sent.
 */
public class CollectOptions {
  @Option(names = "--collect", paramLabel = "HOW",
      description = "Let the customer pay: checkout (a Stripe Checkout link) or invoice (Stripe emails an invoice).")
  public String collect;

  @Option(names = "--success-url", paramLabel = "URL",
      description = "With --collect checkout (required): where Checkout sends the customer after paying.")
  public String successUrl;

  @Option(names = "--link-expires", paramLabel = "DURATION",
      description = "With --collect checkout: the link expires after 30m to 24h (default: 24h).")
  String linkExpires;

  @Option(names = "--days-until-due", paramLabel = "DAYS",
      description = "With --collect invoice: days the customer has to pay each invoice (default: 7).")
  public String daysUntilDue;

  @Option(names = "--wait", negatable = true, fallbackValue = "true",
      description = "With --collect checkout: wait until the link is paid or expires (default: on in a terminal).")
  public Boolean wait;

  @Option(names = "--allow-promotion-codes",
      description = "With --collect checkout: the customer may type a promotion code on the page (not with --coupon/--promotion-code).")
  public boolean allowPromotionCodes;

  /**
   * --allow-promotion-codes is a Checkout page's field, and Stripe refuses it together with a
   * discount, so that pair is refused here, before any call.
   */
  public void validateDiscount(dev.stripesetup.billing.SetupRequest request) {
    if (!allowPromotionCodes) {
      return;
    }
    if (mode() != Collect.CHECKOUT) {
      throw new InvalidInputException("allow-promotion-codes", "only applies with --collect checkout");
    }
    if (request.discount() != null) {
      throw new InvalidInputException("allow-promotion-codes", "cannot be combined with --"
          + request.discount().flag() + " (Stripe takes either a discount or a code box on the page, not both)");
    }
  }

  /** Which path, or null for the chain with a payment method. */
  public Collect mode() {
    return collect == null ? null : Collect.fromCli(collect);
  }

  /** For --dry-run: how the run would collect, or null (validated first). */
  public dev.stripesetup.output.DryRunPlan.Collecting plan() {
    Collect mode = mode();
    if (mode == null) {
      return null;
    }
    return mode == Collect.CHECKOUT
        ? new dev.stripesetup.output.DryRunPlan.Collecting(mode, successUrl(), expiresIn(), 0, allowPromotionCodes)
        : new dev.stripesetup.output.DryRunPlan.Collecting(mode, null, null, daysUntilDue());
  }

  /** Checks the collect flags against each other and the payment flags, before any call. */
  public void validate(PlanOptions plan) {
    Collect mode;
    try {
      mode = collect == null ? null : Collect.fromCli(collect);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("collect", e.getMessage());
    }
    if (mode == null) {
      for (String[] f : new String[][] {{"success-url", successUrl}, {"link-expires", linkExpires},
          {"days-until-due", daysUntilDue}}) {
        if (f[1] != null) {
          throw new InvalidInputException(f[0], "only applies with --collect");
        }
      }
      if (wait != null) {
        throw new InvalidInputException(wait ? "wait" : "no-wait", "only applies with --collect checkout");
      }
      return;
    }
    if (plan.paymentMethod != null || plan.testCard != null) {
      throw new InvalidInputException("collect", "the customer gives the card through the link or invoice; "
          + "do not combine it with " + (plan.paymentMethod != null ? "--payment-method" : "--test-card"));
    }
    if (mode == Collect.CHECKOUT) {
      if (daysUntilDue != null) {
        throw new InvalidInputException("days-until-due", "only applies with --collect invoice");
      }
      if (successUrl == null) {
        throw new InvalidInputException("success-url", "is required with --collect checkout: the page of yours "
            + "that Checkout sends the customer to after paying (https://...)");
      }
      successUrl();
      expiresIn();
    } else {
      for (String[] f : new String[][] {{"success-url", successUrl}, {"link-expires", linkExpires}}) {
        if (f[1] != null) {
          throw new InvalidInputException(f[0], "only applies with --collect checkout");
        }
      }
      if (wait != null) {
        throw new InvalidInputException(wait ? "wait" : "no-wait", "only applies with --collect checkout");
      }
      daysUntilDue();
    }
  }

  /**
   * For batch, where a row's collect column may ask for a link even without --collect: the flags are
   * checked on their own (each row is checked against them in pass 1), and batch never waits.
   */
  public void validateForBatch(PlanOptions plan) {
    if (wait != null) {
      throw new InvalidInputException(wait ? "wait" : "no-wait", "batch never waits: it writes each row's link "
          + "into the report, and a later run of the same command picks up the paid ones");
    }
    if (collect != null) {
      try {
        Collect.fromCli(collect);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("collect", e.getMessage());
      }
      if (plan.paymentMethod != null || plan.testCard != null) {
        throw new InvalidInputException("collect", "the customer gives the card through the link or invoice; "
            + "do not combine it with " + (plan.paymentMethod != null ? "--payment-method" : "--test-card"));
      }
    }
    if (successUrl != null) {
      successUrl();
    }
    expiresIn();
    daysUntilDue();
  }

  /**
   * An absolute https URL with a host; plain http only for a page on the user's own machine
   * (localhost, 127.0.0.1, [::1]), where there is no certificate to have. The rule and its message
   * say the same. Stripe substitutes {CHECKOUT_SESSION_ID} in it, so the braces are kept as typed.
   */
  public String successUrl() {
    String url = successUrl.strip();
    URI uri;
    try {
      uri = URI.create(url.replace("{CHECKOUT_SESSION_ID}", "cs"));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("success-url", "'" + url + "' is not a URL");
    }
    boolean https = "https".equals(uri.getScheme());
    boolean localHttp = "http".equals(uri.getScheme()) && uri.getHost() != null
        && java.util.Set.of("localhost", "127.0.0.1", "[::1]").contains(uri.getHost().toLowerCase(java.util.Locale.ROOT));
    if (!(https || localHttp) || uri.getHost() == null || url.length() > 5000) {
      throw new InvalidInputException("success-url", "'" + url + "' must be an https:// URL with a host "
          + "(http:// only for localhost)");
    }
    return url;
  }

  /** 30m to 24h: Stripe's bounds for a Checkout Session's expires_at. */
  public Duration expiresIn() {
    if (linkExpires == null) {
      return CheckoutCollector.MAX_EXPIRY;
    }
    String v = linkExpires.strip().toLowerCase(Locale.ROOT);
    Duration d;
    try {
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      d = switch (v.charAt(v.length() - 1)) {
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> null;
      };
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      d = null;
    }
    if (d == null) {
      throw new InvalidInputException("link-expires", "'" + linkExpires + "' is not a duration like 90m or 24h");
    }
    if (d.compareTo(CheckoutCollector.MIN_EXPIRY) < 0 || d.compareTo(CheckoutCollector.MAX_EXPIRY) > 0) {
      throw new InvalidInputException("link-expires", "must be between 30m and 24h (Stripe's bounds), got " + linkExpires);
    }
    return d;
  }

  public int daysUntilDue() {
    if (daysUntilDue == null) {
      return 7;
    }
    int n;
    try {
      n = Integer.parseInt(daysUntilDue.strip());
    } catch (NumberFormatException e) {
      throw new InvalidInputException("days-until-due", "'" + daysUntilDue + "' is not a whole number");
    }
    if (n < 1 || n > 365) {
      throw new InvalidInputException("days-until-due", "must be between 1 and 365, got " + n);
    }
    return n;
  }
}
