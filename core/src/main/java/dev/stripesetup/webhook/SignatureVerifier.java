package dev.stripesetup.webhook;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;

/**
 * Checks a delivery with stripe-java's {@link Webhook.Signature#verifyHeader}: HMAC-SHA256 of
 * {@code "<t>.<raw body>"} keyed by the whsec_ secret, constant-time compare, 5-minute tolerance
 * (applied here to timestamps in the future too). Only then is the body's nesting checked and the
 * event parsed.
 *
 * <p>stripe-java says only that verification failed, so on a failure (never on the accepted path)
 * the header is looked at again to say which of the {@link SignatureProblem}s it was.
 */
public final class SignatureVerifier {
  /** Stripe's default and recommended tolerance, in seconds. */
  public static final long TOLERANCE_SECONDS = Webhook.DEFAULT_TOLERANCE;
  /** A Stripe event nests about a dozen levels; far more is not one. */
  public static final int MAX_JSON_DEPTH = 64;

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
      Webhook.Signature.verifyHeader(payload, signatureHeader, secret.reveal(), TOLERANCE_SECONDS);
    } catch (SignatureVerificationException e) {
      return refused(classify(payload, signatureHeader));
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      // stripe-java parses t= with Long.parseLong and splits items on '=' without checking.
      return refused(SignatureProblem.MALFORMED_HEADER);
    }
    // stripe-java checks only that a timestamp is not too old; a signature dated ahead would stay
    // replayable for as long as it is ahead. The tolerance applies both ways.
    if (timestamp(signatureHeader) > Webhook.Util.getTimeNow() + TOLERANCE_SECONDS) {
      return refused(SignatureProblem.FUTURE_TIMESTAMP);
    }
    // Gson parses recursively: a signed body nested thousands deep would overflow the stack.
    if (JsonDepth.exceeds(payload, MAX_JSON_DEPTH)) {
      return refused(SignatureProblem.JSON_TOO_DEEP);
    }
    try {
      Event event = Webhook.constructEventWithoutVerification(payload);
      if (event == null || !isEventId(event.getId()) || event.getType() == null) {
        return refused(SignatureProblem.NOT_AN_EVENT);
      }
      return new Verification(event, null);
    } catch (RuntimeException e) {
      // Signature fine, body not JSON (JsonSyntaxException) or not a v1 event (IllegalArgumentException).
      return refused(SignatureProblem.NOT_AN_EVENT);
    }
  }

  /**
   * An event ID is the journal's key and is printed: an empty one, or one with spaces or control
   * characters, is not one Stripe sends.
   */
  private static boolean isEventId(String id) {
    if (id == null || id.isEmpty()) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      if (id.charAt(i) <= ' ' || id.charAt(i) >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  /**
   * The latest t= in a header stripe-java has accepted: with several, whichever it checked, the
   * latest is the one that must not be in the future.
   */
  private static long timestamp(String header) {
    long latest = -1;
    for (String item : header.split(",", -1)) {
      String[] kv = item.strip().split("=", 2);
      if (kv.length == 2 && kv[0].equals("t")) {
        try {
          latest = Math.max(latest, Long.parseLong(kv[1].strip()));
        } catch (NumberFormatException e) {
          // Not the one stripe-java read.
        }
      }
    }
    return latest;
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
      return t > Webhook.Util.getTimeNow() ? SignatureProblem.FUTURE_TIMESTAMP : SignatureProblem.STALE_TIMESTAMP;
    } catch (SignatureVerificationException | RuntimeException e) {
      return SignatureProblem.SIGNATURE_MISMATCH;
    }
  }
}
