package io.wagate.streams.http;

import io.wagate.schemas.events.BusinessNumberConfig;
import io.wagate.schemas.events.NumberState;
import io.wagate.schemas.events.Portfolio;
import io.wagate.streams.http.ReportLookup.Answer;
import io.wagate.streams.http.ReportLookup.Local;
import io.wagate.streams.http.ReportLookup.Remote;
import io.wagate.streams.http.ReportLookup.Unavailable;
import io.wagate.streams.state.HeldRequest;
import io.wagate.streams.state.PortfolioLedger;
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
 * Looks portfolios up with Kafka Streams' interactive queries. Admissions reach the {@code
 * portfolio-processor} through the {@code admissions-by-portfolio} repartition topic, keyed by
 * portfolio id with the String serializer and the default partitioner, so the key's metadata for
 * the {@code limit-ledger-store} with that serializer names the instance whose task counts the
 * portfolio; that instance reads its partitions of the limit stores.
 */
public final class StreamsPortfolioLookup implements PortfolioLookup {

  private final KafkaStreams streams;
  private final HostInfo self;

  /**
   * @param streams the running application
   * @param self this instance's {@code application.server}
   */
  public StreamsPortfolioLookup(KafkaStreams streams, HostInfo self) {
    this.streams = streams;
    this.self = self;
  }

  @Override
  public Answer<PortfolioView> portfolio(String portfolioId) {
    try {
      KeyQueryMetadata metadata =
          streams.queryMetadataForKey(
              StoreNames.LIMIT_LEDGERS, portfolioId, Serdes.String().serializer());
      if (metadata == null
          || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)
          || metadata.activeHost().equals(HostInfo.unavailable())) {
        return unavailable();
      }
      if (!metadata.activeHost().equals(self)) {
        return new Remote<>(metadata.activeHost().host(), metadata.activeHost().port());
      }
      int partition = metadata.partition();
      PortfolioStores stores =
          new PortfolioStores(
              this.<PortfolioLedger>local(StoreNames.LIMIT_LEDGERS, partition),
              this.<String>local(StoreNames.LIMIT_EXPIRIES, partition),
              this.<HeldRequest>local(StoreNames.LIMIT_HELD, partition),
              this.<Portfolio>global(StoreNames.PORTFOLIOS),
              this.<BusinessNumberConfig>global(StoreNames.BUSINESS_NUMBERS),
              this.<NumberState>global(StoreNames.NUMBER_STATES));
      return new Local<>(stores.read(portfolioId));
    } catch (InvalidStateStoreException | IllegalStateException e) {
      // Not started, rebalancing, restoring or migrating: the caller should try again.
      return unavailable();
    }
  }

  private <V> ReadOnlyKeyValueStore<String, V> local(String name, int partition) {
    return streams.store(
        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
            .withPartition(partition));
  }

  private <V> ReadOnlyKeyValueStore<String, V> global(String name) {
    return streams.store(
        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
  }

  private <T> Unavailable<T> unavailable() {
    return new Unavailable<>(
        "the portfolio stores are not queryable now (Kafka Streams is "
            + streams.state()
            + "); try again shortly");
  }
}
