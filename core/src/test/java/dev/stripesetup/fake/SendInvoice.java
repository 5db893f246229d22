package dev.stripesetup.fake;

import com.google.gson.JsonObject;

/**
 * collection_method=send_invoice on a subscription: no payment method is needed, the subscription is
 * active at once, and its first invoice stays open with a due date for the customer to pay on the
 * hosted page (Stripe emails it). days_until_due is required with it and refused without it.
 */
record SendInvoice(long days) {
  /** The request's send_invoice settings, or null for charge_automatically. */
  static SendInvoice of(FormParams p) {
    String method = p.str("collection_method");
    Long days = p.integer("days_until_due");
    if (method == null || method.equals("charge_automatically")) {
      if (days != null) {
        throw ApiError.invalid("days_until_due can only be set when collection_method is send_invoice.",
            "days_until_due");
      }
      return null;
    }
    if (!method.equals("send_invoice")) {
      throw ApiError.invalid("Invalid collection_method: " + method, "collection_method");
    }
    if (days == null) throw ApiError.missingParam("days_until_due");
    if (days < 0 || days > 730) throw ApiError.invalid("days_until_due must be between 0 and 730", "days_until_due");
    return new SendInvoice(days);
  }

  void applyTo(JsonObject invoice, long now) {
    invoice.addProperty("collection_method", "send_invoice");
    invoice.addProperty("due_date", now + days * 86_400);
  }
}
