package dev.stripesetup.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import dev.stripesetup.fake.FakeStripe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 19 item 1: a Checkout link of this customer and plan is paid while another run for them is
 * under way (card, invoice, or a second collect run with other flags). Whatever the moment, the
 * customer ends with one subscription, and the run reports the paid one rather than making another.
 * The fake pays the link right after the named call of the second run is answered.
 */
class LinkPaidMidRunTest {
  static final String SUCCESS = "https://example.com/thanks";

  FakeStripe fake;
  StripeHelpers helpers;
  final List<String> progress = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    fake = FakeStripe.start();
    StripeClient client = fake.client();
    helpers = new StripeHelpers(client, progress::add, null);
  }

  @AfterEach
  void stop() {
    helpers.close();
    fake.close();
  }

  static SetupRequest jenny(String description) {
    return SetupRequestParser.parse(SetupRequestParser.Raw.builder().name("Jenny Rosen")
        .email("jenny@example.com").amount("20").description(description).build());
  }

  /** The second run, by kind: each returns the subscription it reports, or null if it left a link. */
  private final Map<String, Function<StripeHelpers, String>> runs = Map.of(
      "card", h -> h.setUp(jenny(null)).subscriptionId(),
      "invoice", h -> new InvoiceCollector(h).collect(jenny(null), 7).subscriptionId(),
      "collect", h -> {
        CheckoutCollector.Collected c = new CheckoutCollector(h).start(jenny("other flags"), SUCCESS, Duration.ofHours(1));
        return c.result() == null ? null : c.result().subscriptionId();
      });

  @ParameterizedTest(name = "{0} run, link paid right after {1} {2}")
  @CsvSource({
      "card,    GET, /v1/customers",
      "card,    GET, /v1/subscriptions",
      "card,    GET, /v1/checkout/sessions",
      "invoice, GET, /v1/customers",
      "invoice, GET, /v1/subscriptions",
      "invoice, GET, /v1/checkout/sessions",
      "collect, GET, /v1/customers",
      "collect, GET, /v1/subscriptions",
      "collect, GET, /v1/checkout/sessions",
  })
  void aLinkPaidWhileAnotherRunIsUnderWayEndsInOneSubscription(String kind, String method, String path) {
    CheckoutCollector.Collected open = new CheckoutCollector(helpers).start(jenny(null), SUCCESS, Duration.ofHours(1));
    String session = open.link().sessionId();
    AtomicBoolean paid = new AtomicBoolean();
    fake.onceAfter(method, path, () -> paid.set(fake.payIfOpen(session)));

    String reported = runs.get(kind).apply(helpers);

    assertThat(fake.count("subscription")).as("subscriptions, the link paid: " + paid.get() + "; " + progress)
        .isEqualTo(paid.get() ? 1 : (kind.equals("collect") ? 0 : 1));
    if (paid.get()) {
      String bySession = fake.get(session).get("subscription").getAsString();
      assertThat(reported).as(String.join("\n", progress)).isEqualTo(bySession);
      assertThat(fake.count("checkout.session")).as("no second link once paid").isEqualTo(1);
    } else {
      assertThat(fake.get(session).get("status").getAsString()).as("the old link is out of play").isEqualTo("expired");
    }
  }
}
