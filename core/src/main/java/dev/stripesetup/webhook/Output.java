package dev.stripesetup.webhook;

/** Where handling reports: the CLI's console, or a Lambda function's log. */
public interface Output {
  /** A payment failure: the one line (or one JSON object) a person acts on. */
  void failure(PaymentFailure failure);

  /** Everything else: other handled events, rejected deliveries, problems. */
  void note(String line);
}
