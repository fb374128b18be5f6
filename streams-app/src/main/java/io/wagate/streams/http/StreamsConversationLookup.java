package io.wagate.streams.http;

import io.wagate.schemas.events.BusinessNumberConfig;
import io.wagate.schemas.events.NumberState;
import io.wagate.streams.reference.BusinessNumber;
import io.wagate.streams.state.Conversation;
import io.wagate.streams.topology.StoreNames;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Looks conversations up with Kafka Streams' interactive queries: the key's metadata names the
 * instance whose active task holds it; that instance reads its local {@code conversation-store}
 * partition and the global business number registry.
 */
public final class StreamsConversationLookup implements ConversationLookup {

  private final KafkaStreams streams;
  private final HostInfo self;

  /**
   * @param streams the running application
   * @param self this instance's {@code application.server}
   */
  public StreamsConversationLookup(KafkaStreams streams, HostInfo self) {
    this.streams = streams;
    this.self = self;
  }

  @Override
  public Result find(String conversationKey, String businessNumber) {
    try {
      KeyQueryMetadata metadata =
          streams.queryMetadataForKey(
              StoreNames.CONVERSATIONS, conversationKey, Serdes.String().serializer());
      if (metadata == null
          || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)
          || metadata.activeHost().equals(HostInfo.unavailable())) {
        return unavailable();
      }
      if (!metadata.activeHost().equals(self)) {
        return new Remote(metadata.activeHost().host(), metadata.activeHost().port());
      }
      ReadOnlyKeyValueStore<String, Conversation> conversations =
          streams.store(
              StoreQueryParameters.fromNameAndType(
                      StoreNames.CONVERSATIONS,
                      QueryableStoreTypes.<String, Conversation>keyValueStore())
                  .withPartition(metadata.partition()));
      ReadOnlyKeyValueStore<String, BusinessNumberConfig> numbers =
          streams.store(
              StoreQueryParameters.fromNameAndType(
                  StoreNames.BUSINESS_NUMBERS,
                  QueryableStoreTypes.<String, BusinessNumberConfig>keyValueStore()));
      ReadOnlyKeyValueStore<String, NumberState> learned =
          streams.store(
              StoreQueryParameters.fromNameAndType(
                  StoreNames.NUMBER_STATES,
                  QueryableStoreTypes.<String, NumberState>keyValueStore()));
      return new Local(
          conversations.get(conversationKey),
          BusinessNumber.of(
              businessNumber, numbers.get(businessNumber), learned.get(businessNumber)));
    } catch (InvalidStateStoreException | IllegalStateException e) {
      // Not started, rebalancing, restoring or migrating: the caller should try again.
      return unavailable();
    }
  }

  private Unavailable unavailable() {
    return new Unavailable(
        "the conversation store is not queryable now (Kafka Streams is "
            + streams.state()
            + "); try again shortly");
  }
}
