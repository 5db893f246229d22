package dev.stripesetup.webhook;

import dev.stripesetup.listen.FailureTable;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every field a webhook carries is the sender's text: printed raw, an escape sequence in it would
 * drive the operator's terminal (recolour, move the cursor, retitle the window) or a newline would
 * forge a second log line. `listen` and `failures` print them escaped.
 */
class PrintedFieldsTest {
  private static final String HOSTILE_EMAIL = "jenny\u001b[2J\u001b]0;pwned\u0007@example.com\nPayment failed: fake";

  private static PaymentFailure failure(String email, String reason) {
    return new PaymentFailure("evt_1", 1_790_000_000L, false, "in_1\r", "cus_1", email, "sub_1\u0000", 2000, "usd", 1,
        null, reason, "https://invoice.stripe.com/i/x\u009b31m", false);
  }

  private static void assertNoControlCharacters(String s) {
    assertThat(s.chars().filter(c -> Character.isISOControl(c) || c == '\u202e')).as(s).isEmpty();
  }

  @Test
  void theFailureLineEscapesControlCharactersInEveryField() {
    String line = failure(HOSTILE_EMAIL, "do_not_honor\u001b[31m: \u202eevil").line();
    assertNoControlCharacters(line);
    assertThat(line).contains("jenny\\u001b[2J\\u001b]0;pwned\\u0007@example.com\\nPayment failed: fake")
        .contains("do_not_honor\\u001b[31m").contains("\\u202e").contains("in_1\\r").contains("sub_1\\u0000")
        .contains("x\\u009b31m");
  }

  @Test
  void ordinaryTextIsUnchanged() {
    assertThat(Printable.escape("jenny@example.com, €15.00 EUR, Zoë Ångström")).isEqualTo("jenny@example.com, €15.00 EUR, Zoë Ångström");
    assertThat(Printable.escape(null)).isNull();
  }

  @Test
  void theFailuresTableEscapesEveryCell() {
    List<String> lines = FailureTable.lines(List.of(failure(HOSTILE_EMAIL, "generic_decline\u001b[0m")));
    assertThat(lines).hasSize(2);
    lines.forEach(PrintedFieldsTest::assertNoControlCharacters);
    assertThat(lines.get(0)).startsWith("WHEN (UTC)");
    assertThat(lines.get(1)).contains("jenny\\u001b[2J").contains("generic_decline\\u001b[0m");
  }

  @Test
  void notesAboutOtherEventsEscapeTheirFields() {
    RecordingOutput out = new RecordingOutput();
    EventHandling.report(new EventFacts("evt_2", "customer.subscription.updated", 1_790_000_000L,
        EventFacts.Kind.SUBSCRIPTION_UPDATED, "sub_2\u001b[1A", "cus_1", "active\nPayment failed: x", null, null, null),
        true, out);
    EventHandling.report(new EventFacts("evt_3", "invoice.paid", 1_790_000_000L, EventFacts.Kind.INVOICE_PAID,
        "sub_3", "cus_1", null, "in_3\u001b[K", "paid", null), true, out);
    assertThat(out.notes).hasSize(2);
    out.notes.forEach(PrintedFieldsTest::assertNoControlCharacters);
  }
}
