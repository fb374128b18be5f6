package io.wagate.streams.reports;

import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import io.wagate.schemas.events.LifecycleState;
import io.wagate.schemas.events.OutboundMessage;
import io.wagate.schemas.events.RequestStatus;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.Session;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.processor.ConversationMetrics;
import io.wagate.streams.state.StoreFormat;
import io.wagate.streams.topology.ConversationEvent;
import io.wagate.streams.topology.Output;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.jspecify.annotations.Nullable;

/**
 * The reports' part of the topology. It reads what wagate already writes and changes nothing of the
 * conversation processing: every step begins with a repartition, so the reports run in
 * sub-topologies (and tasks) of their own.
 *
 * <pre>
 * send requests by id ─ campaign only ─ report-requests ──┐
 * wa.status ──────────┐                                   ├─ report-request-processor ─┬─ report-campaign-changes ─┐
 * wa.send.template ───┼─ by request id ─ report-lifecycle ┘                            └─ report-sends ─┐          │
 * wa.send.freeform ───┘                                                                                 │          │
 * inbound messages by conversation ─ messages only ─ report-inbound ─────────── report-conversation- ───┤          │
 * wa.sessions ─ consent ─ report-sessions ───────────────────────────────────── processor ─┬─ report-opt-outs ─────┤
 *                                                         report-day-changes ─ day-report- ┘    campaign-report- ──┘
 *                                          wa.reports.activity, wa.reports.agents ─ processor   processor ─ wa.reports.campaigns
 * </pre>
 *
 * Every repartition topic has the conversation topics' partition count, like the topology's own.
 */
public final class Reports {

  private Reports() {}

  /**
   * Adds the reports to {@code builder}.
   *
   * @param builder the topology's builder, which already reads {@code wa.send.requests} and {@code
   *     wa.inbound}
   * @param config the configuration; its partition count must be known
   * @param metrics the topology's metrics, whose registry the reports' counters join
   * @param requestsById the send requests, keyed by request id (every record, duplicates too)
   * @param inbound the conversation events of {@code wa.inbound}, keyed by canonical conversation
   */
  public static void addTo(
      StreamsBuilder builder,
      WagateConfig config,
      ConversationMetrics metrics,
      KStream<String, SendRequest> requestsById,
      KStream<String, ConversationEvent> inbound) {
    int partitions = config.partitions();
    ReportMetrics reportMetrics = new ReportMetrics(metrics.registry());

    KStream<String, RequestFact> requested =
        repartition(
            requestsById.flatMapValues(Reports::requested, Named.as("report-requested")),
            ReportNames.REQUESTS,
            StoreFormat.serde(RequestFact.class),
            partitions);
    KStream<String, RequestFact> lifecycle =
        repartition(
            source(builder, Topics.STATUS)
                .flatMap(Reports::statusChanged, Named.as("report-statuses"))
                .merge(
                    source(builder, Topics.SEND_TEMPLATE)
                        .flatMap(Reports::routed, Named.as("report-routed-templates")),
                    Named.as("report-merge-templates"))
                .merge(
                    source(builder, Topics.SEND_FREEFORM)
                        .flatMap(Reports::routed, Named.as("report-routed-freeforms")),
                    Named.as("report-merge-freeforms")),
            ReportNames.LIFECYCLE,
            StoreFormat.serde(RequestFact.class),
            partitions);
    Map<String, KStream<String, ReportUpdate>> fromRequests =
        requested
            .merge(lifecycle, Named.as("report-merge-lifecycle"))
            .process(requestProcessor(config), Named.as(ReportNames.REQUEST_PROCESSOR))
            .split(Named.as("report-request-"))
            .branch((key, update) -> update instanceof CampaignChange, Branched.as("campaigns"))
            .defaultBranch(Branched.as("sends"));

    KStream<String, ConversationFact> sends =
        repartition(
            fromRequests
                .get("report-request-sends")
                .mapValues(update -> (ConversationFact) update, Named.as("report-send-facts")),
            ReportNames.SENDS,
            StoreFormat.serde(ConversationFact.class),
            partitions);
    KStream<String, ConversationFact> received =
        repartition(
            inbound.flatMapValues(Reports::received, Named.as("report-received")),
            ReportNames.INBOUND,
            StoreFormat.serde(ConversationFact.class),
            partitions);
    KStream<String, ConversationFact> consent =
        repartition(
            source(builder, Topics.SESSIONS)
                .flatMapValues(Reports::consentSeen, Named.as("report-consent")),
            ReportNames.SESSIONS,
            StoreFormat.serde(ConversationFact.class),
            partitions);
    Map<String, KStream<String, ReportUpdate>> fromConversations =
        sends
            .merge(received, Named.as("report-merge-received"))
            .merge(consent, Named.as("report-merge-consent"))
            .process(conversationProcessor(config), Named.as(ReportNames.CONVERSATION_PROCESSOR))
            .split(Named.as("report-conversation-"))
            .branch((key, update) -> update instanceof CampaignChange, Branched.as("opt-outs"))
            .defaultBranch(Branched.as("days"));

    KStream<String, CampaignChange> campaignChanges =
        repartition(
            fromRequests
                .get("report-request-campaigns")
                .mapValues(update -> (CampaignChange) update, Named.as("report-request-changes")),
            ReportNames.CAMPAIGN_CHANGES,
            StoreFormat.serde(CampaignChange.class),
            partitions);
    KStream<String, CampaignChange> optOuts =
        repartition(
            fromConversations
                .get("report-conversation-opt-outs")
                .mapValues(update -> (CampaignChange) update, Named.as("report-opt-out-changes")),
            ReportNames.OPT_OUTS,
            StoreFormat.serde(CampaignChange.class),
            partitions);
    campaignChanges
        .merge(optOuts, Named.as("report-merge-opt-outs"))
        .process(campaignProcessor(config, reportMetrics), Named.as(ReportNames.CAMPAIGN_PROCESSOR))
        .to(
            Output.ROUTER,
            Produced.with(Serdes.String(), Output.SERDE).withName("campaign-report-outputs"));

    repartition(
            fromConversations
                .get("report-conversation-days")
                .mapValues(update -> (DayChange) update, Named.as("report-day-facts")),
            ReportNames.DAY_CHANGES,
            StoreFormat.serde(DayChange.class),
            partitions)
        .process(dayProcessor(config), Named.as(ReportNames.DAY_PROCESSOR))
        .to(
            Output.ROUTER,
            Produced.with(Serdes.String(), Output.SERDE).withName("day-report-outputs"));
  }

  // ------------------------------------------------------------------ what each input tells

  /** A send request of a campaign; the others count for no campaign. */
  static List<RequestFact> requested(SendRequest request) {
    String campaign = request.campaignId();
    return campaign == null || campaign.isBlank()
        ? List.of()
        : List.of(new RequestFact.Requested(campaign));
  }

  /**
   * A lifecycle step, keyed by its request id. A routing outcome of {@code ROUTED_*} is left out:
   * wagate writes it together with the message on {@code wa.send.*}, whose {@link #routed} fact
   * says the same and more, so the lifecycle carries one record per routed request, not two.
   */
  static List<KeyValue<String, RequestFact>> statusChanged(
      @Nullable String key, @Nullable RequestStatus status) {
    if (status == null
        || status.state() == LifecycleState.ROUTED_TEMPLATE
        || status.state() == LifecycleState.ROUTED_FREEFORM) {
      return List.of();
    }
    return List.of(
        KeyValue.pair(
            status.requestId(),
            new RequestFact.StatusChanged(status.state(), status.reason(), status.code())));
  }

  /** A message routed to a sender, keyed by its request id. */
  static List<KeyValue<String, RequestFact>> routed(
      @Nullable String key, @Nullable OutboundMessage message) {
    if (message == null) {
      return List.of();
    }
    // wagate keys it by its canonical conversation; the value says the same for any other writer.
    String conversationKey = key != null ? key : message.businessNumber() + "|" + message.to();
    return List.of(
        KeyValue.pair(
            message.requestId(),
            new RequestFact.Routed(
                conversationKey,
                message.businessNumber(),
                message.agentId(),
                message.campaignId(),
                message.purpose(),
                message.routedAt())));
  }

  /** A message the contact wrote; preference changes and system notices are not messages. */
  static List<ConversationFact> received(ConversationEvent event) {
    if (event instanceof ConversationEvent.Inbound inbound
        && ConversationPolicy.isMessage(inbound.message().type())) {
      return List.of(
          new ConversationFact.Received(
              inbound.message().businessNumber(),
              inbound.message().providerMessageId(),
              inbound.message().occurredAt()));
    }
    return List.of();
  }

  /** The consent a conversation's state shows. */
  static List<ConversationFact> consentSeen(@Nullable Session session) {
    if (session == null) {
      return List.of();
    }
    return List.of(
        new ConversationFact.ConsentSeen(
            session.optIn(), session.optedOutCategories(), session.updatedAt()));
  }

  // ------------------------------------------------------------------ wiring

  private static <V> KStream<String, V> source(StreamsBuilder builder, Topic<String, V> topic) {
    return builder.stream(
        topic.name(),
        Consumed.with(topic.keySerde(), topic.valueSerde()).withName(topic.name() + "-source"));
  }

  private static <V> KStream<String, V> repartition(
      KStream<String, V> stream, String name, Serde<V> serde, int partitions) {
    return stream.repartition(
        Repartitioned.with(Serdes.String(), serde)
            .withName(name)
            .withNumberOfPartitions(partitions));
  }

  private static ProcessorSupplier<String, RequestFact, String, ReportUpdate> requestProcessor(
      WagateConfig config) {
    return new ProcessorSupplier<>() {
      @Override
      public RequestReportProcessor get() {
        return new RequestReportProcessor(config);
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(
            cached(ReportNames.REQUEST_STORE, StoreFormat.serde(RequestTally.class)),
            cached(ReportNames.CAMPAIGN_PENDING_STORE, StoreFormat.serde(CampaignChange.class)));
      }
    };
  }

  private static ProcessorSupplier<String, ConversationFact, String, ReportUpdate>
      conversationProcessor(WagateConfig config) {
    return new ProcessorSupplier<>() {
      @Override
      public ConversationReportProcessor get() {
        return new ConversationReportProcessor(config);
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(
            cached(ReportNames.CONVERSATION_STORE, StoreFormat.serde(ConversationTally.class)),
            store(ReportNames.INBOUND_ID_STORE, Serdes.Long()),
            cached(ReportNames.DAY_PENDING_STORE, StoreFormat.serde(DayChange.class)));
      }
    };
  }

  private static ProcessorSupplier<String, CampaignChange, String, Output> campaignProcessor(
      WagateConfig config, ReportMetrics metrics) {
    return new ProcessorSupplier<>() {
      @Override
      public CampaignReportProcessor get() {
        return new CampaignReportProcessor(config, metrics);
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(cached(ReportNames.CAMPAIGN_STORE, StoreFormat.serde(CampaignEntry.class)));
      }
    };
  }

  private static ProcessorSupplier<String, DayChange, String, Output> dayProcessor(
      WagateConfig config) {
    return new ProcessorSupplier<>() {
      @Override
      public DayReportProcessor get() {
        return new DayReportProcessor(config);
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(
            cached(ReportNames.ACTIVITY_STORE, StoreFormat.serde(DayCounts.class)),
            cached(ReportNames.AGENT_STORE, StoreFormat.serde(DayCounts.class)));
      }
    };
  }

  /**
   * A store whose puts are cached until the next commit: a campaign's report or a day's bucket
   * changes with nearly every record of its task, a request's state with each of its statuses
   * (which come in bursts), and the changelog needs only the last value of each commit.
   */
  private static <V> StoreBuilder<?> cached(String name, Serde<V> serde) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), serde)
        .withCachingEnabled();
  }

  private static <V> StoreBuilder<?> store(String name, Serde<V> serde) {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(name), Serdes.String(), serde);
  }
}
