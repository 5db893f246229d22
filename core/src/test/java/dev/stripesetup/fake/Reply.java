package dev.stripesetup.fake;

import com.google.gson.JsonObject;

/** What an endpoint answers: HTTP status plus JSON body. Immutable so the idempotency store can keep it. */
record Reply(int status, JsonObject body) {
  static Reply ok(JsonObject body) {
    return new Reply(200, body);
  }

  Reply withStatus(int newStatus) {
    return new Reply(newStatus, body);
  }
}
