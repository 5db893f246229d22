package dev.stripesetup.batch;

/** Where a row stands, in the journal and (by its label) in the report. */
public enum RowStatus {
  /** Valid, not yet run (or interrupted before it finished). */
  PENDING("pending"),
  /** Being run now; after a crash this means the same as pending. */
  RUNNING("running"),
  /** A subscription was created for this row. */
  CREATED("created"),
  /** The customer already had a live subscription to this plan; nothing new was made. */
  REUSED("reused"),
  /** An earlier row has the same email and plan. */
  SKIPPED_DUPLICATE("skipped-duplicate"),
  /**
   * --collect checkout: the row's payment link is out, not paid yet (the report holds the link). Not
   * settled: a later run checks the link again and finds the subscription once it is paid.
   */
  AWAITING_PAYMENT("awaiting-payment"),
  /** Stripe refused or failed the row, or the first payment did not go through. */
  FAILED("failed"),
  /** The row's data is invalid; nothing was sent for it. */
  INVALID("invalid");

  private final String label;

  RowStatus(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Finished for good: a re-run does not touch it again. */
  public boolean settled() {
    return this == CREATED || this == REUSED || this == SKIPPED_DUPLICATE || this == INVALID;
  }

  public static RowStatus of(String label) {
    for (RowStatus s : values()) {
      if (s.label.equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown row status '" + label + "' in the journal");
  }
}
