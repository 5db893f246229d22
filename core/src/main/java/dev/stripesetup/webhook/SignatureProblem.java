package dev.stripesetup.webhook;

/**
 * Why a delivery's signature was refused. Which one it was is the usual support question ("is my
 * secret wrong, or is my clock off?"), so the log says it; every one of them gets a 400.
 */
public enum SignatureProblem {
  MISSING_HEADER("missing Stripe-Signature header (not sent by Stripe, or stripped by a proxy)"),
  MALFORMED_HEADER("malformed Stripe-Signature header (expected t=<unix time>,v1=<hex signature>)"),
  SIGNATURE_MISMATCH("no v1 signature matches: wrong " + WebhookSecret.NAME
      + " (each endpoint and each `stripe listen` session has its own whsec_), or the body was changed on the way"),
  STALE_TIMESTAMP("signature timestamp is older than the 5-minute tolerance (a replayed delivery, or this machine's clock is off)"),
  FUTURE_TIMESTAMP("signature timestamp is more than 5 minutes in the future (this machine's clock is behind, or the timestamp was forged)"),
  JSON_TOO_DEEP("the signed body nests deeper than " + SignatureVerifier.MAX_JSON_DEPTH + " levels: not a Stripe event"),
  NOT_AN_EVENT("the signed body is not a Stripe event (not JSON, or no event id or type)");

  private final String explanation;

  SignatureProblem(String explanation) {
    this.explanation = explanation;
  }

  public String explanation() {
    return explanation;
  }

  /** The short code used in responses and JSON logs: missing_header, signature_mismatch, ... */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
