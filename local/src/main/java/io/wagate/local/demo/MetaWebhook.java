package io.wagate.local.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wagate.schemas.Json;
import java.time.Instant;

/**
 * The body of a Meta Cloud API webhook that carries one text message from a contact, as Meta posts
 * it to {@code POST /webhooks/meta}.
 */
public final class MetaWebhook {

  private MetaWebhook() {}

  /**
   * One inbound text message.
   *
   * @param businessNumber the business line in E.164; Meta's {@code display_phone_number}
   * @param contact the sender in E.164; Meta writes it without the plus ({@code wa_id}, {@code
   *     from})
   * @param profileName the sender's WhatsApp profile name
   * @param messageId Meta's message id ({@code wamid.…})
   * @param sentAt when the contact sent it; Meta sends whole seconds
   * @param text the message text
   * @return the compact JSON bytes, exactly what is signed and posted
   */
  public static byte[] textMessage(
      String businessNumber,
      String contact,
      String profileName,
      String messageId,
      Instant sentAt,
      String text) {
    String waId = withoutPlus(contact);
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("object", "whatsapp_business_account");
    ObjectNode entry = body.putArray("entry").addObject();
    entry.put("id", "102290129340398");
    ObjectNode change = entry.putArray("changes").addObject();
    change.put("field", "messages");
    ObjectNode value = change.putObject("value");
    value.put("messaging_product", "whatsapp");
    ObjectNode metadata = value.putObject("metadata");
    metadata.put("display_phone_number", withoutPlus(businessNumber));
    metadata.put("phone_number_id", "106540352242922");
    ObjectNode sender = value.putArray("contacts").addObject();
    sender.putObject("profile").put("name", profileName);
    sender.put("wa_id", waId);
    ObjectNode message = value.putArray("messages").addObject();
    message.put("from", waId);
    message.put("id", messageId);
    message.put("timestamp", Long.toString(sentAt.getEpochSecond()));
    message.put("type", "text");
    message.putObject("text").put("body", text);
    try {
      return Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree cannot fail to serialise", e);
    }
  }

  private static String withoutPlus(String number) {
    return number.startsWith("+") ? number.substring(1) : number;
  }
}
