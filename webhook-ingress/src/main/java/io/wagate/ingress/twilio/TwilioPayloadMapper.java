package io.wagate.ingress.twilio;

import io.wagate.ingress.UnparseablePayloadException;
import io.wagate.ingress.publish.WebhookRecord;
import io.wagate.schemas.Topics;
import io.wagate.schemas.contact.Contacts;
import io.wagate.schemas.contact.ConversationKey;
import io.wagate.schemas.contact.InvalidContactException;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.Provider;
import io.wagate.schemas.events.StatusCallback;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Maps Twilio's WhatsApp webhook form posts to contract records.
 *
 * <p>Twilio puts no event time in these posts, so {@code occurredAt} is the time the ingress
 * received the request, to the millisecond; so is the record timestamp, as for every record the
 * ingress publishes.
 *
 * <p>Inbound messages ({@code wa.inbound}): {@code From} ({@code whatsapp:+E164} or {@code
 * whatsapp:<user id>}) is the contact, {@code To} the business number, {@code MessageSid} the
 * message id, {@code ProfileName} the profile name. The type is, in order of precedence:
 *
 * <ol>
 *   <li>{@code button} when {@code ButtonPayload} or {@code ButtonText} is present: text = {@code
 *       ButtonText} (else {@code Body}), payload = {@code ButtonPayload};
 *   <li>Twilio's own {@code MessageType}, lower case, when present (text = {@code Body});
 *   <li>with {@code NumMedia > 0}, the major type of {@code MediaContentType0}: {@code image},
 *       {@code video}, {@code audio}, otherwise {@code document} (text = {@code Body}, the
 *       caption);
 *   <li>{@code location} when {@code Latitude} and {@code Longitude} are present;
 *   <li>{@code text} (text = {@code Body}).
 * </ol>
 *
 * <p>Status callbacks ({@code wa.status.callbacks}): {@code MessageSid}, {@code MessageStatus}
 * (lower case), {@code ErrorCode} and {@code ErrorMessage}; {@code To} is the contact and {@code
 * From} the business number; {@code requestId} is the {@code requestId} query parameter of the
 * callback URL. Twilio often sends an error code with an empty message: the title is then {@code
 * ""}, never null, so consumers can tell "failed without text" from "no error".
 */
public final class TwilioPayloadMapper {

  /**
   * Maps an inbound-message post.
   *
   * @param form the decoded form
   * @param receivedAt the receive time
   * @return the one {@code wa.inbound} record
   * @throws UnparseablePayloadException when a required parameter is missing or a number invalid
   */
  public List<WebhookRecord<?, ?>> inbound(Map<String, List<String>> form, Instant receivedAt)
      throws UnparseablePayloadException {
    String contact = contact(form, "From");
    String business = businessNumber(form, "To");
    String body = value(form, "Body");
    String buttonPayload = value(form, "ButtonPayload");
    String buttonText = value(form, "ButtonText");
    String type;
    String text = body;
    if (buttonPayload != null || buttonText != null) {
      type = "button";
      text = buttonText != null ? buttonText : body;
    } else if (value(form, "MessageType") != null) {
      type = value(form, "MessageType").toLowerCase(Locale.ROOT);
    } else if (mediaCount(form) > 0) {
      type = mediaType(value(form, "MediaContentType0"));
    } else if (value(form, "Latitude") != null && value(form, "Longitude") != null) {
      type = "location";
    } else {
      type = "text";
    }
    Instant occurredAt = receivedAt.truncatedTo(ChronoUnit.MILLIS);
    InboundMessage inbound =
        new InboundMessage(
            Provider.TWILIO,
            messageSid(form),
            business,
            contact,
            value(form, "ProfileName"),
            type,
            text,
            buttonPayload,
            occurredAt,
            null,
            null);
    return List.of(
        WebhookRecord.of(
            Topics.INBOUND,
            new ConversationKey(business, contact).toString(),
            inbound,
            occurredAt));
  }

  /**
   * Maps a status-callback post.
   *
   * @param form the decoded form
   * @param requestId the {@code requestId} query parameter of the callback URL, or null
   * @param receivedAt the receive time
   * @return the one {@code wa.status.callbacks} record
   * @throws UnparseablePayloadException when a required parameter is missing or a number invalid
   */
  public List<WebhookRecord<?, ?>> status(
      Map<String, List<String>> form, @Nullable String requestId, Instant receivedAt)
      throws UnparseablePayloadException {
    String contact = contact(form, "To");
    String business = businessNumber(form, "From");
    String status = value(form, "MessageStatus");
    if (status == null) {
      // Older accounts still name it SmsStatus.
      status = value(form, "SmsStatus");
    }
    if (status == null) {
      throw new UnparseablePayloadException("MessageStatus is missing");
    }
    String errorCode = value(form, "ErrorCode");
    String errorMessage = value(form, "ErrorMessage");
    String errorTitle = errorCode != null && errorMessage == null ? "" : errorMessage;
    Instant occurredAt = receivedAt.truncatedTo(ChronoUnit.MILLIS);
    StatusCallback callback =
        new StatusCallback(
            Provider.TWILIO,
            messageSid(form),
            requestId == null || requestId.isBlank() ? null : requestId,
            business,
            contact,
            status.toLowerCase(Locale.ROOT),
            errorCode,
            errorTitle,
            occurredAt,
            null);
    return List.of(
        WebhookRecord.of(
            Topics.STATUS_CALLBACKS,
            new ConversationKey(business, contact).toString(),
            callback,
            occurredAt));
  }

  private static @Nullable String messageSid(Map<String, List<String>> form) {
    String sid = value(form, "MessageSid");
    return sid != null ? sid : value(form, "SmsMessageSid");
  }

  private static String contact(Map<String, List<String>> form, String name)
      throws UnparseablePayloadException {
    String raw = value(form, name);
    if (raw == null) {
      throw new UnparseablePayloadException(name + " is missing");
    }
    try {
      return Contacts.canonicalize(raw, null);
    } catch (InvalidContactException e) {
      throw new UnparseablePayloadException(name + " is not a contact: " + e.getMessage(), e);
    }
  }

  private static String businessNumber(Map<String, List<String>> form, String name)
      throws UnparseablePayloadException {
    String raw = value(form, name);
    if (raw == null) {
      throw new UnparseablePayloadException(name + " is missing");
    }
    try {
      return Contacts.canonicalizeBusinessNumber(raw);
    } catch (InvalidContactException e) {
      throw new UnparseablePayloadException(
          name + " is not a business number: " + e.getMessage(), e);
    }
  }

  private static int mediaCount(Map<String, List<String>> form) throws UnparseablePayloadException {
    String count = value(form, "NumMedia");
    if (count == null) {
      return 0;
    }
    try {
      return Integer.parseInt(count);
    } catch (NumberFormatException e) {
      throw new UnparseablePayloadException("NumMedia is not a number", e);
    }
  }

  private static String mediaType(@Nullable String contentType) {
    String major =
        contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).split("/", 2)[0].strip();
    return switch (major) {
      case "image", "video", "audio" -> major;
      default -> "document";
    };
  }

  /** The first value of {@code name}; null when absent or empty. */
  private static @Nullable String value(Map<String, List<String>> form, String name) {
    List<String> values = form.get(name);
    if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
      return null;
    }
    return values.get(0);
  }
}
