package dev.stripesetup.webhook;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects what handling reported. */
public final class RecordingOutput implements Output {
  public final List<PaymentFailure> failures = new CopyOnWriteArrayList<>();
  public final List<String> notes = new CopyOnWriteArrayList<>();

  @Override
  public void failure(PaymentFailure failure) {
    failures.add(failure);
  }

  @Override
  public void note(String line) {
    notes.add(line);
  }

  public String all() {
    StringBuilder b = new StringBuilder();
    failures.forEach(f -> b.append(f.line()).append('\n'));
    notes.forEach(n -> b.append(n).append('\n'));
    return b.toString();
  }
}
