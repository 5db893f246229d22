package dev.stripesetup.operate;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.billingportal.Session;
import com.stripe.param.billingportal.SessionCreateParams;
import java.time.Instant;

/**
 * Billing Portal sessions: a short-lived, single-use URL where the customer updates the card, sees
 * invoices or cancels. The URL acts as the customer, so it is returned to the caller only, never
 * logged here.
 */
public final class PortalSessions {
  /** The account has no portal configuration (Stripe's 400): what to do about it. */
  public static final class NoConfigurationException extends RuntimeException {
    NoConfigurationException(String stripeMessage) {
      super(stripeMessage);
    }
  }

  private final StripeClient client;

  public PortalSessions(StripeClient client) {
    this.client = client;
  }

  /** @param returnUrl where the portal's back link goes, or null for the configuration's default */
  public Session create(String customerId, String returnUrl) throws StripeException {
    SessionCreateParams.Builder params = SessionCreateParams.builder().setCustomer(customerId);
    if (returnUrl != null) {
      params.setReturnUrl(returnUrl);
    }
    try {
      return client.v1().billingPortal().sessions().create(params.build(),
          OperateKeys.options(OperateKeys.portal(customerId, returnUrl, Instant.now().getEpochSecond() / 60)));
    } catch (InvalidRequestException e) {
      String m = e.getStripeError() != null ? e.getStripeError().getMessage() : null;
      if (m != null && m.contains("configuration")) {
        throw new NoConfigurationException(m);
      }
      throw e;
    }
  }
}
