package dev.stripesetup.operate;

import java.util.Comparator;
import java.util.List;

/** Everything cleanup found for a filter, in the order it will act. */
public record CleanupPlan(CleanupFilter filter, List<CleanupItem> items) {

  public CleanupPlan {
    items = items.stream().sorted(Comparator.comparing(CleanupItem::kind)).toList();
  }

  public List<CleanupItem> toDo() {
    return with(CleanupItem.Action.ACT);
  }

  public List<CleanupItem> with(CleanupItem.Action action) {
    return items.stream().filter(i -> i.action() == action).toList();
  }

  public long count(CleanupItem.Kind kind, CleanupItem.Action action) {
    return items.stream().filter(i -> i.kind() == kind && i.action() == action).count();
  }

  /** "cancel 2 subscriptions, delete 1 customer, archive 1 price and 1 product". */
  public String summary(CleanupItem.Action action) {
    StringBuilder b = new StringBuilder();
    List<CleanupItem.Kind> kinds = List.of(CleanupItem.Kind.values());
    List<String> parts = new java.util.ArrayList<>();
    for (CleanupItem.Kind k : kinds) {
      long n = count(k, action);
      if (n > 0) {
        parts.add((action == CleanupItem.Action.ALREADY_DONE ? "" : k.verb() + " ") + n + " " + k.noun()
            + (n == 1 ? "" : "s") + (action == CleanupItem.Action.ALREADY_DONE ? " " + k.done() : ""));
      }
    }
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        b.append(i == parts.size() - 1 ? " and " : ", ");
      }
      b.append(parts.get(i));
    }
    return b.toString();
  }
}
