package dev.stripesetup.batch;

/** How one row ended in this invocation: one report line, one --json line. */
public record RowResult(long line, String email, RowStatus status, String customer, String subscription,
    String error) {}
