package io.wagate.streams.reports;

import io.wagate.schemas.Topics;
import io.wagate.schemas.events.CampaignReport;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.state.Sweep;
import io.wagate.streams.topology.Output;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each campaign's report in the task of its campaign id: adds every change ({@link
 * CampaignPolicy}) to the stored report at once (the query API reads it there), and writes each
 * changed report whole to {@code wa.reports.campaigns} once per punctuation. A campaign without a
 * change for {@code WAGATE_REPORT_CAMPAIGN_IDLE} is forgotten, a slice per punctuation, with a
 * tombstone.
 */
public final class CampaignReportProcessor
    extends ContextualProcessor<String, CampaignChange, String, Output> {

  private final WagateConfig config;
  private final ReportMetrics metrics;
  private KeyValueStore<String, CampaignEntry> reports;
  private UnwrittenReports<CampaignEntry> unwritten;

  public CampaignReportProcessor(WagateConfig config, ReportMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Output> context) {
    super.init(context);
    reports = context.getStateStore(ReportNames.CAMPAIGN_STORE);
    unwritten =
        new UnwrittenReports<>(
            reports, CampaignEntry::unwritten, entry -> new CampaignEntry(entry.report(), false));
    Sweep<CampaignEntry> sweep = new Sweep<>(reports, RequestReportProcessor.SWEEP_SLICE);
    context.schedule(
        config.punctuationInterval(),
        PunctuationType.WALL_CLOCK_TIME,
        wallClock -> {
          Instant now = Instant.ofEpochMilli(wallClock);
          unwritten.flush(
              (campaignId, entry) ->
                  forward(campaignId, Output.to(Topics.REPORTS_CAMPAIGNS, entry.report()), now));
          List<String> forgotten = new ArrayList<>();
          sweep.next(
              (campaignId, entry) -> {
                boolean idle =
                    CampaignPolicy.forgettable(
                        entry.report(), now, config.reports().campaignIdle());
                if (idle) {
                  forgotten.add(campaignId);
                }
                return idle;
              });
          forgotten.forEach(
              campaignId -> forward(campaignId, Output.tombstone(Topics.REPORTS_CAMPAIGNS), now));
        });
  }

  @Override
  public void process(Record<String, CampaignChange> record) {
    Instant now =
        Instant.ofEpochMilli(Math.max(record.timestamp(), context().currentSystemTimeMs()));
    CampaignChange change = record.value();
    CampaignEntry before = reports.get(record.key());
    CampaignReport report =
        CampaignPolicy.apply(before == null ? null : before.report(), change, now);
    reports.put(record.key(), new CampaignEntry(report, true));
    unwritten.changed(record.key());
    metrics.changed(change.delta());
  }

  private void forward(String campaignId, Output output, Instant at) {
    context().forward(new Record<>(campaignId, output, at.toEpochMilli()));
  }
}
