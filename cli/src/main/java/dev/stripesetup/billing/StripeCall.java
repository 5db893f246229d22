package dev.stripesetup.billing;

import com.stripe.exception.StripeException;

/** One call to Stripe, as the billing steps pass them around. */
@FunctionalInterface
public interface StripeCall<T> {
  T run() throws StripeException;
}
