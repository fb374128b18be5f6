package io.wagate.sender.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wagate.schemas.Json;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.OutboundMessage;
import io.wagate.schemas.events.TemplateContent;
import io.wagate.sender.config.NumberSettings;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Meta's Cloud API: {@code POST /{version}/{phone-number-id}/messages} with a bearer token, and
 * what its answers mean. Pure: builds and reads bytes, sends nothing.
 */
public final class MetaApi {

  /**
   * Codes of Meta's throttling errors, retried with backoff: API calls (4), the WhatsApp Business
   * Account's rate (80007), the number's throughput (130429) and the pair rate to one user
   * (131056).
   */
  static final Set<String> RATE_LIMIT_CODES = Set.of("4", "80007", "130429", "131056");

  private MetaApi() {}

  /**
   * The request that sends {@code message}, with {@code biz_opaque_callback_data} = its requestId
   * so that Meta's status webhooks carry it back.
   *
   * @param message the message
   * @param number the business number's settings
   * @param baseUrl the Graph API, e.g. {@code https://graph.facebook.com}
   * @param version the Graph API version, e.g. {@code v24.0}
   * @return the request
   * @throws IllegalArgumentException when the message lacks the part its kind needs
   */
  public static ProviderRequest request(
      OutboundMessage message, NumberSettings number, String baseUrl, String version) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("messaging_product", "whatsapp");
    body.put("recipient_type", "individual");
    String to = message.to();
    if (to.startsWith("+")) {
      body.put("to", to.substring(1));
    } else {
      // A business-scoped user id (e.g. US.13491208655302741918) has no number to write to.
      body.put("recipient", to);
    }
    if (message.kind() == Kind.TEMPLATE) {
      template(body, message.template());
    } else {
      if (message.text() == null || message.text().body() == null) {
        throw new IllegalArgumentException("a TEXT message without text.body");
      }
      body.put("type", "text");
      ObjectNode text = body.putObject("text");
      text.put("preview_url", Boolean.TRUE.equals(message.text().previewUrl()));
      text.put("body", message.text().body());
    }
    body.put("biz_opaque_callback_data", message.requestId());
    URI uri = URI.create(baseUrl + "/" + version + "/" + number.phoneNumberId() + "/messages");
    return new ProviderRequest(
        uri,
        Map.of("Authorization", "Bearer " + number.accessToken()),
        "application/json",
        bytes(body));
  }

  private static void template(ObjectNode body, @Nullable TemplateContent content) {
    if (content == null || content.name() == null || content.language() == null) {
      throw new IllegalArgumentException("a TEMPLATE message without template name and language");
    }
    body.put("type", "template");
    ObjectNode template = body.putObject("template");
    template.put("name", content.name());
    template.putObject("language").put("code", content.language());
    List<@Nullable String> parameters = content.parameters();
    if (parameters != null && !parameters.isEmpty()) {
      ObjectNode component = template.putArray("components").addObject();
      component.put("type", "body");
      ArrayNode values = component.putArray("parameters");
      for (String parameter : parameters) {
        values.addObject().put("type", "text").put("text", parameter == null ? "" : parameter);
      }
    }
  }

  /**
   * What an answer means: a message id, a throttling error to retry, or an error for the catalog.
   *
   * @param status the HTTP status
   * @param body the answer's body
   * @param retryAfter its {@code Retry-After}, or null
   * @return the result
   */
  public static SendResult answer(int status, byte[] body, @Nullable Duration retryAfter) {
    JsonNode json = parse(body);
    if (status / 100 == 2) {
      String id = json == null ? "" : json.path("messages").path(0).path("id").asText("");
      return id.isEmpty()
          ? new SendResult.Unconfirmed("Meta answered " + status + " without a message id")
          : new SendResult.Accepted(id);
    }
    JsonNode error = json == null ? null : json.get("error");
    if (error == null || !error.path("code").canConvertToLong()) {
      return HttpAnswers.withoutProviderError(status, retryAfter);
    }
    String code = error.path("code").asText();
    String title = ErrorTitles.clean(error.path("message").asText(""));
    if (RATE_LIMIT_CODES.contains(code) || status == HttpAnswers.TOO_MANY_REQUESTS) {
      return new SendResult.Retryable(code, title, retryAfter, true);
    }
    return new SendResult.Rejected(code, title);
  }

  private static @Nullable JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return null;
    }
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return Json.MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree cannot fail to serialise", e);
    }
  }
}
