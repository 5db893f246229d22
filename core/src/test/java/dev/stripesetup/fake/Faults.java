package dev.stripesetup.fake;

import dev.stripesetup.fake.FakeStripe.Fault;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/** Decides which requests get a fault: explicit "next N matching" injections first, then seeded random ones. */
final class Faults {
  private static final class Injection {
    final Fault fault;
    final String method;
    final Pattern path;
    int remaining;

    Injection(Fault fault, String method, Pattern path, int remaining) {
      this.fault = fault;
      this.method = method;
      this.path = path;
      this.remaining = remaining;
    }
  }

  private final List<Injection> injections = new ArrayList<>();
  private Random random;
  private double probability;
  private Fault[] kinds = new Fault[0];
  private int injected;

  synchronized void inject(Fault fault, String method, String pathRegex, int times) {
    if (times > 0) injections.add(new Injection(fault, method, Pattern.compile(pathRegex), times));
  }

  synchronized void clear() {
    injections.clear();
    random = null;
    kinds = new Fault[0];
  }

  synchronized void setRandom(double probability, long seed, Fault... kinds) {
    this.probability = probability;
    this.random = new Random(seed);
    this.kinds = kinds.clone();
  }

  /** The fault for this request (consuming one injection), or null. Synchronized so seeded runs replay. */
  synchronized Fault pick(String method, String path) {
    for (Iterator<Injection> it = injections.iterator(); it.hasNext(); ) {
      Injection inj = it.next();
      if (inj.method.equalsIgnoreCase(method) && inj.path.matcher(path).matches()) {
        if (--inj.remaining <= 0) it.remove();
        injected++;
        return inj.fault;
      }
    }
    if (random != null && kinds.length > 0 && random.nextDouble() < probability) {
      injected++;
      return kinds[random.nextInt(kinds.length)];
    }
    return null;
  }

  synchronized int injected() {
    return injected;
  }
}
