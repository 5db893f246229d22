package dev.stripesetup.webhook;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;

/**
 * Checks a delivery with stripe-java's {@link Webhook#constructEvent}: HMAC-SHA256 of
 * {@code "<t>.<raw body>"} keyed by the whsec_ secret, constant-time compare, 5-minute tolerance.
 *
 * <p>stripe-java says only that verification failed, so on a failure (never on the accepted path)
 * the header is looked at again to say which of the {@link SignatureProblem}s it was.
 */
public final class SignatureVerifier {
  /** Stripe's default and recommended tolerance, in seconds. */
  public static final long TOLERANCE_SECONDS = Webhook.DEFAULT_TOLERANCE;

  private final WebhookSecret secret;

  public SignatureVerifier(WebhookSecret secret) {
    this.secret = secret;
  }

  /** The outcome: an event, or the reason it was refused. */
  public record Verification(Event event, SignatureProblem problem) {
    public boolean ok() {
      return event != null;
    }
  }

  public Verification verify(String payload, String signatureHeader) {
    if (signatureHeader == null || signatureHeader.isBlank()) {
      return refused(SignatureProblem.MISSING_HEADER);
    }
    try {
      Event event = Webhook.constructEvent(payload, signatureHeader, secret.reveal(), TOLERANCE_SECONDS);
      if (event == null || event.getId() == null || event.getType() == null) {
        return refused(SignatureProblem.NOT_AN_EVENT);
      }
      return new Verification(event, null);
    } catch (SignatureVerificationException e) {
      return refused(classify(payload, signatureHeader));
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      // stripe-java parses t= with Long.parseLong and splits items on '=' without checking.
      return refused(SignatureProblem.MALFORMED_HEADER);
    } catch (RuntimeException e) {
      // Signature fine, body not JSON (JsonSyntaxException) or not a v1 event (IllegalArgumentException).
      return refused(SignatureProblem.NOT_AN_EVENT);
    }
  }

  private static Verification refused(SignatureProblem p) {
    return new Verification(null, p);
  }

  /**
   * Which check failed. stripe-java compares signatures before the timestamp, so "stale" is told
   * apart from "wrong secret" by asking it again with the tolerance off: a signature that matches
   * then was only too old.
   */
  private SignatureProblem classify(String payload, String header) {
    long t = -1;
    boolean hasV1 = false;
    for (String item : header.split(",", -1)) {
      String[] kv = item.strip().split("=", 2);
      if (kv.length != 2) {
        continue;
      }
      if (kv[0].equals("t")) {
        try {
          t = Long.parseLong(kv[1]);
        } catch (NumberFormatException e) {
          return SignatureProblem.MALFORMED_HEADER;
        }
      } else if (kv[0].equals(Webhook.Signature.EXPECTED_SCHEME) && !kv[1].isEmpty()) {
        hasV1 = true;
      }
    }
    if (t <= 0 || !hasV1) {
      return SignatureProblem.MALFORMED_HEADER;
    }
    try {
      Webhook.Signature.verifyHeader(payload, header, secret.reveal(), 0);
      return SignatureProblem.STALE_TIMESTAMP;
    } catch (SignatureVerificationException | RuntimeException e) {
      return SignatureProblem.SIGNATURE_MISMATCH;
    }
  }
}
