package dev.stripesetup.operate;

/** One object cleanup found, and what it will do with it. */
public record CleanupItem(Kind kind, String id, String label, Action action, String note) {

  /** In the order cleanup handles them: subscriptions before their customers, prices before products. */
  public enum Kind {
    /** An open link of the tool: expired first, so that nothing selected can still be paid for. */
    CHECKOUT_LINK("Checkout link", "expire", "expired"),
    SUBSCRIPTION("subscription", "cancel", "canceled"),
    CUSTOMER("customer", "delete", "deleted"),
    PRICE("price", "archive", "archived"),
    PRODUCT("product", "archive", "archived"),
    /** A simulation's clock (see simulate); deleting it deletes its customers and their subscriptions. */
    TEST_CLOCK("test clock", "delete", "deleted");

    private final String noun;
    private final String verb;
    private final String done;

    Kind(String noun, String verb, String done) {
      this.noun = noun;
      this.verb = verb;
      this.done = done;
    }

    public String noun() {
      return noun;
    }

    /** cancel, delete, archive: also the last part of the idempotency key. */
    public String verb() {
      return verb;
    }

    public String done() {
      return done;
    }
  }

  /** ACT: will be changed; ALREADY_DONE: a previous cleanup (or someone) did it; KEEP: left alone, see note. */
  public enum Action { ACT, ALREADY_DONE, KEEP }
}
