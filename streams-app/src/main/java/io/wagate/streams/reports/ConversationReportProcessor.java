package io.wagate.streams.reports;

import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.state.Sweep;
import java.time.Instant;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Meets every message and consent state of a conversation in its task: a message the contact wrote
 * counts once (by provider message id), {@link ConversationPolicy} decides the rest, and the new
 * counts are stored together with the day buckets' changes (keyed by business number or CRM user)
 * and the opt-out changes of campaigns (keyed by campaign). The day buckets' changes are summed per
 * bucket in {@code report-day-pending-store} and sent on once per punctuation: a day's bucket takes
 * one record per punctuation instead of one per message. Conversations idle for {@code
 * WAGATE_REPORT_CONVERSATION_IDLE} and message ids older than {@code
 * WAGATE_INBOUND_DEDUP_RETENTION} are forgotten a slice per punctuation.
 */
public final class ConversationReportProcessor
    extends ContextualProcessor<String, ConversationFact, String, ReportUpdate> {

  private final WagateConfig config;
  private KeyValueStore<String, ConversationTally> tallies;
  private KeyValueStore<String, Long> messageIds;
  private KeyValueStore<String, DayChange> pendingDays;

  public ConversationReportProcessor(WagateConfig config) {
    this.config = config;
  }

  @Override
  public void init(ProcessorContext<String, ReportUpdate> context) {
    super.init(context);
    tallies = context.getStateStore(ReportNames.CONVERSATION_STORE);
    messageIds = context.getStateStore(ReportNames.INBOUND_ID_STORE);
    pendingDays = context.getStateStore(ReportNames.DAY_PENDING_STORE);
    Sweep<ConversationTally> conversationSweep =
        new Sweep<>(tallies, RequestReportProcessor.SWEEP_SLICE);
    Sweep<Long> messageSweep = new Sweep<>(messageIds, RequestReportProcessor.SWEEP_SLICE);
    context.schedule(
        config.punctuationInterval(),
        PunctuationType.WALL_CLOCK_TIME,
        wallClock -> {
          Instant now = Instant.ofEpochMilli(wallClock);
          Pending.sendOn(
              pendingDays,
              change -> context.forward(new Record<>(change.owner(), change, wallClock)));
          conversationSweep.next(
              (key, tally) -> tally.forgettable(now, config.reports().conversationIdle()));
          long horizon = now.minus(config.inboundDedupRetention()).toEpochMilli();
          messageSweep.next((id, seenAt) -> seenAt < horizon);
        });
  }

  @Override
  public void process(Record<String, ConversationFact> record) {
    Instant now =
        Instant.ofEpochMilli(Math.max(record.timestamp(), context().currentSystemTimeMs()));
    String messageId =
        record.value() instanceof ConversationFact.Received received ? received.messageId() : null;
    if (messageId != null && messageIds.get(messageId) != null) {
      // The provider delivered the webhook again: the message is counted already.
      return;
    }
    ConversationPolicy.Step step =
        ConversationPolicy.apply(
            tallies.get(record.key()), record.value(), now, config.reports().optOutWindow());
    tallies.put(record.key(), step.after());
    if (messageId != null) {
      messageIds.put(messageId, now.toEpochMilli());
    }
    for (DayChange change : step.days()) {
      String bucket = change.report() + "|" + change.day() + "|" + change.owner();
      DayChange pending = pendingDays.get(bucket);
      pendingDays.put(bucket, pending == null ? change : pending.plus(change));
    }
    for (CampaignChange change : step.campaigns()) {
      context().forward(new Record<>(change.campaignId(), change, record.timestamp()));
    }
  }
}
