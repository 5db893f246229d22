package dev.stripesetup.operate;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Invoice;
import com.stripe.model.InvoiceLineItem;
import com.stripe.model.Price;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.param.InvoiceCreatePreviewParams;
import com.stripe.param.SubscriptionUpdateParams;
import dev.stripesetup.stripe.Money;
import java.util.List;

/**
 * Moves a one-item subscription to another price: first Stripe's own invoice preview of the change
 * ({@code POST /v1/invoices/create_preview}), then the update with the same proration date, so what
 * is billed is what was shown.
 */
public final class PlanChanger {
  /** Stripe's proration_behavior values (the constants' names are stripe-java's), with the tool's --proration words. */
  public enum Proration {
    CREATE_PRORATIONS("create"), NONE("none"), ALWAYS_INVOICE("invoice-now");

    private final String cli;

    Proration(String cli) {
      this.cli = cli;
    }

    /** Stripe's word: create_prorations, none, always_invoice. */
    public String api() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** create | none | invoice-now. */
    public static Proration fromCli(String value) {
      for (Proration p : values()) {
        if (p.cli.equals(value)) {
          return p;
        }
      }
      throw new IllegalArgumentException("'" + value + "' is not one of create|none|invoice-now");
    }
  }

  /**
   * Stripe's preview in minor units of currency: the credit for unused time (zero or negative), the
   * charge for the remaining time, and the invoice it lands on (now with invoice-now, else at
   * {@code invoiceDate}) with its total.
   */
  public record Preview(String currency, long credit, long charge, long invoiceTotal, Long invoiceDate,
      boolean invoicedNow, long prorationDate) {
    public String money(long minor) {
      return minor < 0 ? "-" + new Money(-minor, currency).format() : new Money(minor, currency).format();
    }
  }

  /** The one item being changed: refused before any preview when there are several. */
  public record Item(String subscriptionId, String itemId, Price price) {}

  private final StripeClient client;

  public PlanChanger(StripeClient client) {
    this.client = client;
  }

  public Subscription retrieve(String id) throws StripeException {
    return SubscriptionLookup.retrieve(client, id);
  }

  /** The item, or null when the subscription has other than exactly one. */
  public static Item onlyItem(Subscription s) {
    List<SubscriptionItem> items = s.getItems() == null ? List.of() : s.getItems().getData();
    return items.size() != 1 ? null : new Item(s.getId(), items.get(0).getId(), items.get(0).getPrice());
  }

  public Preview preview(Item item, String newPriceId, Proration proration, long at) throws StripeException {
    Invoice inv = client.v1().invoices().createPreview(InvoiceCreatePreviewParams.builder()
        .setSubscription(item.subscriptionId())
        .setSubscriptionDetails(InvoiceCreatePreviewParams.SubscriptionDetails.builder()
            .addItem(InvoiceCreatePreviewParams.SubscriptionDetails.Item.builder()
                .setId(item.itemId()).setPrice(newPriceId).build())
            .setProrationBehavior(InvoiceCreatePreviewParams.SubscriptionDetails.ProrationBehavior.valueOf(proration.name()))
            .setProrationDate(at)
            .build())
        .build());
    long credit = 0;
    long charge = 0;
    Long next = null;
    for (InvoiceLineItem line : inv.getLines().getData()) {
      if (proration(line)) {
        if (line.getAmount() < 0) {
          credit += line.getAmount();
        } else {
          charge += line.getAmount();
        }
      } else if (line.getPeriod() != null && next == null) {
        next = line.getPeriod().getStart(); // the renewal line starts when that invoice is made
      }
    }
    boolean now = proration == Proration.ALWAYS_INVOICE && next == null;
    return new Preview(inv.getCurrency(), credit, charge, inv.getTotal(), now ? null : next, now, at);
  }

  /**
   * The recommended test for a proration line since API 2025-03-31: its subscription item (or invoice
   * item) details say proration.
   */
  private static boolean proration(InvoiceLineItem line) {
    InvoiceLineItem.Parent p = line.getParent();
    if (p == null) {
      return false;
    }
    return (p.getSubscriptionItemDetails() != null && Boolean.TRUE.equals(p.getSubscriptionItemDetails().getProration()))
        || (p.getInvoiceItemDetails() != null && Boolean.TRUE.equals(p.getInvoiceItemDetails().getProration()));
  }

  /** The update, with the preview's proration date; returns the subscription as it is afterwards. */
  public Subscription change(Item item, String newPriceId, Proration proration, long at) throws StripeException {
    String key = OperateKeys.change(item.subscriptionId(), item.itemId(), item.price().getId(), newPriceId,
        proration.api(), at);
    Subscription s = client.v1().subscriptions().update(item.subscriptionId(), SubscriptionUpdateParams.builder()
        .addItem(SubscriptionUpdateParams.Item.builder().setId(item.itemId()).setPrice(newPriceId).build())
        .setProrationBehavior(SubscriptionUpdateParams.ProrationBehavior.valueOf(proration.name()))
        .setProrationDate(at)
        .addAllExpand(SubscriptionLookup.EXPAND).addExpand("customer")
        .build(), OperateKeys.options(key));
    return OperateKeys.replayed(s) ? retrieve(item.subscriptionId()) : s;
  }
}
