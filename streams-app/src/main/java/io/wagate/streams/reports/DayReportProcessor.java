package io.wagate.streams.reports;

import io.wagate.schemas.Topics;
import io.wagate.schemas.events.ActivityReport;
import io.wagate.schemas.events.AgentReport;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.state.Sweep;
import io.wagate.streams.topology.Output;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the day buckets of business numbers and CRM users, each owner's days in the task of the
 * owner (so the query API reads a date range from one store): adds every change, stores the bucket
 * and writes it whole to {@code wa.reports.activity} or {@code wa.reports.agents}, in one
 * transaction. A change for a day past {@code WAGATE_REPORT_DAY_RETENTION} is dropped, and such
 * days are forgotten a slice per punctuation, with a tombstone.
 */
public final class DayReportProcessor
    extends ContextualProcessor<String, DayChange, String, Output> {

  private final WagateConfig config;
  private KeyValueStore<String, DayCounts> activity;
  private KeyValueStore<String, DayCounts> agents;

  public DayReportProcessor(WagateConfig config) {
    this.config = config;
  }

  @Override
  public void init(ProcessorContext<String, Output> context) {
    super.init(context);
    activity = context.getStateStore(ReportNames.ACTIVITY_STORE);
    agents = context.getStateStore(ReportNames.AGENT_STORE);
    Sweep<DayCounts> activitySweep = new Sweep<>(activity, RequestReportProcessor.SWEEP_SLICE);
    Sweep<DayCounts> agentSweep = new Sweep<>(agents, RequestReportProcessor.SWEEP_SLICE);
    context.schedule(
        config.punctuationInterval(),
        PunctuationType.WALL_CLOCK_TIME,
        wallClock -> {
          Instant now = Instant.ofEpochMilli(wallClock);
          forget(activitySweep, DayChange.Report.ACTIVITY, now);
          forget(agentSweep, DayChange.Report.AGENT, now);
        });
  }

  @Override
  public void process(Record<String, DayChange> record) {
    Instant now =
        Instant.ofEpochMilli(Math.max(record.timestamp(), context().currentSystemTimeMs()));
    DayChange change = record.value();
    if (DayBuckets.expired(change.day(), now, retention())) {
      // A message from before the retention (a replayed or very late record): its day is gone.
      return;
    }
    String key = DayBuckets.key(change.owner(), change.day());
    KeyValueStore<String, DayCounts> store = store(change.report());
    DayCounts before = store.get(key);
    DayCounts after = (before == null ? DayCounts.NONE : before).plus(change, now);
    Output output = output(change.report(), change.owner(), change.day(), after);
    store.put(key, after);
    context().forward(new Record<>(key, output, now.toEpochMilli()));
  }

  private void forget(Sweep<DayCounts> sweep, DayChange.Report report, Instant now) {
    List<String> forgotten = new ArrayList<>();
    sweep.next(
        (key, counts) -> {
          boolean expired = DayBuckets.expired(DayBuckets.day(key), now, retention());
          if (expired) {
            forgotten.add(key);
          }
          return expired;
        });
    Output tombstone =
        Output.tombstone(
            report == DayChange.Report.ACTIVITY ? Topics.REPORTS_ACTIVITY : Topics.REPORTS_AGENTS);
    forgotten.forEach(key -> context().forward(new Record<>(key, tombstone, now.toEpochMilli())));
  }

  private Duration retention() {
    return config.reports().dayRetention();
  }

  private KeyValueStore<String, DayCounts> store(DayChange.Report report) {
    return report == DayChange.Report.ACTIVITY ? activity : agents;
  }

  private static Output output(DayChange.Report report, String owner, String day, DayCounts c) {
    return report == DayChange.Report.ACTIVITY
        ? Output.to(
            Topics.REPORTS_ACTIVITY,
            new ActivityReport(owner, day, c.sent(), c.received(), c.updatedAt()))
        : Output.to(
            Topics.REPORTS_AGENTS,
            new AgentReport(owner, day, c.sent(), c.received(), c.updatedAt()));
  }
}
