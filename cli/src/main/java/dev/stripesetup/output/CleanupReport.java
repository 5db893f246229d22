package dev.stripesetup.output;

import dev.stripesetup.operate.CleanupItem;
import dev.stripesetup.operate.CleanupItem.Action;
import dev.stripesetup.operate.CleanupPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What cleanup found and did: one line per object on stdout, or one JSON document at the end. */
public final class CleanupReport {
  private CleanupReport() {}

  /** Before asking: each object to change or keep, and a count of what was already done. */
  public static void list(Console console, CleanupPlan plan, boolean dryRun) {
    if (console.json()) {
      return;
    }
    if (plan.items().isEmpty()) {
      console.result("Nothing found (" + plan.filter().describe() + ")");
      return;
    }
    console.result((dryRun ? "Dry run: nothing will be changed. " : "") + "Found (" + plan.filter().describe()
        + "), test mode:");
    for (CleanupItem i : plan.items()) {
      if (i.action() == Action.ALREADY_DONE) {
        continue;
      }
      String verb = i.action() == Action.ACT ? i.kind().verb() : "keep";
      String what = Character.toUpperCase(verb.charAt(0)) + verb.substring(1) + " " + i.kind().noun();
      console.result(String.format("  %-21s %s  (%s)%s", what, i.id(), i.label(),
          i.note() != null ? "  " + i.note() : ""));
    }
    String already = plan.summary(Action.ALREADY_DONE);
    if (!already.isEmpty()) {
      console.result("  Already done: " + already);
    }
  }

  /** The closing line, or under --json the whole document. changed: how many objects were changed. */
  public static void done(Console console, CleanupPlan plan, boolean dryRun, int changed) {
    if (console.json()) {
      console.printJson(json(plan, dryRun, changed));
      return;
    }
    if (dryRun) {
      console.result(plan.toDo().isEmpty() ? "Dry run: nothing to clean up"
          : "Dry run: would " + plan.summary(Action.ACT) + "; nothing was changed");
    } else if (plan.toDo().isEmpty()) {
      console.result("Nothing to clean up");
    } else {
      console.result("Cleaned up: " + plan.summary(Action.ACT).replace("cancel ", "canceled ")
          .replace("delete ", "deleted ").replace("archive ", "archived "));
    }
  }

  private static Map<String, Object> json(CleanupPlan plan, boolean dryRun, int changed) {
    Map<String, Object> m = JsonResult.of(0);
    m.put("dry_run", dryRun);
    m.put("livemode", false);
    Map<String, Object> filter = new LinkedHashMap<>();
    filter.put("run", plan.filter().run());
    filter.put("email", plan.filter().email());
    m.put("filter", filter);
    m.put("changed", changed);
    List<Map<String, Object>> items = new ArrayList<>();
    for (CleanupItem i : plan.items()) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("type", i.kind().noun());
      o.put("id", i.id());
      o.put("description", i.label());
      o.put("action", switch (i.action()) {
        case ACT -> i.kind().verb();
        case ALREADY_DONE -> "already_" + i.kind().done();
        case KEEP -> "keep";
      });
      o.put("done", i.action() == Action.ALREADY_DONE || (i.action() == Action.ACT && !dryRun));
      o.put("note", i.note());
      items.add(o);
    }
    m.put("objects", items);
    return m;
  }
}
