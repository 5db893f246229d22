package dev.stripesetup.fake;

import com.google.gson.JsonObject;

/**
 * A Stripe error response. Endpoints throw it; the router turns it into
 * {"error":{type,code,message,param,decline_code,doc_url}} with null members omitted, as Stripe does.
 */
final class ApiError extends RuntimeException {
  final int status;
  final String type;
  final String code;
  final String param;
  final String declineCode;

  ApiError(int status, String type, String code, String message, String param, String declineCode) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
    this.declineCode = declineCode;
  }

  static ApiError invalid(String message, String param) {
    return new ApiError(400, "invalid_request_error", null, message, param, null);
  }

  static ApiError invalid(String code, String message, String param) {
    return new ApiError(400, "invalid_request_error", code, message, param, null);
  }

  /** 404 "No such customer: 'cus_123'" (noun is what Stripe prints: customer, PaymentMethod, price...). */
  static ApiError missing(String noun, String id, String param) {
    return new ApiError(404, "invalid_request_error", "resource_missing",
        "No such " + noun + ": '" + id + "'", param, null);
  }

  static ApiError unknownParam(String name) {
    return invalid("parameter_unknown", "Received unknown parameter: " + name, name);
  }

  static ApiError missingParam(String name) {
    return invalid("parameter_missing", "Missing required param: " + name + ".", name);
  }

  /** 402 card_error; param is "" because that is what Stripe sends for card declines. */
  static ApiError card(String code, String declineCode, String message) {
    return new ApiError(402, "card_error", code, message, "", declineCode);
  }

  Reply toReply() {
    JsonObject e = new JsonObject();
    e.addProperty("type", type);
    if (code != null) e.addProperty("code", code);
    e.addProperty("message", getMessage());
    if (param != null) e.addProperty("param", param);
    if (declineCode != null) e.addProperty("decline_code", declineCode);
    if (code != null) e.addProperty("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
    JsonObject body = new JsonObject();
    body.add("error", e);
    return new Reply(status, body);
  }
}
