package dev.stripesetup.billing;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.StripeCollection;
import com.stripe.model.StripeSearchResult;
import com.stripe.param.CustomerListParams;
import com.stripe.param.CustomerSearchParams;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Finds the customers of several emails at once, whatever their capitals, for a batch: the same
 * answer {@link CustomerResolution#withEmail} gives one email, in about two requests per
 * {@value #EMAILS_PER_QUERY} emails instead of three per email.
 *
 * <ul>
 *   <li>One Search API query, {@code email:"a" OR email:"b" ...} (Stripe allows up to 10 clauses):
 *       case-insensitive, but it lags writes by up to about a minute.
 *   <li>Covering the lag: the customers created since the last look-up (with an overlap), from
 *       {@code GET /v1/customers?created[gte]=...}, which is consistent; kept for {@link #LAG_SECONDS}
 *       after their creation and matched here case-insensitively. The first look-up lists those
 *       created in the last {@link #LAG_SECONDS}. In a batch this list is mostly the batch's own new
 *       customers, so it is about one page per look-up.
 * </ul>
 *
 * <p>Both go out together (one round). Search answering 404 (a region or server without it) makes
 * {@link #lookUp} return null: the rows are then looked up one by one, as the single command does.
 * Not covered, as by the single command's exact-case lists only partly: a customer created long ago
 * whose email was changed to this one within the last minute, with other capitals.
 */
public final class SharedCustomerLookup {
  /** Stripe's limit on OR-ed clauses in one search query. */
  public static final int EMAILS_PER_QUERY = 10;
  /** How long after its creation a customer may still be missing from search (about a minute; 3x). */
  static final long LAG_SECONDS = 180;
  /** Overlap of successive "created since" lists: a create committed just after a list is still seen. */
  static final long OVERLAP_SECONDS = 5;

  private final StripeClient client;
  private final Executor pool;
  private final List<String> expand;
  /** Customers created recently (by ID), as listed; pruned by creation time. */
  private final Map<String, Customer> recent = new ConcurrentHashMap<>();
  /** The next list starts here (Stripe's seconds): see {@link #nextSince}. */
  private Long since;
  private volatile boolean searchMissing;

  /** The rows' look-up as the chain makes it (see {@link CustomerResolution.Lookup#WITH_DEFAULT_CARD}). */
  public SharedCustomerLookup(StripeClient client, Executor pool) {
    this.client = client;
    this.pool = pool;
    this.expand = CustomerResolution.Lookup.WITH_DEFAULT_CARD.expand();
  }

  /**
   * What one look-up found: each email's customers (lower-cased email as key; an email without any
   * maps to an empty list), and when the look-up started, for {@code EmailLock#quietSince}.
   */
  public record Found(long startedMillis, Map<String, List<Customer>> byEmail) {
    /** The customers with this email (any capitals), or null when it was not looked up. */
    public List<Customer> of(String email) {
      return byEmail.get(email.strip().toLowerCase(Locale.ROOT));
    }
  }

  /**
   * The customers of up to {@value #EMAILS_PER_QUERY} emails (no test clock's), or null when search
   * is not available here. Calls are made one look-up at a time (the "since" moves forward).
   */
  public synchronized Found lookUp(Collection<String> emails) throws StripeException {
    if (emails.size() > EMAILS_PER_QUERY) {
      throw new IllegalArgumentException("at most " + EMAILS_PER_QUERY + " emails per search, not " + emails.size());
    }
    if (searchMissing || emails.isEmpty()) {
      return null;
    }
    long started = System.currentTimeMillis();
    Set<String> wanted = emails.stream().map(e -> e.strip().toLowerCase(Locale.ROOT))
        .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new));
    CompletableFuture<List<Customer>> searched = Concurrently.start(pool, () -> search(wanted));
    CompletableFuture<Listed> created = Concurrently.start(pool, () -> createdSince(started));
    List<Customer> hits;
    try {
      hits = Concurrently.join(searched);
    } catch (InvalidRequestException e) {
      if (e.getStatusCode() == null || e.getStatusCode() != 404) {
        throw e;
      }
      searchMissing = true;
      return null;
    }
    remember(Concurrently.join(created));
    Map<String, Map<String, Customer>> byEmail = new LinkedHashMap<>();
    wanted.forEach(e -> byEmail.put(e, new LinkedHashMap<>()));
    List<Customer> all = new ArrayList<>(hits);
    all.addAll(recent.values());
    for (Customer c : all) {
      if (c.getEmail() == null || c.getTestClock() != null || Boolean.TRUE.equals(c.getDeleted())) {
        continue;
      }
      Map<String, Customer> same = byEmail.get(c.getEmail().strip().toLowerCase(Locale.ROOT));
      if (same != null) {
        same.putIfAbsent(c.getId(), c);
      }
    }
    Map<String, List<Customer>> out = new LinkedHashMap<>();
    byEmail.forEach((e, m) -> out.put(e, List.copyOf(m.values())));
    return new Found(started, out);
  }

  /** One query for every email; search matches words, so the caller keeps only equal emails. */
  private List<Customer> search(Set<String> emails) throws StripeException {
    String query = String.join(" OR ",
        emails.stream().map(e -> "email:\"" + CustomerResolution.quoted(e) + "\"").toList());
    CustomerSearchParams.Builder b = CustomerSearchParams.builder().setQuery(query).setLimit(100L);
    expand.forEach(x -> b.addExpand("data." + x));
    StripeSearchResult<Customer> page = client.v1().customers().search(b.build());
    List<Customer> found = new ArrayList<>();
    page.autoPagingIterable().forEach(found::add);
    return found;
  }

  /**
   * What one "created since" list gave, the second its first page was answered (null: no Date
   * header), and this machine's second when the last page came.
   */
  private record Listed(List<Customer> customers, Long answeredAt, long localSeconds) {}

  /** Customers created since the last look-up (the first time: in the last {@link #LAG_SECONDS}). */
  private Listed createdSince(long nowMillis) throws StripeException {
    long from = since != null ? since : nowMillis / 1000 - LAG_SECONDS;
    CustomerListParams.Builder b = CustomerListParams.builder()
        .setCreated(CustomerListParams.Created.builder().setGte(from).build()).setLimit(100L);
    expand.forEach(x -> b.addExpand("data." + x));
    List<Customer> out = new ArrayList<>();
    StripeCollection<Customer> first = client.v1().customers().list(b.build());
    first.autoPagingIterable().forEach(out::add);
    return new Listed(out, answeredAt(first), System.currentTimeMillis() / 1000);
  }

  /** The Date header of the list's first page, in Stripe's seconds; null when missing or unreadable. */
  private static Long answeredAt(StripeCollection<Customer> page) {
    try {
      Instant date = page.getLastResponse() == null ? null : page.getLastResponse().date();
      return date == null ? null : date.getEpochSecond();
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** Keeps what the list gave, and moves the next list's start ({@link #nextSince}). */
  private void remember(Listed listed) {
    List<Long> created = new ArrayList<>();
    for (Customer c : listed.customers()) {
      recent.put(c.getId(), c);
      if (c.getCreated() != null) {
        created.add(c.getCreated());
      }
    }
    Long next = nextSince(since, created, listed.answeredAt(), listed.localSeconds());
    if (next != null) {
      since = next;
      long keepFrom = next + OVERLAP_SECONDS - LAG_SECONDS;
      recent.values().removeIf(c -> c.getCreated() != null && c.getCreated() < keepFrom);
    }
  }

  /**
   * Where the next "created since" list starts: the later of the newest creation seen and the
   * second Stripe answered this list (less one, its Date header is cut to the second), minus the
   * overlap. Both are Stripe's clock, so a skewed local clock opens no gap. A customer created after
   * the list ran is newer than both, so the next list has it; one created just before and committed
   * just after is within the overlap. Without the answer's second, a list that finds nothing new
   * would start again at the same place every time, and list again each customer made in the
   * overlap before it (a burst of them: pages each look-up). The answer's second is capped by this
   * machine's clock ({@code localSeconds}): a proxy that stamps its own Date ahead of Stripe's must
   * not move the list past customers it has not seen; moving less only costs a page. Null: nothing
   * to go on yet.
   */
  static Long nextSince(Long since, List<Long> createdSeconds, Long answeredAt, long localSeconds) {
    long newest = since != null ? since + OVERLAP_SECONDS : Long.MIN_VALUE;
    for (long c : createdSeconds) {
      newest = Math.max(newest, c);
    }
    if (answeredAt != null) {
      newest = Math.max(newest, Math.min(answeredAt, localSeconds) - 1);
    }
    return newest == Long.MIN_VALUE ? null : newest - OVERLAP_SECONDS;
  }
}
