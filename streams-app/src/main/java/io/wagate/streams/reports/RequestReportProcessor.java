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
 * Meets every record about a request in the task of its request id: loads what the reports know of
 * it, lets {@link RequestPolicy} decide, and stores the new state together with the change to its
 * campaign and its first send (keyed by conversation). The campaign changes are summed per campaign
 * in {@code report-campaign-pending-store} and sent on once per punctuation, so a busy campaign's
 * report is read and written once per punctuation, not once per status. Request states are
 * forgotten a slice per punctuation once {@code WAGATE_REPORT_REQUEST_RETENTION} passed without a
 * record.
 */
public final class RequestReportProcessor
    extends ContextualProcessor<String, RequestFact, String, ReportUpdate> {

  /** Entries read per punctuation: a million in under an hour at the default 5 s. */
  static final int SWEEP_SLICE = 2_000;

  private final WagateConfig config;
  private KeyValueStore<String, RequestTally> tallies;
  private KeyValueStore<String, CampaignChange> pendingCampaigns;

  public RequestReportProcessor(WagateConfig config) {
    this.config = config;
  }

  @Override
  public void init(ProcessorContext<String, ReportUpdate> context) {
    super.init(context);
    tallies = context.getStateStore(ReportNames.REQUEST_STORE);
    pendingCampaigns = context.getStateStore(ReportNames.CAMPAIGN_PENDING_STORE);
    Sweep<RequestTally> sweep = new Sweep<>(tallies, SWEEP_SLICE);
    context.schedule(
        config.punctuationInterval(),
        PunctuationType.WALL_CLOCK_TIME,
        wallClock -> {
          Instant now = Instant.ofEpochMilli(wallClock);
          Pending.sendOn(
              pendingCampaigns,
              change -> context.forward(new Record<>(change.campaignId(), change, wallClock)));
          sweep.next((id, tally) -> tally.forgettable(now, config.reports().requestRetention()));
        });
  }

  @Override
  public void process(Record<String, RequestFact> record) {
    Instant now =
        Instant.ofEpochMilli(Math.max(record.timestamp(), context().currentSystemTimeMs()));
    RequestPolicy.Step step = RequestPolicy.apply(tallies.get(record.key()), record.value(), now);
    tallies.put(record.key(), step.after());
    CampaignChange change = step.change();
    if (change != null) {
      CampaignChange pending = pendingCampaigns.get(change.campaignId());
      pendingCampaigns.put(change.campaignId(), pending == null ? change : pending.plus(change));
    }
    RequestPolicy.Send send = step.send();
    if (send != null) {
      context().forward(new Record<>(send.conversationKey(), send.sent(), record.timestamp()));
    }
  }
}
