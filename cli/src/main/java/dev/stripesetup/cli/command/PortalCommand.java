package dev.stripesetup.cli.command;

import dev.stripesetup.cli.CliException;
import dev.stripesetup.cli.ExitCode;
import dev.stripesetup.cli.LiveGuard;

import dev.stripesetup.cli.CliContext;
import dev.stripesetup.cli.StripeConnection;

import dev.stripesetup.output.JsonResult;
import com.stripe.model.billingportal.Session;
import dev.stripesetup.config.ApiKey;
import dev.stripesetup.operate.PortalSessions;
import dev.stripesetup.operate.SubscriptionLookup;
import dev.stripesetup.operate.Target;
import dev.stripesetup.output.Console;
import dev.stripesetup.output.QrCode;
import dev.stripesetup.billing.InvalidInputException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stripe-setup portal TARGET}: a Billing Portal link for the customer (update the card, see
 * invoices, cancel). The URL is a credential that acts as the customer: it goes to stdout only, for
 * the person who asked, never to stderr, --verbose lines or a journal.
 */
@Command(name = "portal",
    description = "Print a Billing Portal link where the customer updates the card, sees invoices or cancels.",
    footer = {"", "Example:", "  stripe-setup portal jenny@example.com --return-url https://example.com/account",
        "", "Exit codes:",
        "  0 link printed", "  2 bad argument", "  3 configuration", "  4 live key without --live, or not confirmed",
        "  5 several customers have the email", "  20-24 Stripe errors (22: no portal configuration)",
        "  25 no such subscription, customer or email"})
public final class PortalCommand extends OneSubscriptionCommand {
  /** What the person is told about the link (Stripe does not give an expiry time in the API). */
  static final String VALIDITY = "Single use and short-lived: it expires within minutes if not opened. It acts as "
      + "the customer, so treat it like a password; run portal again for a new one.";

  @Option(names = "--return-url", paramLabel = "URL", description = "Where the portal's back link goes (http/https).")
  String returnUrl;

  @Option(names = "--dry-run", description = "Say what would be sent; make no link.")
  boolean dryRun;

  public PortalCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() throws Exception {
    Console console = context.console();
    checkReturnUrl();
    StripeConnection stripe = connect();
    ApiKey key = stripe.key();
    String customer = customer(stripe);
    String plan = "Will make a Billing Portal link for customer " + customer
        + (returnUrl != null ? " returning to " + returnUrl : "");
    if (dryRun) {
      return OperateOutcome.dryRun(console, plan, "Would send POST /v1/billing_portal/sessions customer=" + customer
          + (returnUrl != null ? " return_url=" + returnUrl : "") + "; no link was made.");
    }
    // A live link acts as a real customer: the live guard asks; a test link needs no question.
    LiveGuard.check(key, common, () -> plan, context.prompter(), console);
    Session session;
    try {
      session = new PortalSessions(stripe.client()).create(customer, returnUrl);
    } catch (PortalSessions.NoConfigurationException e) {
      throw new CliException(ExitCode.STRIPE_INVALID_REQUEST, "this Stripe account has no Billing Portal "
          + "configuration yet, so Stripe cannot make a portal link. Save the portal settings once in the Dashboard ("
          + (key.isLive() ? "https://dashboard.stripe.com/settings/billing/portal"
              : "https://dashboard.stripe.com/test/settings/billing/portal")
          + "), or create one with POST /v1/billing_portal/configurations, then run portal again");
    }
    if (console.json()) {
      Map<String, Object> doc = JsonResult.of(ExitCode.OK);
      doc.put("customer", customer);
      doc.put("session", session.getId());
      doc.put("url", session.getUrl());
      doc.put("return_url", session.getReturnUrl());
      doc.put("validity", VALIDITY);
      console.printJson(doc);
      return ExitCode.OK;
    }
    console.result("Billing Portal link for " + customer + " (update the card, see invoices, cancel):");
    console.result("  " + session.getUrl());
    console.result(VALIDITY);
    if (context.prompter().interactive()) {
      QrCode.lines(session.getUrl()).forEach(console::result);
    }
    return ExitCode.OK;
  }

  private void checkReturnUrl() {
    if (returnUrl == null) {
      return;
    }
    try {
      URI u = URI.create(returnUrl.strip());
      if (u.getHost() != null && ("https".equals(u.getScheme()) || "http".equals(u.getScheme()))) {
        returnUrl = returnUrl.strip();
        return;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new InvalidInputException("return-url", "'" + returnUrl + "' is not an http:// or https:// URL with a host");
  }

  /** The customer: the subscription's, the one given, or the only customer with the email. */
  private String customer(StripeConnection stripe) throws Exception {
    if (target.kind() == Target.Kind.CUSTOMER) {
      return stripe.client().v1().customers().retrieve(target.value()).getId();
    }
    List<String> ids = new SubscriptionLookup(stripe.client(), 100).find(target).customerIds();
    if (ids.isEmpty()) {
      throw new CliException(ExitCode.NOT_FOUND, "no customer has the email " + target.value());
    }
    if (ids.size() > 1) {
      throw new CliException(ExitCode.AMBIGUOUS_CUSTOMER, ids.size() + " customers have the email " + target.value()
          + " (" + String.join(", ", ids) + "); give the one you mean as cus_...");
    }
    return ids.get(0);
  }
}
