package dev.stripesetup.listen;

import dev.stripesetup.webhook.EventInbox;

/**
 * The listen server's inbox: each verified delivery recorded in the {@link EventJournal} (synced),
 * then the {@link EventProcessor} woken to handle it after the answer.
 */
public final class JournalInbox implements EventInbox {
  private final EventJournal journal;
  private final EventProcessor processor;

  public JournalInbox(EventJournal journal, EventProcessor processor) {
    this.journal = journal;
    this.processor = processor;
  }

  @Override
  public boolean record(String eventId, String type, long created, String payload) throws Unavailable {
    boolean fresh;
    try {
      fresh = journal.record(eventId, type, created, payload);
    } catch (EventJournal.EventJournalException e) {
      throw new Unavailable(e.getMessage(), e);
    }
    if (fresh) {
      processor.wake();
    }
    return fresh;
  }
}
