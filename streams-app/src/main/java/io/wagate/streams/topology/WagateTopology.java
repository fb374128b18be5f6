package io.wagate.streams.topology;

import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import io.wagate.schemas.events.BusinessNumberConfig;
import io.wagate.schemas.events.ConsentEvent;
import io.wagate.schemas.events.NumberState;
import io.wagate.schemas.events.Portfolio;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.TemplateDefinition;
import io.wagate.schemas.events.TemplateState;
import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.processor.ConversationMetrics;
import io.wagate.streams.processor.ConversationProcessor;
import io.wagate.streams.processor.NumberStateProcessor;
import io.wagate.streams.processor.PortfolioProcessor;
import io.wagate.streams.processor.ProcessingHook;
import io.wagate.streams.processor.ReferenceDataProcessor;
import io.wagate.streams.processor.RequestIntakeProcessor;
import io.wagate.streams.processor.TemplateStateProcessor;
import io.wagate.streams.reports.Reports;
import io.wagate.streams.state.Conversation;
import io.wagate.streams.state.HeldRequest;
import io.wagate.streams.state.MessageLink;
import io.wagate.streams.state.PortfolioLedger;
import io.wagate.streams.state.RequestRecord;
import io.wagate.streams.state.StoreFormat;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * wagate's topology: every input keyed by where it belongs and moved there only when it is not
 * there already, send requests de-duplicated by request id before they meet their conversation, and
 * one processor that applies every event to its conversation's state.
 *
 * <pre>
 * wa.send.requests ─ by request id ─(repartition if elsewhere)─ request-intake ─┬─ rejections ──┐
 *                                                   by conversation ─(repartition if elsewhere)─┤
 * wa.consent ─────── by conversation ─(repartition if elsewhere)─────────────────┤              │
 * wa.inbound ─────── by conversation ─(repartition if elsewhere)─────────────────┼─ conversation-
 * wa.status.callbacks by conversation ─(repartition if elsewhere)────────────────┘  processor ──┤
 *     number-actions ─ repartition by business number ─ number-state-processor ─────────────────┤
 *                                                                         outputs (wa.send.*, wa.status,
 * wa.templates, wa.business-numbers, wa.number-state, wa.error-catalog     wa.notes, wa.sessions,
 *     → global stores                                                      wa.number-state)
 * </pre>
 *
 * Every repartition topic has the partition count of the conversation topics, so a key's records
 * all meet in the task of the partition Kafka's default partitioner gives the key. The reports
 * ({@link Reports}) read what this writes, in sub-topologies of their own.
 */
public final class WagateTopology {

  /** Send requests not on their request id's partition. */
  public static final String REQUESTS_BY_REQUEST_ID = "requests-by-request-id";

  /** Valid send requests not on their conversation's partition. */
  public static final String REQUESTS_BY_CONVERSATION = "requests-by-conversation";

  /** Consent records not on their conversation's partition. */
  public static final String CONSENT_BY_CONVERSATION = "consent-by-conversation";

  /** Inbound messages not on their conversation's partition. */
  public static final String INBOUND_BY_CONVERSATION = "inbound-by-conversation";

  /** Status callbacks not on their conversation's partition. */
  public static final String CALLBACKS_BY_CONVERSATION = "callbacks-by-conversation";

  /** What failures taught about business numbers, by business number. */
  public static final String NUMBER_ACTIONS_BY_NUMBER = "number-actions-by-number";

  /** What template webhooks said, by template. */
  public static final String TEMPLATE_ACTIONS_BY_TEMPLATE = "template-actions-by-template";

  /** The processor of what wagate learned about templates. */
  public static final String TEMPLATE_STATE_PROCESSOR = "template-state-processor";

  /** Business-initiated templates asking their portfolio for room, by portfolio. */
  public static final String ADMISSIONS_BY_PORTFOLIO = "admissions-by-portfolio";

  /** The processor that counts portfolios against their messaging limits. */
  public static final String PORTFOLIO_PROCESSOR = "portfolio-processor";

  /** The loop of commands to conversations; its topic is {@code <application.id>-} this. */
  public static final String CONVERSATION_COMMANDS = "conversation-commands";

  /** The processor that de-duplicates and checks send requests. */
  public static final String REQUEST_INTAKE = "request-intake";

  /** The stateful processor of conversations. */
  public static final String CONVERSATION_PROCESSOR = "conversation-processor";

  /** The processor of what wagate learned about business numbers. */
  public static final String NUMBER_STATE_PROCESSOR = "number-state-processor";

  private WagateTopology() {}

  /** Builds the topology; touches no network. */
  public static Topology build(WagateConfig config, ConversationMetrics metrics) {
    return build(config, metrics, ProcessingHook.NONE);
  }

  /** Builds the topology with a hook between deciding and applying each record's effects. */
  public static Topology build(
      WagateConfig config, ConversationMetrics metrics, ProcessingHook hook) {
    int partitions = config.partitions();
    if (partitions == WagateConfig.UNKNOWN_PARTITIONS) {
      throw new IllegalArgumentException(
          "the conversation topics' partition count is not known: use WagateConfig.withPartitions");
    }
    StreamsBuilder builder = new StreamsBuilder();
    addReferenceStore(
        builder,
        Topics.TEMPLATES,
        StoreNames.TEMPLATES,
        WagateTopology::mergeTemplate,
        TemplateDefinition::stampedAt);
    addReferenceStore(
        builder,
        Topics.TEMPLATE_STATE,
        StoreNames.TEMPLATE_STATES,
        (old, update) -> update,
        (state, at) -> state);
    addReferenceStore(
        builder,
        Topics.PORTFOLIOS,
        StoreNames.PORTFOLIOS,
        (old, update) -> update,
        Portfolio::stampedAt);
    addReferenceStore(
        builder,
        Topics.BUSINESS_NUMBERS,
        StoreNames.BUSINESS_NUMBERS,
        (old, update) -> update,
        BusinessNumberConfig::stampedAt);
    addReferenceStore(
        builder,
        Topics.NUMBER_STATE,
        StoreNames.NUMBER_STATES,
        (old, update) -> update,
        (state, at) -> state);
    addReferenceStore(
        builder,
        Topics.ERROR_CATALOG,
        StoreNames.ERROR_CATALOG,
        (old, update) -> update,
        (entry, at) -> entry);

    // Send requests: one task per request id decides whether it is new, then its conversation's.
    KStream<String, SendRequest> byRequestId =
        atHome(
            raw(builder, Topics.SEND_REQUESTS)
                .process(ConversationInputs.requestsById(config), Named.as("key-requests")),
            REQUESTS_BY_REQUEST_ID,
            Topics.SEND_REQUESTS.valueSerde(),
            partitions);
    KStream<String, Intake> intake =
        byRequestId.process(intake(config, metrics), Named.as(REQUEST_INTAKE));
    Map<String, KStream<String, Intake>> intakeBranches =
        intake
            .split(Named.as("intake-"))
            .branch((key, value) -> value instanceof Intake.Emitted, Branched.as("outputs"))
            .defaultBranch(Branched.as("accepted"));
    KStream<String, Output> intakeOutputs =
        intakeBranches
            .get("intake-outputs")
            .mapValues(value -> ((Intake.Emitted) value).output(), Named.as("intake-rejections"));
    KStream<String, ConversationEvent> requests =
        atHome(
                intakeBranches
                    .get("intake-accepted")
                    .mapValues(
                        value -> {
                          Intake.Accepted accepted = (Intake.Accepted) value;
                          return new Routed<>(accepted.request(), accepted.home());
                        },
                        Named.as("accepted-requests")),
                REQUESTS_BY_CONVERSATION,
                Topics.SEND_REQUESTS.valueSerde(),
                partitions)
            .processValues(RequestEvents::new, Named.as("requests-as-events"));

    KStream<String, ConversationEvent> consent =
        atHome(
                raw(builder, Topics.CONSENT)
                    .process(ConversationInputs.consent(config), Named.as("key-consent")),
                CONSENT_BY_CONVERSATION,
                Topics.CONSENT.valueSerde(),
                partitions)
            .mapValues(
                (String key, ConsentEvent event) -> ConversationInputs.consent(key, event),
                Named.as("consent-as-events"));

    KStream<String, ConversationEvent> inbound =
        atHome(
                raw(builder, Topics.INBOUND)
                    .process(ConversationInputs.inbound(config), Named.as("key-inbound")),
                INBOUND_BY_CONVERSATION,
                Topics.INBOUND.valueSerde(),
                partitions)
            .mapValues(
                message -> (ConversationEvent) new ConversationEvent.Inbound(message),
                Named.as("inbound-as-events"));

    KStream<String, ConversationEvent> callbacks =
        atHome(
                raw(builder, Topics.STATUS_CALLBACKS)
                    .process(ConversationInputs.callbacks(config), Named.as("key-callbacks")),
                CALLBACKS_BY_CONVERSATION,
                Topics.STATUS_CALLBACKS.valueSerde(),
                partitions)
            .mapValues(
                callback -> (ConversationEvent) new ConversationEvent.Callback(callback),
                Named.as("callbacks-as-events"));

    // Commands to conversations (from portfolios, from other conversations) loop back through a
    // topic of the application's own, keyed by conversation: a DSL repartition cannot feed the
    // processor that writes it.
    String commandsTopic = commandsTopic(config);
    KStream<String, ConversationEvent> commands =
        builder.stream(
                commandsTopic,
                Consumed.with(Serdes.String(), Serdes.ByteArray())
                    .withName(CONVERSATION_COMMANDS + "-source"))
            .mapValues(
                bytes ->
                    (ConversationEvent)
                        new ConversationEvent.Commanded(
                            StoreFormat.serde(Command.class).deserialize(commandsTopic, bytes)),
                Named.as("commands-as-events"));

    Map<String, KStream<String, Output>> conversationOutputs =
        requests
            .merge(consent, Named.as("merge-consent"))
            .merge(inbound, Named.as("merge-inbound"))
            .merge(callbacks, Named.as("merge-callbacks"))
            .merge(commands, Named.as("merge-commands"))
            .process(conversationProcessor(config, metrics, hook), Named.as(CONVERSATION_PROCESSOR))
            .split(Named.as("conversation-"))
            .branch(
                (key, output) -> Output.NUMBER_ACTIONS.equals(output.topic()),
                Branched.as("number-actions"))
            .branch(
                (key, output) -> Output.ADMISSIONS.equals(output.topic()),
                Branched.as("admissions"))
            .branch(
                (key, output) -> Output.COMMANDS.equals(output.topic()), Branched.as("commands"))
            .defaultBranch(Branched.as("outputs"));

    Map<String, KStream<String, Output>> portfolioOutputs =
        conversationOutputs
            .get("conversation-admissions")
            .mapValues((Output output) -> output.value(), Named.as("admissions"))
            .repartition(
                Repartitioned.with(Serdes.String(), Serdes.ByteArray())
                    .withName(ADMISSIONS_BY_PORTFOLIO)
                    .withNumberOfPartitions(partitions))
            .process(portfolioProcessor(config, metrics), Named.as(PORTFOLIO_PROCESSOR))
            .split(Named.as("portfolio-"))
            .branch(
                (key, output) -> Output.COMMANDS.equals(output.topic()), Branched.as("commands"))
            .defaultBranch(Branched.as("outputs"));

    conversationOutputs
        .get("conversation-commands")
        .merge(portfolioOutputs.get("portfolio-commands"), Named.as("merge-portfolio-commands"))
        .mapValues((Output output) -> output.value(), Named.as("commands"))
        .to(
            commandsTopic,
            Produced.with(Serdes.String(), Serdes.ByteArray())
                .withName(CONVERSATION_COMMANDS + "-sink"));

    // What account-level webhooks say about numbers, accounts and templates.
    Map<String, KStream<String, Output>> learned =
        raw(builder, Topics.ACCOUNT_EVENTS)
            .process(AccountEventInputs::new, Named.as("key-account-events"))
            .split(Named.as("account-events-"))
            .branch(
                (key, output) -> Output.TEMPLATE_ACTIONS.equals(output.topic()),
                Branched.as("templates"))
            .defaultBranch(Branched.as("numbers"));

    KStream<String, Output> numberStates =
        conversationOutputs
            .get("conversation-number-actions")
            .merge(learned.get("account-events-numbers"), Named.as("merge-learned-numbers"))
            .mapValues((Output output) -> output.value(), Named.as("number-actions"))
            .repartition(
                Repartitioned.with(Serdes.String(), Serdes.ByteArray())
                    .withName(NUMBER_ACTIONS_BY_NUMBER)
                    .withNumberOfPartitions(partitions))
            .process(numberStateProcessor(), Named.as(NUMBER_STATE_PROCESSOR));

    KStream<String, Output> templateStates =
        learned
            .get("account-events-templates")
            .mapValues((Output output) -> output.value(), Named.as("template-actions"))
            .repartition(
                Repartitioned.with(Serdes.String(), Serdes.ByteArray())
                    .withName(TEMPLATE_ACTIONS_BY_TEMPLATE)
                    .withNumberOfPartitions(partitions))
            .process(templateStateProcessor(), Named.as(TEMPLATE_STATE_PROCESSOR));

    conversationOutputs
        .get("conversation-outputs")
        .merge(intakeOutputs, Named.as("merge-intake-outputs"))
        .merge(numberStates, Named.as("merge-number-states"))
        .merge(templateStates, Named.as("merge-template-states"))
        .merge(portfolioOutputs.get("portfolio-outputs"), Named.as("merge-portfolio-outputs"))
        .to(Output.ROUTER, Produced.with(Serdes.String(), Output.SERDE).withName("outputs"));

    if (config.reports().enabled()) {
      Reports.addTo(builder, config, metrics, byRequestId, inbound);
    }
    return builder.build();
  }

  /**
   * The records of {@code keyed} on their key's partition: those already there go straight on, the
   * others through the repartition topic {@code name}.
   */
  private static <V> KStream<String, V> atHome(
      KStream<String, Routed<V>> keyed, String name, Serde<V> serde, int partitions) {
    Map<String, KStream<String, Routed<V>>> branches =
        keyed
            .split(Named.as(name + "-"))
            .branch((key, routed) -> routed.home(), Branched.as("home"))
            .defaultBranch(Branched.as("away"));
    KStream<String, V> home =
        branches.get(name + "-home").mapValues(Routed::value, Named.as(name + "-stays"));
    KStream<String, V> moved =
        branches
            .get(name + "-away")
            .mapValues(Routed::value, Named.as(name + "-moves"))
            .repartition(
                Repartitioned.with(Serdes.String(), serde)
                    .withName(name)
                    .withNumberOfPartitions(partitions));
    return home.merge(moved, Named.as(name + "-arrived"));
  }

  private static KStream<byte[], byte[]> raw(StreamsBuilder builder, Topic<String, ?> topic) {
    return builder.stream(
        topic.name(),
        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(topic.name() + "-source"));
  }

  /** A repartitioned send request as an event, with the contact intake found. */
  private static final class RequestEvents
      extends ContextualFixedKeyProcessor<String, SendRequest, ConversationEvent> {
    @Override
    public void process(FixedKeyRecord<String, SendRequest> record) {
      context()
          .forward(
              record.withValue(
                  ConversationInputs.request(
                      new Record<>(
                          record.key(), record.value(), record.timestamp(), record.headers()))));
    }
  }

  private static ProcessorSupplier<String, SendRequest, String, Intake> intake(
      WagateConfig config, ConversationMetrics metrics) {
    return new ProcessorSupplier<>() {
      @Override
      public RequestIntakeProcessor get() {
        return new RequestIntakeProcessor(config, metrics);
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(store(StoreNames.REQUEST_IDS, Serdes.Long()));
      }
    };
  }

  private static ProcessorSupplier<String, ConversationEvent, String, Output> conversationProcessor(
      WagateConfig config, ConversationMetrics metrics, ProcessingHook hook) {
    return new ProcessorSupplier<>() {
      @Override
      public ConversationProcessor get() {
        return new ConversationProcessor(config, metrics, hook);
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(
            store(StoreNames.CONVERSATIONS, StoreFormat.serde(Conversation.class)),
            store(StoreNames.REQUESTS, StoreFormat.serde(RequestRecord.class)),
            store(StoreNames.INBOUND_IDS, Serdes.Long()),
            store(StoreNames.MESSAGE_IDS, StoreFormat.serde(MessageLink.class)),
            store(StoreNames.TIMERS, Serdes.String()));
      }
    };
  }

  private static ProcessorSupplier<String, byte[], String, Output> numberStateProcessor() {
    return new ProcessorSupplier<>() {
      @Override
      public NumberStateProcessor get() {
        return new NumberStateProcessor();
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(store(StoreNames.NUMBER_STATE, StoreFormat.serde(NumberState.class)));
      }
    };
  }

  /** The topic of commands to conversations: the application's own, created at start-up. */
  public static String commandsTopic(WagateConfig config) {
    return config.applicationId() + "-" + CONVERSATION_COMMANDS;
  }

  private static ProcessorSupplier<String, byte[], String, Output> portfolioProcessor(
      WagateConfig config, ConversationMetrics metrics) {
    return new ProcessorSupplier<>() {
      @Override
      public PortfolioProcessor get() {
        return new PortfolioProcessor(config, metrics);
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(
            store(StoreNames.LIMIT_CONTACTS, Serdes.Long()),
            store(StoreNames.LIMIT_EXPIRIES, Serdes.String()),
            store(StoreNames.LIMIT_LEDGERS, StoreFormat.serde(PortfolioLedger.class)),
            store(StoreNames.LIMIT_HELD, StoreFormat.serde(HeldRequest.class)));
      }
    };
  }

  private static ProcessorSupplier<String, byte[], String, Output> templateStateProcessor() {
    return new ProcessorSupplier<>() {
      @Override
      public TemplateStateProcessor get() {
        return new TemplateStateProcessor();
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(store(StoreNames.TEMPLATE_STATE, StoreFormat.serde(TemplateState.class)));
      }
    };
  }

  private static <V> StoreBuilder<?> store(String name, Serde<V> serde) {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(name), Serdes.String(), serde);
  }

  private static <V> void addReferenceStore(
      StreamsBuilder builder,
      Topic<String, V> topic,
      String storeName,
      BinaryOperator<V> merge,
      BiFunction<V, Instant, V> stamp) {
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(storeName), topic.keySerde(), topic.valueSerde())
            .withLoggingDisabled(),
        topic.name(),
        Consumed.with(topic.keySerde(), topic.valueSerde()).withName(topic.name() + "-source"),
        () -> new ReferenceDataProcessor<>(storeName, merge, stamp));
  }

  /**
   * A template record from an earlier version of the ingress carries only name, language and
   * status: keep the category, parameter count and body already registered.
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
        update.body() != null ? update.body() : old.body(),
        update.updatedAt());
  }
}
