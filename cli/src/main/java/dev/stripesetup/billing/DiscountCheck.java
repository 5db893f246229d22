package dev.stripesetup.billing;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Coupon;
import com.stripe.model.PromotionCode;
import com.stripe.param.CouponRetrieveParams;
import com.stripe.param.PromotionCodeListParams;
import dev.stripesetup.stripe.Money;
import java.util.List;
import java.util.Locale;

/**
 * Whether the --coupon or --promotion-code of a request can be used, checked in the first look-up
 * round of every path (card, Checkout, invoice, batch, simulate), so a mistyped or spent discount
 * stops the run before the customer or anything else is created. A promotion code is what a
 * customer types; Stripe's subscription and Checkout take its promo_ ID, found here.
 */
public final class DiscountCheck {
  private final StripeClient client;

  public DiscountCheck(StripeClient client) {
    this.client = client;
  }

  /**
   * A usable discount: exactly one of {@code couponId} and {@code promotionCodeId} is set.
   *
   * @param words "coupon SUMMER (20% off, 3 months)", for the summary
   */
  public record Applied(String couponId, String promotionCodeId, String words) {
    /** The ID that goes into the subscription's params (and so its idempotency key). */
    public String id() {
      return promotionCodeId != null ? promotionCodeId : couponId;
    }
  }

  /**
   * For --dry-run, which sends nothing: the discount as the create would carry it, a promotion
   * code's promo_ ID shown as a placeholder; null for none.
   */
  public static Applied planned(SetupRequest.Discount d) {
    if (d == null) {
      return null;
    }
    return d.promotionCode() ? new Applied(null, "{promotion_code_id}", "promotion code " + d.value())
        : new Applied(d.value(), null, "coupon " + d.value());
  }

  /** The look-up {@link #check} makes for a promotion code (the dry run prints it). */
  public static PromotionCodeListParams findPromotionCode(String code) {
    return PromotionCodeListParams.builder().setCode(code).setActive(true).setLimit(1L).build();
  }

  /** The request's discount, checked; null when it asks for none. */
  public Applied check(SetupRequest request) throws StripeException {
    SetupRequest.Discount d = request.discount();
    if (d == null) {
      return null;
    }
    if (!d.promotionCode()) {
      Coupon c = couponOrNull(d.value());
      if (c == null) {
        throw new InvalidInputException("coupon", "no coupon '" + d.value() + "' on this account (test and live "
            + "mode have separate coupons)");
      }
      if (!Boolean.TRUE.equals(c.getValid())) {
        throw new InvalidInputException("coupon", "coupon '" + d.value() + "' is no longer valid (expired or "
            + "fully redeemed)");
      }
      checkCurrency(request, c, "coupon");
      return new Applied(c.getId(), null, "coupon " + c.getId() + " (" + terms(c) + ")");
    }
    List<PromotionCode> found = client.v1().promotionCodes().list(findPromotionCode(d.value())).getData();
    if (found.isEmpty()) {
      throw new InvalidInputException("promotion-code", "no active promotion code '" + d.value() + "' on this "
          + "account (unknown, expired, or deactivated)");
    }
    PromotionCode code = found.get(0);
    Coupon c = couponOf(code);
    if (c != null && !Boolean.TRUE.equals(c.getValid())) {
      throw new InvalidInputException("promotion-code", "promotion code '" + d.value() + "' is for coupon "
          + c.getId() + ", which is no longer valid");
    }
    if (c != null) {
      checkCurrency(request, c, "promotion-code");
    }
    return new Applied(null, code.getId(), "promotion code " + code.getCode() + " " + code.getId()
        + (c == null ? "" : " (" + terms(c) + ")"));
  }

  /**
   * An amount_off coupon is in one currency; Stripe refuses it on a subscription in another, which
   * would come after the customer was made. (With --price the currency is the price's; not checked.)
   */
  private static void checkCurrency(SetupRequest request, Coupon c, String flag) {
    if (c.getAmountOff() != null && c.getCurrency() != null && request.amount() != null
        && !c.getCurrency().equalsIgnoreCase(request.amount().currency())) {
      throw new InvalidInputException(flag, "coupon " + c.getId() + " takes " + terms(c) + " in "
          + c.getCurrency().toUpperCase(Locale.ROOT) + ", but the plan is in "
          + request.amount().currency().toUpperCase(Locale.ROOT));
    }
  }

  private Coupon couponOf(PromotionCode code) throws StripeException {
    PromotionCode.Promotion p = code.getPromotion();
    if (p == null || p.getCoupon() == null) {
      return null;
    }
    return p.getCouponObject() != null ? p.getCouponObject() : couponOrNull(p.getCoupon());
  }

  private Coupon couponOrNull(String id) throws StripeException {
    try {
      return client.v1().coupons().retrieve(id, CouponRetrieveParams.builder().build());
    } catch (InvalidRequestException e) {
      if ("resource_missing".equals(e.getCode()) || Integer.valueOf(404).equals(e.getStatusCode())) {
        return null;
      }
      throw e;
    }
  }

  /** "20% off, 3 months", "$5.00 USD off, once", "10% off, forever". */
  static String terms(Coupon c) {
    String off;
    if (c.getPercentOff() != null) {
      off = c.getPercentOff().stripTrailingZeros().toPlainString() + "% off";
    } else if (c.getAmountOff() != null && c.getCurrency() != null) {
      off = new Money(c.getAmountOff(), c.getCurrency().toLowerCase(Locale.ROOT)).format() + " off";
    } else {
      off = "discount";
    }
    String duration = c.getDuration() == null ? "" : switch (c.getDuration()) {
      case "repeating" -> c.getDurationInMonths() == null ? "repeating"
          : c.getDurationInMonths() + (c.getDurationInMonths() == 1 ? " month" : " months");
      default -> c.getDuration().toLowerCase(Locale.ROOT);
    };
    return duration.isEmpty() ? off : off + ", " + duration;
  }
}
