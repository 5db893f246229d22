package dev.stripesetup.fake;

import com.google.gson.JsonObject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

/** /v1/payment_methods: test tokens and magic pm_card_* ids with Stripe's documented test-card behaviours. */
final class PaymentMethods {
  enum Behaviour { NORMAL, DECLINE_ON_ATTACH, FAIL_ON_CHARGE, REQUIRES_ACTION }

  /** A test card: what its JSON shows and how it behaves. declineCode only for declining cards. */
  record Card(String brand, String last4, Behaviour behaviour, String declineCode) {}

  private static final Map<String, Card> TOKENS = Map.of(
      "tok_visa", new Card("visa", "4242", Behaviour.NORMAL, null),
      "tok_mastercard", new Card("mastercard", "4444", Behaviour.NORMAL, null),
      "tok_amex", new Card("amex", "8431", Behaviour.NORMAL, null),
      "tok_chargeDeclined", new Card("visa", "0002", Behaviour.DECLINE_ON_ATTACH, "generic_decline"),
      "tok_chargeDeclinedInsufficientFunds",
          new Card("visa", "9995", Behaviour.DECLINE_ON_ATTACH, "insufficient_funds"),
      "tok_chargeCustomerFail", new Card("visa", "0341", Behaviour.FAIL_ON_CHARGE, "generic_decline"),
      "tok_threeDSecure2Required", new Card("visa", "3220", Behaviour.REQUIRES_ACTION, null));

  /** Magic ids usable without creating anything; attaching one clones it into a fresh pm_, as Stripe does. */
  private static final Map<String, String> MAGIC = Map.of(
      "pm_card_visa", "tok_visa",
      "pm_card_mastercard", "tok_mastercard",
      "pm_card_amex", "tok_amex",
      "pm_card_chargeDeclined", "tok_chargeDeclined",
      "pm_card_chargeCustomerFail", "tok_chargeCustomerFail",
      "pm_card_authenticationRequired", "tok_threeDSecure2Required");

  private final Store store;

  PaymentMethods(Store store) {
    this.store = store;
  }

  void register(Routes r) {
    r.add("POST", "/v1/payment_methods", "payment_method", this::create);
    r.add("GET", "/v1/payment_methods/" + Routes.ID, "payment_method", this::retrieve);
    r.add("POST", "/v1/payment_methods/" + Routes.ID + "/attach", "payment_method", this::attachEndpoint);
    r.add("POST", "/v1/payment_methods/" + Routes.ID + "/detach", "payment_method", this::detach);
    r.add("GET", "/v1/customers/" + Routes.ID + "/payment_methods", "list:payment_method", this::listForCustomer);
  }

  private Reply create(Routes.Call c) {
    FormParams p = c.params();
    p.allowOnly(Set.of("type", "card", "metadata", "expand"));
    p.allowOnlyUnder(Set.of("token", "number", "exp_month", "exp_year", "cvc"), "card");
    if (p.has("card", "number")) {
      throw ApiError.invalid("Sending credit card numbers directly to the Stripe API is generally unsafe. "
          + "We suggest you use test tokens that map to the test card you are using, see "
          + "https://stripe.com/docs/testing.", "card[number]");
    }
    String type = p.str("type");
    if (type == null) throw ApiError.missingParam("type");
    if (!type.equals("card")) throw ApiError.invalid("Invalid type: only card is supported here", "type");
    String token = p.str("card", "token");
    if (token == null) throw ApiError.missingParam("card[token]");
    Card card = TOKENS.get(token);
    if (card == null) throw ApiError.invalid("resource_missing", "No such token: '" + token + "'", "card[token]");
    JsonObject pm = newPaymentMethod(card, c.livemode());
    pm.add("metadata", Store.metadataOf(p, "metadata"));
    return Reply.ok(store.render(pm));
  }

  private JsonObject newPaymentMethod(Card card, boolean livemode) {
    JsonObject pm = json(Store.randomId("pm_"), card, livemode);
    store.put(pm);
    store.cards.put(Json.str(pm, "id"), card);
    return pm;
  }

  private static JsonObject json(String id, Card card, boolean livemode) {
    int nextYear = LocalDate.now(ZoneOffset.UTC).getYear() + 1;
    return Json.obj("id", id, "object", "payment_method", "type", "card",
        "card", Json.obj("brand", card.brand(), "last4", card.last4(), "exp_month", 12, "exp_year", nextYear,
            "country", "US", "funding", "credit"),
        "customer", null, "metadata", new JsonObject(), "created", Store.now(), "livemode", livemode);
  }

  private Reply retrieve(Routes.Call c) {
    String magic = MAGIC.get(c.id());
    if (magic != null) return Reply.ok(json(c.id(), TOKENS.get(magic), c.livemode()));
    return Reply.ok(store.expand(
        store.render(store.require("payment_method", "PaymentMethod", c.id(), "id")), c.params().expand()));
  }

  private Reply attachEndpoint(Routes.Call c) {
    FormParams p = c.params();
    p.allowOnly(Set.of("customer", "expand"));
    String customer = p.str("customer");
    if (customer == null) throw ApiError.missingParam("customer");
    JsonObject pm = attach(c.id(), customer, c.livemode(), "id");
    return Reply.ok(store.expand(store.render(pm), p.expand()));
  }

  /**
   * Attaches and returns the stored payment method (a fresh clone for magic ids). Used by the attach
   * endpoint and by customer creation with payment_method. Validates everything before changing state.
   */
  JsonObject attach(String pmId, String customerId, boolean livemode, String pmParam) {
    store.require("customer", "customer", customerId, "customer");
    String magic = MAGIC.get(pmId);
    if (magic != null) {
      Card card = TOKENS.get(magic);
      declineIfNeeded(card);
      JsonObject pm = newPaymentMethod(card, livemode);
      pm.addProperty("customer", customerId);
      return pm;
    }
    JsonObject pm = store.require("payment_method", "PaymentMethod", pmId, pmParam);
    String owner = Json.str(pm, "customer");
    if (customerId.equals(owner)) return pm;
    if (owner != null) {
      throw ApiError.invalid("The payment method you provided has already been attached to a customer.", null);
    }
    declineIfNeeded(store.cards.get(pmId));
    pm.addProperty("customer", customerId);
    return pm;
  }

  /** Stripe verifies the card on attach; the decline test cards fail here and nothing is attached. */
  private static void declineIfNeeded(Card card) {
    if (card.behaviour() != Behaviour.DECLINE_ON_ATTACH) return;
    String message = card.declineCode().equals("insufficient_funds")
        ? "Your card has insufficient funds." : "Your card was declined.";
    throw ApiError.card("card_declined", card.declineCode(), message);
  }

  private Reply detach(Routes.Call c) {
    c.params().allowOnly(Set.of("expand"));
    JsonObject pm = store.require("payment_method", "PaymentMethod", c.id(), "id");
    if (Json.str(pm, "customer") == null) {
      throw ApiError.invalid("The payment method you provided is not attached to a customer so detachment is "
          + "impossible.", null);
    }
    detachFrom(pm);
    return Reply.ok(store.expand(store.render(pm), c.params().expand()));
  }

  /** Detaching also clears the customer's invoice default if it pointed here, as Stripe does. */
  void detachFrom(JsonObject pm) {
    JsonObject customer = store.find(Json.str(pm, "customer"));
    if (customer != null) {
      JsonObject settings = customer.getAsJsonObject("invoice_settings");
      if (Json.str(pm, "id").equals(Json.str(settings, "default_payment_method"))) {
        settings.add("default_payment_method", Json.el(null));
      }
    }
    pm.add("customer", Json.el(null));
  }

  private Reply listForCustomer(Routes.Call c) {
    FormParams p = c.params();
    String customer = c.id();
    store.require("customer", "customer", customer, "customer");
    String type = p.str("type");
    return Reply.ok(store.page("/v1/customers/" + customer + "/payment_methods",
        store.all("payment_method", false),
        pm -> customer.equals(Json.str(pm, "customer")) && (type == null || type.equals(Json.str(pm, "type"))),
        p));
  }

  /** The stored, attached payment method for id, or 400/404 as Stripe answers for a wrong default. */
  JsonObject requireAttached(String pmId, String customerId, String param) {
    JsonObject pm = store.find(pmId);
    if (pm == null || !"payment_method".equals(Json.str(pm, "object"))) {
      throw ApiError.missing("PaymentMethod", pmId, param);
    }
    if (!customerId.equals(Json.str(pm, "customer"))) {
      throw ApiError.invalid("The customer does not have a payment method with the ID " + pmId
          + ". The payment method must be attached to the customer.", param);
    }
    return pm;
  }
}
