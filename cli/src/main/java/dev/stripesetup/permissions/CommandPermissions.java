package dev.stripesetup.permissions;

import static dev.stripesetup.permissions.ApiCalls.CHECKOUT_SESSIONS;
import static dev.stripesetup.permissions.ApiCalls.COUPONS;
import static dev.stripesetup.permissions.ApiCalls.PROMOTION_CODES;
import static dev.stripesetup.permissions.ApiCalls.CUSTOMERS;
import static dev.stripesetup.permissions.ApiCalls.INVOICES;
import static dev.stripesetup.permissions.ApiCalls.PAYMENT_INTENTS;
import static dev.stripesetup.permissions.ApiCalls.PAYMENT_METHODS;
import static dev.stripesetup.permissions.ApiCalls.PRICES;
import static dev.stripesetup.permissions.ApiCalls.PRODUCTS;
import static dev.stripesetup.permissions.ApiCalls.SUBSCRIPTIONS;
import static dev.stripesetup.permissions.ApiCalls.TEST_CLOCKS;
import static dev.stripesetup.permissions.Permission.read;
import static dev.stripesetup.permissions.Permission.write;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one table of what each command needs on a restricted key ({@code rk_...}), for
 * {@code stripe-setup permissions}. CommandPermissionsTest runs every command against the test
 * server and checks that each row equals what the command's calls needed (see {@link ApiCalls}):
 * a call added to a command without its row changing fails that test.
 */
public final class CommandPermissions {
  /** One row: a command, which way of running it (null: the only one), and what to tick. */
  public record Row(String command, String variant, Set<Permission> permissions) {
    Row(String command, String variant, Permission... permissions) {
      this(command, variant, ApiCalls.collapse(List.of(permissions)));
    }

    /** "setup --collect checkout", or just the command. */
    public String title() {
      return variant == null ? command : command + " " + variant;
    }
  }

  /** Every way of running the tool that talks to Stripe, and the commands that do not (nothing to tick). */
  public static final List<Row> ROWS = List.of(
      // Finds or creates customer and price, makes and attaches the card, looks for live
      // subscriptions and this plan's open Checkout links (expired before subscribing), subscribes.
      new Row("setup", "(a card: --test-card or --payment-method)", write(CUSTOMERS), write(PAYMENT_METHODS),
          write(PRICES), write(PRODUCTS), write(SUBSCRIPTIONS), read(INVOICES), read(PAYMENT_INTENTS),
          write(CHECKOUT_SESSIONS)),
      // A paid link's subscription is read with its invoice and card, for the summary.
      new Row("setup", "--collect checkout", write(CUSTOMERS), write(PRICES), write(PRODUCTS), read(SUBSCRIPTIONS),
          read(INVOICES), read(PAYMENT_METHODS), write(CHECKOUT_SESSIONS)),
      new Row("setup", "--collect invoice", write(CUSTOMERS), write(PRICES), write(PRODUCTS), write(SUBSCRIPTIONS),
          read(INVOICES), read(PAYMENT_METHODS), write(CHECKOUT_SESSIONS)),
      // The card row with a discount: the coupon or promotion code is read first (any way of collecting
      // needs these two reads on top of its own row; batch rows with a discount column too).
      new Row("setup", "--coupon or --promotion-code (a card)", write(CUSTOMERS), write(PAYMENT_METHODS),
          write(PRICES), write(PRODUCTS), write(SUBSCRIPTIONS), read(INVOICES), read(PAYMENT_INTENTS),
          write(CHECKOUT_SESSIONS), read(COUPONS), read(PROMOTION_CODES)),
      // Rows are runs of the setup rows above (a collect column picks the way).
      new Row("batch", null, write(CUSTOMERS), write(PAYMENT_METHODS), write(PRICES), write(PRODUCTS),
          write(SUBSCRIPTIONS), read(INVOICES), read(PAYMENT_INTENTS), write(CHECKOUT_SESSIONS)),
      new Row("status", null, read(CUSTOMERS), read(SUBSCRIPTIONS), read(INVOICES), read(PAYMENT_METHODS),
          read(CHECKOUT_SESSIONS)),
      // The subscription is shown (customer, card, latest invoice) before it is cancelled.
      new Row("cancel", null, write(SUBSCRIPTIONS), read(CUSTOMERS), read(INVOICES), read(PAYMENT_METHODS)),
      // Open Checkout links of the tool are expired first, so none stays payable.
      new Row("cleanup", null, write(CUSTOMERS), write(SUBSCRIPTIONS), write(PRICES), write(PRODUCTS),
          write(TEST_CLOCKS), write(CHECKOUT_SESSIONS)),
      new Row("simulate", null, write(CUSTOMERS), write(PAYMENT_METHODS), write(PRICES), write(PRODUCTS),
          write(SUBSCRIPTIONS), write(INVOICES), write(TEST_CLOCKS)),
      // Only to show decline reasons; without a key it prints what the event carries.
      new Row("listen", null, read(INVOICES), read(PAYMENT_INTENTS)),
      new Row("failures", null),
      // One read to check the key before storing it.
      new Row("login", null, read(CUSTOMERS)),
      new Row("logout", null),
      new Row("config", null));

  private CommandPermissions() {}

  /** The rows of a command ("setup" has three), or an empty list for a name not in the table. */
  public static List<Row> of(String command) {
    return ROWS.stream().filter(r -> r.command().equals(command)).toList();
  }

  /** The command names, in table order. */
  public static Set<String> commands() {
    Set<String> names = new java.util.LinkedHashSet<>();
    ROWS.forEach(r -> names.add(r.command()));
    return names;
  }

  /** Everything any command needs: one key for every command of the tool. */
  public static Set<Permission> all() {
    Set<Permission> every = new TreeSet<>();
    ROWS.forEach(r -> every.addAll(r.permissions()));
    return ApiCalls.collapse(every);
  }
}
