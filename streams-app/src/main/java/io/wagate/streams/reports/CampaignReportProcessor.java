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
 * CampaignPolicy}), stores the report and writes it whole to {@code wa.reports.campaigns}, in one
 * transaction. A campaign without a change for {@code WAGATE_REPORT_CAMPAIGN_IDLE} is forgotten, a
 * slice per punctuation, with a tombstone.
 */
public final class CampaignReportProcessor
    extends ContextualProcessor<String, CampaignChange, String, Output> {

  private final WagateConfig config;
  private final ReportMetrics metrics;
  private KeyValueStore<String, CampaignReport> reports;

  public CampaignReportProcessor(WagateConfig config, ReportMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Output> context) {
    super.init(context);
    reports = context.getStateStore(ReportNames.CAMPAIGN_STORE);
    Sweep<CampaignReport> sweep = new Sweep<>(reports, RequestReportProcessor.SWEEP_SLICE);
    context.schedule(
        config.punctuationInterval(),
        PunctuationType.WALL_CLOCK_TIME,
        wallClock -> {
          Instant now = Instant.ofEpochMilli(wallClock);
          List<String> forgotten = new ArrayList<>();
          sweep.next(
              (campaignId, report) -> {
                boolean idle =
                    CampaignPolicy.forgettable(report, now, config.reports().campaignIdle());
                if (idle) {
                  forgotten.add(campaignId);
                }
                return idle;
              });
          forgotten.forEach(
              campaignId ->
                  context.forward(
                      new Record<>(
                          campaignId,
                          Output.tombstone(Topics.REPORTS_CAMPAIGNS),
                          now.toEpochMilli())));
        });
  }

  @Override
  public void process(Record<String, CampaignChange> record) {
    Instant now =
        Instant.ofEpochMilli(Math.max(record.timestamp(), context().currentSystemTimeMs()));
    CampaignChange change = record.value();
    CampaignReport report = CampaignPolicy.apply(reports.get(record.key()), change, now);
    Output output = Output.to(Topics.REPORTS_CAMPAIGNS, report);
    reports.put(record.key(), report);
    context().forward(new Record<>(record.key(), output, now.toEpochMilli()));
    metrics.changed(change.delta());
  }
}
