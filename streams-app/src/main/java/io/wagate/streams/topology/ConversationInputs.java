package io.wagate.streams.topology;

import io.wagate.schemas.contact.Contacts;
import io.wagate.schemas.contact.ConversationKey;
import io.wagate.schemas.contact.InvalidContactException;
import io.wagate.schemas.events.ConsentEvent;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.StatusCallback;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Record;
import org.jspecify.annotations.Nullable;

/**
 * Turns each input record into a conversation event keyed by its conversation, or fails it with
 * {@link InvalidRecordException} so that it goes to the dead-letter topic.
 */
public final class ConversationInputs {

  private ConversationInputs() {}

  /** Header carrying a send request's canonical contact across the repartition topic. */
  static final String CONTACT_HEADER = "wagate.contact";

  /**
   * Keys a send request by its conversation: its business number and canonical contact, or the
   * {@code to} as given when it is not a valid number (the request is then rejected, keyed so). The
   * canonical contact rides along in a header, so the number is parsed once.
   */
  public static Record<String, SendRequest> keyRequest(Record<String, SendRequest> record) {
    SendRequest request = record.value();
    if (request == null || request.requestId() == null || request.requestId().isBlank()) {
      throw new InvalidRecordException("send request has no requestId");
    }
    String contact = Contacts.tryCanonicalize(request.to(), request.defaultRegion());
    Headers headers = new RecordHeaders(record.headers().toArray());
    headers.remove(CONTACT_HEADER);
    if (contact != null) {
      headers.add(CONTACT_HEADER, contact.getBytes(StandardCharsets.UTF_8));
    }
    String key =
        nullToEmpty(request.businessNumber())
            + "|"
            + (contact == null ? nullToEmpty(request.to()) : contact);
    return record.withKey(key).withHeaders(headers);
  }

  /** A repartitioned send request as an event, with the contact {@link #keyRequest} found. */
  public static ConversationEvent request(Record<String, SendRequest> record) {
    Header contact = record.headers().lastHeader(CONTACT_HEADER);
    return new ConversationEvent.Request(
        record.value(),
        contact == null ? null : new String(contact.value(), StandardCharsets.UTF_8));
  }

  /** The conversation key of a consent record. */
  public static String consentKey(ConsentEvent consent) {
    if (consent.status() == null) {
      throw new InvalidRecordException("consent has no valid status");
    }
    return key(consent.businessNumber(), consent.contact(), consent.defaultRegion(), "consent");
  }

  /** A repartitioned consent record as an event. */
  public static ConversationEvent consent(String key, ConsentEvent consent) {
    return new ConversationEvent.Consent(consent, ConversationKey.parse(key).contact());
  }

  /** An inbound message keyed by its conversation, its contact canonical. */
  public static KeyValue<String, ConversationEvent> inbound(InboundMessage message) {
    if (message.provider() == null || message.type() == null || message.occurredAt() == null) {
      throw new InvalidRecordException("inbound message lacks provider, type or occurredAt");
    }
    String key = key(message.businessNumber(), message.contact(), null, "inbound message");
    ConversationKey conversation = ConversationKey.parse(key);
    InboundMessage canonical =
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
            message.newContact());
    return KeyValue.pair(key, new ConversationEvent.Inbound(canonical));
  }

  /** A status callback keyed by its conversation, its contact canonical. */
  public static KeyValue<String, ConversationEvent> callback(StatusCallback callback) {
    if (callback.status() == null || callback.occurredAt() == null) {
      throw new InvalidRecordException("status callback lacks status or occurredAt");
    }
    String key = key(callback.businessNumber(), callback.contact(), null, "status callback");
    ConversationKey conversation = ConversationKey.parse(key);
    StatusCallback canonical =
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
            callback.userId());
    return KeyValue.pair(key, new ConversationEvent.Callback(canonical));
  }

  private static String key(
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

  private static String nullToEmpty(@Nullable String value) {
    return value == null ? "" : value;
  }
}
