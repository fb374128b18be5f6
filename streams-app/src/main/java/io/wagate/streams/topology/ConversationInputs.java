package io.wagate.streams.topology;

import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import io.wagate.schemas.contact.Contacts;
import io.wagate.schemas.contact.ConversationKey;
import io.wagate.schemas.contact.InvalidContactException;
import io.wagate.schemas.events.ConsentEvent;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.StatusCallback;
import io.wagate.streams.config.WagateConfig;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jspecify.annotations.Nullable;

/**
 * Turns each input record into a record keyed by where it belongs, whatever its producer's key or
 * partitioner: send requests by request id, everything else by canonical conversation key. Each
 * says whether it already sits on that key's partition ({@link Routed#home()}); the topology sends
 * the others through a repartition topic. A record that cannot be keyed fails with {@link
 * InvalidRecordException} (or the serde's exception) and goes to {@code wa.dlq} whole.
 */
public final class ConversationInputs {

  /** Header carrying a send request's canonical contact, so its number is parsed once. */
  public static final String CONTACT_HEADER = "wagate.contact";

  /** Header on a send request cut to its identity because it was too large to forward whole. */
  public static final String OVERSIZE_HEADER = "wagate.oversize";

  /** The longest request id, number or contact a request may carry and still be answered. */
  private static final int MAX_IDENTITY_CHARS = 4_096;

  private ConversationInputs() {}

  /** Keys send requests by request id. */
  public static ProcessorSupplier<byte[], byte[], String, Routed<SendRequest>> requestsById(
      WagateConfig config) {
    return () ->
        new Keyer<>(Topics.SEND_REQUESTS, config) {
          @Override
          KeyValue<String, SendRequest> key(SendRequest request, int size, Headers headers) {
            String id = request.requestId();
            if (id == null || id.isBlank()) {
              throw new InvalidRecordException("send request has no requestId");
            }
            headers.remove(OVERSIZE_HEADER);
            if (size <= config.maxInputBytes()) {
              return KeyValue.pair(id, request);
            }
            if (length(id) + length(request.businessNumber()) + length(request.to())
                > MAX_IDENTITY_CHARS) {
              throw new InvalidRecordException(
                  "send request of " + size + " bytes has an id, number or contact too long");
            }
            // Too large to forward whole: its identity goes on, to be rejected as TOO_LONG once
            // the id is known to be new.
            headers.add(OVERSIZE_HEADER, Integer.toString(size).getBytes(StandardCharsets.UTF_8));
            return KeyValue.pair(
                id,
                new SendRequest(
                    id,
                    request.businessNumber(),
                    request.to(),
                    request.defaultRegion(),
                    request.kind(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    request.smsFallback(),
                    request.createdAt()));
          }
        };
  }

  /** Keys consent records by conversation. */
  public static ProcessorSupplier<byte[], byte[], String, Routed<ConsentEvent>> consent(
      WagateConfig config) {
    return () ->
        new Keyer<>(Topics.CONSENT, config) {
          @Override
          KeyValue<String, ConsentEvent> key(ConsentEvent consent, int size, Headers headers) {
            refuseOversize(size, config, "consent record");
            if (consent.status() == null) {
              throw new InvalidRecordException("consent has no valid status");
            }
            String key =
                conversationKey(
                    consent.businessNumber(),
                    consent.contact(),
                    consent.defaultRegion(),
                    "consent");
            return KeyValue.pair(key, consent);
          }
        };
  }

  /** Keys inbound messages by conversation, their contact canonical. */
  public static ProcessorSupplier<byte[], byte[], String, Routed<InboundMessage>> inbound(
      WagateConfig config) {
    return () ->
        new Keyer<>(Topics.INBOUND, config) {
          @Override
          KeyValue<String, InboundMessage> key(InboundMessage message, int size, Headers headers) {
            refuseOversize(size, config, "inbound message");
            if (message.provider() == null
                || message.type() == null
                || message.occurredAt() == null) {
              throw new InvalidRecordException(
                  "inbound message lacks provider, type or occurredAt");
            }
            String key =
                conversationKey(
                    message.businessNumber(), message.contact(), null, "inbound message");
            ConversationKey conversation = ConversationKey.parse(key);
            return KeyValue.pair(
                key,
                new InboundMessage(
                    message.provider(),
                    message.providerMessageId(),
                    conversation.businessNumber(),
                    conversation.contact(),
                    message.profileName(),
                    message.type(),
                    message.text(),
                    message.buttonPayload(),
                    message.occurredAt(),
                    message.userId(),
                    message.newContact() == null
                        ? null
                        : Contacts.tryCanonicalize(message.newContact(), null)));
          }
        };
  }

  /** Keys status callbacks by conversation, their contact canonical. */
  public static ProcessorSupplier<byte[], byte[], String, Routed<StatusCallback>> callbacks(
      WagateConfig config) {
    return () ->
        new Keyer<>(Topics.STATUS_CALLBACKS, config) {
          @Override
          KeyValue<String, StatusCallback> key(StatusCallback callback, int size, Headers headers) {
            refuseOversize(size, config, "status callback");
            if (callback.status() == null || callback.occurredAt() == null) {
              throw new InvalidRecordException("status callback lacks status or occurredAt");
            }
            String key =
                conversationKey(
                    callback.businessNumber(), callback.contact(), null, "status callback");
            ConversationKey conversation = ConversationKey.parse(key);
            return KeyValue.pair(
                key,
                new StatusCallback(
                    callback.provider(),
                    callback.providerMessageId(),
                    callback.requestId(),
                    conversation.businessNumber(),
                    conversation.contact(),
                    callback.status(),
                    callback.errorCode(),
                    callback.errorTitle(),
                    callback.occurredAt(),
                    callback.userId()));
          }
        };
  }

  /** A send request on its conversation's partition as an event, with the contact intake found. */
  public static ConversationEvent request(Record<String, SendRequest> record) {
    Header contact = record.headers().lastHeader(CONTACT_HEADER);
    if (contact == null) {
      throw new InvalidRecordException("send request reached its conversation without a contact");
    }
    return new ConversationEvent.Request(
        record.value(), new String(contact.value(), StandardCharsets.UTF_8));
  }

  /** A consent record on its conversation's partition as an event. */
  public static ConversationEvent consent(String key, ConsentEvent consent) {
    return new ConversationEvent.Consent(consent, ConversationKey.parse(key).contact());
  }

  /** The size of a request that was cut to its identity, or null when it came whole. */
  public static @Nullable Integer oversize(Headers headers) {
    Header header = headers.lastHeader(OVERSIZE_HEADER);
    return header == null
        ? null
        : Integer.valueOf(new String(header.value(), StandardCharsets.UTF_8));
  }

  private static void refuseOversize(int size, WagateConfig config, String what) {
    if (size > config.maxInputBytes()) {
      throw new InvalidRecordException(
          what
              + " of "
              + size
              + " bytes is larger than wagate forwards ("
              + config.maxInputBytes()
              + ")");
    }
  }

  private static String conversationKey(
      @Nullable String businessNumber,
      @Nullable String contact,
      @Nullable String region,
      String what) {
    try {
      String number = Contacts.canonicalizeBusinessNumber(businessNumber);
      return new ConversationKey(number, Contacts.canonicalize(contact, region)).toString();
    } catch (InvalidContactException e) {
      throw new InvalidRecordException(what + " has no valid business number or contact");
    }
  }

  private static int length(@Nullable String value) {
    return value == null ? 0 : value.length();
  }

  /**
   * Decodes a record of {@code topic}, keys it, and says whether it is on its key's partition.
   *
   * @param <V> the topic's record type
   */
  private abstract static class Keyer<V>
      extends ContextualProcessor<byte[], byte[], String, Routed<V>> {

    private final Topic<String, V> topic;
    private final int partitions;

    Keyer(Topic<String, V> topic, WagateConfig config) {
      this.topic = topic;
      this.partitions = config.partitions();
    }

    /** The record's key and (possibly canonical) value; may change its headers. */
    abstract KeyValue<String, V> key(V value, int size, Headers headers);

    @Override
    public void process(Record<byte[], byte[]> record) {
      byte[] raw = record.value();
      V value = topic.valueSerde().deserializer().deserialize(topic.name(), raw);
      if (value == null) {
        throw new InvalidRecordException("record on " + topic.name() + " has no value");
      }
      Headers headers = new RecordHeaders(record.headers().toArray());
      KeyValue<String, V> keyed = key(value, raw.length, headers);
      int partition = context().recordMetadata().map(RecordMetadata::partition).orElse(0);
      if (partition >= partitions) {
        throw new PartitionCountMismatchException(topic.name(), partition, partitions);
      }
      boolean home = Partitioning.isHome(keyed.key, partition, partitions);
      context()
          .forward(
              record
                  .withKey(keyed.key)
                  .withValue(new Routed<>(keyed.value, home))
                  .withHeaders(headers));
    }
  }
}
