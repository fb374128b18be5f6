package io.wagate.sender.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wagate.schemas.Json;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.OutboundMessage;
import io.wagate.schemas.events.TemplateContent;
import io.wagate.sender.config.NumberSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Twilio's Messages API: {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json}, form-encoded
 * with basic auth, and what its answers mean. Pure: builds and reads bytes, sends nothing.
 */
public final class TwilioApi {

  /** Code of a template without a configured Content SID; Twilio never sees such a message. */
  public static final String NO_CONTENT_SID = "WAGATE-SENDER-NO-CONTENT-SID";

  /** The ingress's endpoint for Twilio's status callbacks. */
  public static final String STATUS_CALLBACK_PATH = "/webhooks/twilio/status";

  /** Twilio's "Too Many Requests": the account's API concurrency or rate. */
  static final Set<String> RATE_LIMIT_CODES = Set.of("20429");

  private TwilioApi() {}

  /**
   * The request that sends {@code message}, with {@code StatusCallback} = the ingress's status URL
   * and {@code requestId} in its query, so that Twilio's callbacks carry the requestId back.
   *
   * @param message the message
   * @param number the business number's settings
   * @param baseUrl Twilio's API, e.g. {@code https://api.twilio.com}
   * @param publicBaseUrl the ingress's public URL
   * @return the request
   * @throws UnsendableException when a template has no Content SID configured
   * @throws IllegalArgumentException when the message lacks the part its kind needs
   */
  public static ProviderRequest request(
      OutboundMessage message, NumberSettings number, String baseUrl, String publicBaseUrl)
      throws UnsendableException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("To", "whatsapp:" + message.to());
    form.put("From", "whatsapp:" + number.businessNumber());
    if (message.kind() == Kind.TEMPLATE) {
      TemplateContent template = message.template();
      if (template == null || template.name() == null) {
        throw new IllegalArgumentException("a TEMPLATE message without template name");
      }
      String sid = number.contentSid(template.name(), template.language());
      if (sid == null) {
        throw new UnsendableException(
            NO_CONTENT_SID,
            "no Content SID configured for template "
                + template.name()
                + ":"
                + template.language()
                + " of this business number");
      }
      form.put("ContentSid", sid);
      String variables = variables(template.parameters());
      if (variables != null) {
        form.put("ContentVariables", variables);
      }
    } else {
      if (message.text() == null || message.text().body() == null) {
        throw new IllegalArgumentException("a TEXT message without text.body");
      }
      form.put("Body", message.text().body());
    }
    form.put(
        "StatusCallback",
        publicBaseUrl
            + STATUS_CALLBACK_PATH
            + "?requestId="
            + URLEncoder.encode(message.requestId(), StandardCharsets.UTF_8));
    String credentials = number.username() + ":" + number.password();
    return new ProviderRequest(
        URI.create(baseUrl + "/2010-04-01/Accounts/" + number.accountSid() + "/Messages.json"),
        Map.of(
            "Authorization",
            "Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))),
        "application/x-www-form-urlencoded",
        encode(form).getBytes(StandardCharsets.UTF_8));
  }

  /** Twilio's ContentVariables: the body parameters as {"1": …, "2": …}. */
  private static @Nullable String variables(@Nullable List<@Nullable String> parameters) {
    if (parameters == null || parameters.isEmpty()) {
      return null;
    }
    ObjectNode variables = Json.MAPPER.createObjectNode();
    for (int i = 0; i < parameters.size(); i++) {
      String value = parameters.get(i);
      variables.put(Integer.toString(i + 1), value == null ? "" : value);
    }
    return new String(MetaApi.bytes(variables), StandardCharsets.UTF_8);
  }

  private static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            field ->
                URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /**
   * What an answer means: a message SID, a rate limit to retry, or an error for the catalog.
   *
   * @param status the HTTP status
   * @param body the answer's body
   * @param retryAfter its {@code Retry-After}, or null
   * @return the result
   */
  public static SendResult answer(int status, byte[] body, @Nullable Duration retryAfter) {
    JsonNode json = parse(body);
    if (status / 100 == 2) {
      String sid = json == null ? "" : json.path("sid").asText("");
      return sid.isEmpty()
          ? new SendResult.Unconfirmed("Twilio answered " + status + " without a message SID")
          : new SendResult.Accepted(sid);
    }
    if (json == null || !json.path("code").canConvertToLong()) {
      return HttpAnswers.withoutProviderError(status, retryAfter);
    }
    String code = json.path("code").asText();
    String title = ErrorTitles.clean(json.path("message").asText(""));
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
}
