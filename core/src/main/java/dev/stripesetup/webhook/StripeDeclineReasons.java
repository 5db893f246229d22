package dev.stripesetup.webhook;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.InvoicePayment;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.InvoicePaymentListParams;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * {@link DeclineReasons} read from the invoice's payments (since API 2025-03-31 an invoice links its
 * PaymentIntents through invoice_payments), within a time budget: the call gets the budget as its
 * connect and read timeouts, without stripe-java's retries, and the caller stops waiting when the
 * budget is spent whatever the HTTP client does (the tool's own retries of 429s included).
 */
final class StripeDeclineReasons implements DeclineReasons {
  /** Daemon threads: a look-up still running never keeps the process alive. */
  private static final ExecutorService CALLS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "decline-reason");
    t.setDaemon(true);
    return t;
  });

  private final StripeClient client;
  private final Consumer<String> log;
  private final Duration budget;
  private final RequestOptions options;

  StripeDeclineReasons(StripeClient client, Consumer<String> log, Duration budget) {
    this.client = client;
    this.log = log;
    this.budget = budget;
    int millis = (int) Math.max(1, budget.toMillis());
    this.options = RequestOptions.builder().setConnectTimeout(millis).setReadTimeout(millis).setMaxNetworkRetries(0).build();
  }

  @Override
  public String lookUp(String invoiceId) {
    if (invoiceId == null) {
      return null;
    }
    CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> read(invoiceId), CALLS);
    try {
      return call.get(budget.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.accept("could not read the decline reason of " + invoiceId + ": no answer within " + budget.toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      log.accept("could not read the decline reason of " + invoiceId + ": " + cause.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }

  private String read(String invoiceId) {
    try {
      for (InvoicePayment p : client.v1().invoicePayments().list(InvoicePaymentListParams.builder()
          .setInvoice(invoiceId).addExpand("data.payment.payment_intent").build(), options).getData()) {
        PaymentIntent pi = p.getPayment() == null ? null : p.getPayment().getPaymentIntentObject();
        if (pi != null && pi.getLastPaymentError() != null) {
          return DeclineReasons.describe(pi.getLastPaymentError());
        }
      }
      return null;
    } catch (StripeException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
