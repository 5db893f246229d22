package dev.stripesetup.fake;

import com.google.gson.JsonObject;
import java.util.Set;

/**
 * /v1/billing_portal/configurations (create, so a test can give the account its default) and
 * /v1/billing_portal/sessions (create). Like Stripe, a session needs a configuration: the one named,
 * else the account's default, which an account does not have until its portal settings are saved.
 */
final class BillingPortal {
  /** Stripe's answer when the account has no default configuration and none is named. */
  static final String NO_CONFIGURATION = "No configuration provided and your test mode default configuration has "
      + "not been created. Provide a configuration or create your default by saving your customer portal "
      + "settings in test mode at https://dashboard.stripe.com/test/settings/billing/portal.";

  private final Store store;

  BillingPortal(Store store) {
    this.store = store;
  }

  void register(Routes r) {
    r.add("POST", "/v1/billing_portal/configurations", "billing_portal.configuration", this::configure);
    r.add("POST", "/v1/billing_portal/sessions", "billing_portal.session", this::session);
  }

  /** The first configuration created becomes the account's default, as saving the Dashboard settings does. */
  private Reply configure(Routes.Call c) {
    FormParams p = c.params();
    p.allowOnly(Set.of("features", "business_profile", "default_return_url", "metadata", "name", "expand"));
    boolean first = store.all("billing_portal.configuration", false).isEmpty();
    JsonObject conf = Json.obj("id", Store.randomId("bpc_"), "object", "billing_portal.configuration",
        "active", true, "is_default", first, "default_return_url", p.str("default_return_url"),
        "metadata", Store.metadataOf(p, "metadata"), "created", Store.now(), "livemode", c.livemode());
    store.put(conf);
    return Reply.ok(store.render(conf));
  }

  private Reply session(Routes.Call c) {
    FormParams p = c.params();
    p.allowOnly(Set.of("customer", "return_url", "configuration", "locale", "expand"));
    String customerId = p.str("customer");
    if (customerId == null) throw ApiError.missingParam("customer");
    store.require("customer", "customer", customerId, "customer");
    String confId = p.str("configuration");
    JsonObject conf = confId != null
        ? store.require("billing_portal.configuration", "configuration", confId, "configuration")
        : store.all("billing_portal.configuration", false).stream().filter(o -> Json.isTrue(o, "is_default"))
            .findFirst().orElseThrow(() -> ApiError.invalid(NO_CONFIGURATION, null));
    String returnUrl = p.str("return_url");
    if (returnUrl == null) returnUrl = Json.str(conf, "default_return_url");
    String id = Store.randomId("bps_");
    JsonObject session = Json.obj("id", id, "object", "billing_portal.session", "configuration", Json.str(conf, "id"),
        "customer", customerId, "livemode", c.livemode(), "locale", p.str("locale"), "on_behalf_of", null,
        "return_url", returnUrl, "flow", null, "created", Store.now(),
        "url", "https://billing.stripe.com/p/session/test_" + Store.randomId(""));
    store.put(session);
    return Reply.ok(store.render(session));
  }
}
