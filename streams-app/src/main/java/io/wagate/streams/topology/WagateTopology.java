package io.wagate.streams.topology;

import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.TemplateDefinition;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.processor.ConversationMetrics;
import io.wagate.streams.processor.ConversationProcessor;
import io.wagate.streams.processor.ReferenceDataProcessor;
import io.wagate.streams.state.Conversation;
import io.wagate.streams.state.RequestRecord;
import io.wagate.streams.state.StoreFormat;
import java.util.Set;
import java.util.function.BinaryOperator;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * wagate's topology: every input keyed by conversation, merged, and applied to the conversation's
 * state by one processor whose outputs go to the contract's topics.
 *
 * <pre>
 * wa.send.requests ─ key by conversation ─ repartition ─┐
 * wa.consent ─────── key by conversation ─ repartition ─┤
 * wa.inbound ─────── canonical key ─────────────────────┼─ conversation-processor ─ outputs
 * wa.status.callbacks ─ canonical key ──────────────────┘   (wa.send.*, wa.status, wa.notes,
 * wa.templates, wa.business-numbers, wa.error-catalog → global stores   wa.sessions)
 * </pre>
 */
public final class WagateTopology {

  /** Name of the repartition step of send requests; part of an internal topic's name. */
  public static final String REQUESTS_BY_CONVERSATION = "requests-by-conversation";

  /** Name of the repartition step of consent records; part of an internal topic's name. */
  public static final String CONSENT_BY_CONVERSATION = "consent-by-conversation";

  /** Name of the stateful processor. */
  public static final String CONVERSATION_PROCESSOR = "conversation-processor";

  private WagateTopology() {}

  /** Builds the topology; touches no network. */
  public static Topology build(WagateConfig config, ConversationMetrics metrics) {
    StreamsBuilder builder = new StreamsBuilder();
    addReferenceStore(
        builder, Topics.TEMPLATES, StoreNames.TEMPLATES, WagateTopology::mergeTemplate);
    addReferenceStore(
        builder, Topics.BUSINESS_NUMBERS, StoreNames.BUSINESS_NUMBERS, (old, update) -> update);
    addReferenceStore(
        builder, Topics.ERROR_CATALOG, StoreNames.ERROR_CATALOG, (old, update) -> update);

    KStream<String, ConversationEvent> requests =
        source(builder, Topics.SEND_REQUESTS)
            .process(
                () ->
                    new ContextualProcessor<String, SendRequest, String, SendRequest>() {
                      @Override
                      public void process(Record<String, SendRequest> record) {
                        context().forward(ConversationInputs.keyRequest(record));
                      }
                    },
                Named.as("key-requests"))
            .repartition(
                Repartitioned.with(Serdes.String(), Topics.SEND_REQUESTS.valueSerde())
                    .withName(REQUESTS_BY_CONVERSATION))
            .processValues(
                () ->
                    new ContextualFixedKeyProcessor<String, SendRequest, ConversationEvent>() {
                      @Override
                      public void process(FixedKeyRecord<String, SendRequest> record) {
                        context()
                            .forward(
                                record.withValue(
                                    ConversationInputs.request(
                                        new Record<>(
                                            record.key(),
                                            record.value(),
                                            record.timestamp(),
                                            record.headers()))));
                      }
                    },
                Named.as("requests-as-events"));

    KStream<String, ConversationEvent> consent =
        source(builder, Topics.CONSENT)
            .selectKey(
                (key, event) -> ConversationInputs.consentKey(event), Named.as("key-consent"))
            .repartition(
                Repartitioned.with(Serdes.String(), Topics.CONSENT.valueSerde())
                    .withName(CONSENT_BY_CONVERSATION))
            .mapValues(ConversationInputs::consent, Named.as("consent-as-events"));

    KStream<String, ConversationEvent> inbound =
        source(builder, Topics.INBOUND)
            .map(
                (key, message) -> ConversationInputs.inbound(message),
                Named.as("inbound-as-events"));

    KStream<String, ConversationEvent> callbacks =
        source(builder, Topics.STATUS_CALLBACKS)
            .map(
                (key, callback) -> ConversationInputs.callback(callback),
                Named.as("callbacks-as-events"));

    requests
        .merge(consent, Named.as("merge-consent"))
        .merge(inbound, Named.as("merge-inbound"))
        .merge(callbacks, Named.as("merge-callbacks"))
        .process(conversationProcessor(config, metrics), Named.as(CONVERSATION_PROCESSOR))
        .to(Output.ROUTER, Produced.with(Serdes.String(), Output.SERDE).withName("outputs"));
    return builder.build();
  }

  private static <V> KStream<String, V> source(StreamsBuilder builder, Topic<String, V> topic) {
    return builder.stream(
        topic.name(),
        Consumed.with(topic.keySerde(), topic.valueSerde()).withName(topic.name() + "-source"));
  }

  private static ProcessorSupplier<String, ConversationEvent, String, Output> conversationProcessor(
      WagateConfig config, ConversationMetrics metrics) {
    return new ProcessorSupplier<>() {
      @Override
      public ConversationProcessor get() {
        return new ConversationProcessor(config, metrics);
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(
            store(StoreNames.CONVERSATIONS, StoreFormat.serde(Conversation.class)),
            store(StoreNames.REQUESTS, StoreFormat.serde(RequestRecord.class)),
            store(StoreNames.TIMERS, Serdes.String()));
      }
    };
  }

  private static <V> StoreBuilder<?> store(
      String name, org.apache.kafka.common.serialization.Serde<V> serde) {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(name), Serdes.String(), serde);
  }

  private static <V> void addReferenceStore(
      StreamsBuilder builder, Topic<String, V> topic, String storeName, BinaryOperator<V> merge) {
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(storeName), topic.keySerde(), topic.valueSerde())
            .withLoggingDisabled(),
        topic.name(),
        Consumed.with(topic.keySerde(), topic.valueSerde()).withName(topic.name() + "-source"),
        () -> new ReferenceDataProcessor<>(storeName, merge));
  }

  /**
   * A template status update from the ingress carries only name, language and status: keep the
   * category, parameter count and body already registered.
   */
  static TemplateDefinition mergeTemplate(TemplateDefinition old, TemplateDefinition update) {
    return new TemplateDefinition(
        update.name(),
        update.language(),
        update.category() != null ? update.category() : old.category(),
        update.status(),
        update.bodyParameterCount() != null
            ? update.bodyParameterCount()
            : old.bodyParameterCount(),
        update.body() != null ? update.body() : old.body());
  }
}
