package dev.stripesetup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;

/** Base for the status/cancel/cleanup tests: subcommands run against the fake, plus chain set-ups. */
abstract class OperateCli extends FakeStripeCli {

  /** Runs a subcommand: {@code stripe-setup NAME --api-base URL args...}. */
  CliRun.Result op(String command, String... args) {
    List<String> all = new ArrayList<>(List.of(command, "--api-base", fake.baseUrl()));
    all.addAll(List.of(args));
    return cli.run(all.toArray(String[]::new));
  }

  /** Puts a customer on a plan with the chain and returns the subscription ID; forgets its requests. */
  String subscribe(String name, String email, String amount, String... more) {
    CliRun.Result r = run(with(new String[] {"--name", name, "--email", email, "--amount", amount, "--json"}, more));
    assertThat(r.exitCode()).as(r.all()).isIn(ExitCode.OK, ExitCode.PAYMENT_DECLINED);
    fake.clearRequests();
    return json(r).getAsJsonObject("subscription").get("id").getAsString();
  }

  static JsonObject json(CliRun.Result r) {
    return JsonParser.parseString(r.out()).getAsJsonObject();
  }

  String status(String id) {
    JsonObject sub = fake.get(id);
    return sub.get("status").getAsString();
  }
}
