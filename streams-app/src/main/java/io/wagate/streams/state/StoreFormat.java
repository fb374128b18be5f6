package io.wagate.streams.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.wagate.schemas.Json;
import io.wagate.schemas.JsonSerde;

/**
 * How wagate writes its own state stores and changelogs. Only wagate reads them, so times are epoch
 * milliseconds and absent values are left out: cheaper to write and read on every event than the
 * contract's ISO-8601 strings (the profile showed Instant formatting and parsing as a large share
 * of the hot path).
 */
public final class StoreFormat {

  private static final ObjectMapper MAPPER =
      Json.MAPPER
          .copy()
          .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS)
          .disable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private StoreFormat() {}

  /** The store serde of {@code type}. */
  public static <T> JsonSerde<T> serde(Class<T> type) {
    return JsonSerde.of(type, MAPPER);
  }
}
