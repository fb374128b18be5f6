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
 * owner (so the query API reads a date range from one store): adds every change to the stored
 * bucket at once, and writes each changed bucket whole to {@code wa.reports.activity} or {@code
 * wa.reports.agents} once per punctuation. A change for a day past {@code
 * WAGATE_REPORT_DAY_RETENTION} is dropped, and such days are forgotten a slice per punctuation,
 * with a tombstone.
 */
public final class DayReportProcessor
    extends ContextualProcessor<String, DayChange, String, Output> {

  private final WagateConfig config;
  private KeyValueStore<String, DayCounts> activity;
  private KeyValueStore<String, DayCounts> agents;
  private UnwrittenReports<DayCounts> unwrittenActivity;
  private UnwrittenReports<DayCounts> unwrittenAgents;

  public DayReportProcessor(WagateConfig config) {
    this.config = config;
  }

  @Override
  public void init(ProcessorContext<String, Output> context) {
    super.init(context);
    activity = context.getStateStore(ReportNames.ACTIVITY_STORE);
    agents = context.getStateStore(ReportNames.AGENT_STORE);
    unwrittenActivity = new UnwrittenReports<>(activity, DayCounts::unwritten, DayCounts::written);
    unwrittenAgents = new UnwrittenReports<>(agents, DayCounts::unwritten, DayCounts::written);
    Sweep<DayCounts> activitySweep = new Sweep<>(activity, RequestReportProcessor.SWEEP_SLICE);
    Sweep<DayCounts> agentSweep = new Sweep<>(agents, RequestReportProcessor.SWEEP_SLICE);
    context.schedule(
        config.punctuationInterval(),
        PunctuationType.WALL_CLOCK_TIME,
        wallClock -> {
          Instant now = Instant.ofEpochMilli(wallClock);
          unwrittenActivity.flush(
              (key, counts) -> forward(key, output(DayChange.Report.ACTIVITY, key, counts), now));
          unwrittenAgents.flush(
              (key, counts) -> forward(key, output(DayChange.Report.AGENT, key, counts), now));
          forget(activitySweep, Output.tombstone(Topics.REPORTS_ACTIVITY), now);
          forget(agentSweep, Output.tombstone(Topics.REPORTS_AGENTS), now);
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
    boolean forActivity = change.report() == DayChange.Report.ACTIVITY;
    KeyValueStore<String, DayCounts> store = forActivity ? activity : agents;
    DayCounts before = store.get(key);
    store.put(key, (before == null ? DayCounts.NONE : before).plus(change, now));
    (forActivity ? unwrittenActivity : unwrittenAgents).changed(key);
  }

  private void forget(Sweep<DayCounts> sweep, Output tombstone, Instant now) {
    List<String> forgotten = new ArrayList<>();
    sweep.next(
        (key, counts) -> {
          boolean expired = DayBuckets.expired(DayBuckets.day(key), now, retention());
          if (expired) {
            forgotten.add(key);
          }
          return expired;
        });
    forgotten.forEach(key -> forward(key, tombstone, now));
  }

  private void forward(String key, Output output, Instant at) {
    context().forward(new Record<>(key, output, at.toEpochMilli()));
  }

  private Duration retention() {
    return config.reports().dayRetention();
  }

  private static Output output(DayChange.Report report, String key, DayCounts counts) {
    String owner = DayBuckets.owner(key);
    String day = DayBuckets.day(key);
    return report == DayChange.Report.ACTIVITY
        ? Output.to(
            Topics.REPORTS_ACTIVITY,
            new ActivityReport(owner, day, counts.sent(), counts.received(), counts.updatedAt()))
        : Output.to(
            Topics.REPORTS_AGENTS,
            new AgentReport(owner, day, counts.sent(), counts.received(), counts.updatedAt()));
  }
}
