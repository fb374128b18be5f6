package io.wagate.streams.http;

import io.wagate.schemas.events.CampaignReport;
import io.wagate.streams.reports.CampaignEntry;
import io.wagate.streams.reports.ConversationTally;
import io.wagate.streams.reports.DayBuckets;
import io.wagate.streams.reports.DayChange;
import io.wagate.streams.reports.DayCounts;
import io.wagate.streams.reports.ReportNames;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Looks reports up with Kafka Streams' interactive queries: the key's metadata names the instance
 * whose active task holds it, and that instance reads its local store partition. A day report's key
 * is its owner (business number or CRM user): every day of an owner is in one partition, so a date
 * range is one range read.
 */
public final class StreamsReportLookup implements ReportLookup {

  private final KafkaStreams streams;
  private final HostInfo self;

  /**
   * @param streams the running application
   * @param self this instance's {@code application.server}
   */
  public StreamsReportLookup(KafkaStreams streams, HostInfo self) {
    this.streams = streams;
    this.self = self;
  }

  @Override
  public Answer<CampaignReport> campaign(String campaignId) {
    return find(
        ReportNames.CAMPAIGN_STORE,
        campaignId,
        (ReadOnlyKeyValueStore<String, CampaignEntry> store) -> {
          CampaignEntry entry = store.get(campaignId);
          return entry == null ? null : entry.report();
        });
  }

  @Override
  public Answer<List<DayView>> days(
      DayChange.Report report, String owner, LocalDate from, LocalDate to) {
    String name =
        report == DayChange.Report.ACTIVITY ? ReportNames.ACTIVITY_STORE : ReportNames.AGENT_STORE;
    return find(
        name,
        owner,
        (ReadOnlyKeyValueStore<String, DayCounts> store) -> {
          List<DayView> days = new ArrayList<>();
          try (KeyValueIterator<String, DayCounts> range =
              store.range(
                  DayBuckets.key(owner, from.toString()), DayBuckets.key(owner, to.toString()))) {
            while (range.hasNext()) {
              KeyValue<String, DayCounts> day = range.next();
              if (DayBuckets.owner(day.key).equals(owner)) {
                days.add(
                    new DayView(DayBuckets.day(day.key), day.value.sent(), day.value.received()));
              }
            }
          }
          return days;
        });
  }

  @Override
  public Answer<ConversationTally> conversation(String conversationKey) {
    return find(
        ReportNames.CONVERSATION_STORE,
        conversationKey,
        (ReadOnlyKeyValueStore<String, ConversationTally> store) -> store.get(conversationKey));
  }

  private <V, T> Answer<T> find(
      String storeName, String key, Function<ReadOnlyKeyValueStore<String, V>, T> read) {
    try {
      KeyQueryMetadata metadata =
          streams.queryMetadataForKey(storeName, key, Serdes.String().serializer());
      if (metadata == null
          || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)
          || metadata.activeHost().equals(HostInfo.unavailable())) {
        return unavailable();
      }
      if (!metadata.activeHost().equals(self)) {
        return new Remote<>(metadata.activeHost().host(), metadata.activeHost().port());
      }
      ReadOnlyKeyValueStore<String, V> store =
          streams.store(
              StoreQueryParameters.fromNameAndType(
                      storeName, QueryableStoreTypes.<String, V>keyValueStore())
                  .withPartition(metadata.partition()));
      return new Local<>(read.apply(store));
    } catch (InvalidStateStoreException | IllegalStateException e) {
      // Not started, rebalancing, restoring or migrating: the caller should try again.
      return unavailable();
    }
  }

  private <T> Unavailable<T> unavailable() {
    return new Unavailable<>(
        "the report stores are not queryable now (Kafka Streams is "
            + streams.state()
            + "); try again shortly");
  }
}
