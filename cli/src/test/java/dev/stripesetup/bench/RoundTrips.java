package dev.stripesetup.bench;

import dev.stripesetup.fake.FakeStripe.RecordedRequest;
import java.util.Comparator;
import java.util.List;

/**
 * Counts sequential round trips in a request log: the longest chain of requests where each one
 * started only after the previous one had finished. Concurrent requests overlap and count once.
 */
public final class RoundTrips {
  private RoundTrips() {}

  public static int critical(List<RecordedRequest> requests) {
    List<RecordedRequest> byStart = requests.stream()
        .sorted(Comparator.comparingLong(RecordedRequest::startNanos)).toList();
    int[] depth = new int[byStart.size()];
    int longest = 0;
    for (int i = 0; i < byStart.size(); i++) {
      depth[i] = 1;
      for (int j = 0; j < i; j++) {
        if (byStart.get(j).endNanos() <= byStart.get(i).startNanos()) {
          depth[i] = Math.max(depth[i], depth[j] + 1);
        }
      }
      longest = Math.max(longest, depth[i]);
    }
    return longest;
  }
}
