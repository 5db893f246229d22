package dev.stripesetup.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Method + path-regex routing table; capture groups become Call.ids (e.g. the {id} in /v1/customers/{id}). */
final class Routes {
  /** One API request as the endpoints see it. */
  record Call(String method, String path, List<String> ids, FormParams params, boolean livemode) {
    String id() {
      return ids.get(0);
    }
  }

  interface Endpoint {
    Reply handle(Call call);
  }

  /** type: what the endpoint returns ("customer", "list:price"), so expand[] can be checked before acting. */
  record Match(Endpoint endpoint, List<String> ids, String type) {}

  private record Route(String method, Pattern pattern, String type, Endpoint endpoint) {}

  /** IDs in paths: anything up to the next slash (Stripe answers 404 for malformed ones, as we do). */
  static final String ID = "([^/]+)";

  private final List<Route> routes = new ArrayList<>();

  void add(String method, String regex, String type, Endpoint endpoint) {
    routes.add(new Route(method, Pattern.compile(regex), type, endpoint));
  }

  /** The matching route, or null: Stripe treats a wrong method like an unknown URL. */
  Match find(String method, String path) {
    for (Route r : routes) {
      Matcher m = r.pattern.matcher(path);
      if (r.method.equals(method) && m.matches()) {
        List<String> ids = new ArrayList<>();
        for (int g = 1; g <= m.groupCount(); g++) ids.add(m.group(g));
        return new Match(r.endpoint, ids, r.type);
      }
    }
    return null;
  }
}
