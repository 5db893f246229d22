package dev.stripesetup.simulate;

import java.util.List;

/**
 * The outcome of a simulation: one row per billing period as it stood just before the period ended,
 * then every invoice's final state and the subscription's final status.
 */
public record Timeline(
    String simulationId,
    String clockId,
    boolean clockKept,
    String customerId,
    String subscriptionId,
    String priceId,
    String plan,
    String currency,
    Integer failFrom,
    Integer recoverAt,
    List<Period> periods,
    List<InvoiceState> invoices,
    String finalStatus) {

  /**
   * One billing period.
   *
   * @param result paid, failed (attempted and still open), pending (not attempted yet), none (no invoice)
   * @param nextRetry when Stripe will try again, or null
   * @param note what the simulation did before this period (switched the card), or null
   * @param earlierRun true when an interrupted earlier run advanced past this period: the row shows
   *     the invoice as it is now, not as it was then
   */
  public record Period(int number, long start, long end, String invoiceId, Long amount, String result,
      long attempts, Long nextRetry, String subscriptionStatus, String note, boolean earlierRun) {}

  /** An invoice as it ended up: status paid/open/draft/void/uncollectible. */
  public record InvoiceState(String id, int period, long amount, String status, long attempts, Long paidAt) {}
}
