package dev.stripesetup.billing;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.PaymentMethod;
import java.util.function.Consumer;

/**
 * The payment-method step of the card chain: create a test card's payment method, attach a card to
 * the customer, and the checks around them (a given payment method must not belong to someone else;
 * a customer this run created with its card already has it as its invoice default). Every create
 * and attach carries its idempotency key from {@link ChainCalls}, so a repeated run attaches nothing
 * twice.
 */
final class PaymentMethodAttachment {
  private final StripeClient client;
  private final Consumer<String> progress;

  PaymentMethodAttachment(StripeClient client, Consumer<String> progress) {
    this.client = client;
    this.progress = progress;
  }

  /** Reads a given --payment-method, so a mistyped one stops the run before anything is made. */
  PaymentMethod given(String paymentMethodId) throws StripeException {
    return client.v1().paymentMethods().retrieve(paymentMethodId);
  }

  /** A payment method attached to someone else cannot be attached here: say so before creating anything. */
  static void checkGiven(PaymentMethod pm, Customer existing) {
    if (pm != null && pm.getCustomer() != null && (existing == null || !pm.getCustomer().equals(existing.getId()))) {
      throw new InvalidInputException("payment-method", pm.getId() + " is attached to another customer, "
          + pm.getCustomer() + "; a payment method belongs to one customer");
    }
  }

  /**
   * Whether the customer was made by this run (its key) with its card: same run ID (same inputs,
   * card included) and an invoice default, which only a create with the card sets.
   */
  static boolean createdWithCardByThisRun(ChainCalls calls, Customer c) {
    return calls.cardForNewCustomer() != null && c.getMetadata() != null
        && calls.runId().equals(c.getMetadata().get(SetupRequestParser.META_RUN))
        && c.getInvoiceSettings() != null && c.getInvoiceSettings().getDefaultPaymentMethod() != null;
  }

  /** The invoice default a customer was created with (expanded on create; else just its ID). */
  static PaymentMethod defaultCard(Customer c) {
    Customer.InvoiceSettings settings = c.getInvoiceSettings();
    if (settings == null || settings.getDefaultPaymentMethod() == null) {
      throw new IllegalStateException("customer " + c.getId() + " was created without its default payment method");
    }
    if (settings.getDefaultPaymentMethodObject() != null) {
      return settings.getDefaultPaymentMethodObject();
    }
    PaymentMethod pm = new PaymentMethod();
    pm.setId(settings.getDefaultPaymentMethod());
    return pm;
  }

  /**
   * Creates the request's test card as a payment method, under a key tied to the customer it goes
   * to when that customer replaced a deleted one ({@code afterCustomer}; null otherwise).
   */
  PaymentMethod create(ChainCalls calls, ChainState state, String afterCustomer, StripeHelpers.Steps steps)
      throws StripeException {
    steps.before("payment_method", calls.paymentMethodKey(afterCustomer));
    PaymentMethod pm = client.v1().paymentMethods().create(calls.createPaymentMethod(),
        ChainCalls.withKey(calls.paymentMethodKey(afterCustomer)));
    state.record("payment_method", pm.getId(), false);
    steps.after("payment_method", pm.getId());
    progress.accept((Replays.replayed(pm) ? "Payment method " + pm.getId() + " was created by an identical earlier run"
        : "Created payment method " + pm.getId()) + " (test card " + calls.request().testCard().cliName() + ")");
    return pm;
  }

  PaymentMethod attach(ChainCalls calls, String pmId, String customerId, StripeHelpers.Steps steps)
      throws StripeException {
    steps.before("attach", calls.attachKey(pmId, customerId));
    PaymentMethod pm = client.v1().paymentMethods().attach(pmId, calls.attach(customerId),
        ChainCalls.withKey(calls.attachKey(pmId, customerId)));
    steps.after("attach", pm.getId());
    progress.accept((Replays.replayed(pm) ? "Payment method " + pm.getId() + " was already attached to customer "
        : "Attached payment method " + pm.getId() + " to customer ") + customerId);
    return pm;
  }
}
