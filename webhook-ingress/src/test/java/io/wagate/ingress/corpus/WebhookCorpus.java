package io.wagate.ingress.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.wagate.ingress.UnparseablePayloadException;
import io.wagate.ingress.meta.MetaPayloadMapper;
import io.wagate.ingress.publish.WebhookRecord;
import io.wagate.ingress.twilio.FormBody;
import io.wagate.ingress.twilio.TwilioPayloadMapper;
import io.wagate.schemas.Json;
import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;

/**
 * The corpus of real webhook bodies under {@code src/test/resources/corpus/}: {@code manifest.json}
 * lists each case with its body, endpoint, the records it must become and where it came from.
 */
final class WebhookCorpus {

  /** What stands for the receive time in expected files. */
  static final String RECEIVED_AT = "$receivedAt";

  private static final String DIRECTORY = "/corpus/";

  private WebhookCorpus() {}

  /**
   * One webhook body of the corpus.
   *
   * @param name e.g. {@code meta/text}
   * @param provider {@code META} or {@code TWILIO}
   * @param endpoint the path and query it is posted to
   * @param body the resource of the body, under {@code corpus/}
   * @param expected the resource of the expected records, under {@code corpus/}
   * @param covers what the case stands for, e.g. {@code message:text}
   * @param source where the body came from
   * @param personalData what was replaced
   */
  record Case(
      String name,
      String provider,
      String endpoint,
      String body,
      String expected,
      List<String> covers,
      String source,
      String personalData) {

    @Override
    public String toString() {
      return name;
    }

    /** The body, byte for byte. */
    byte[] bytes() {
      return resource(body);
    }

    /** A Twilio body's parameters in posting order. */
    List<Entry<String, String>> form() {
      List<Entry<String, String>> params = new ArrayList<>();
      for (String pair : new String(bytes(), StandardCharsets.UTF_8).split("&")) {
        String[] nameValue = pair.split("=", 2);
        params.add(
            Map.entry(
                java.net.URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8),
                java.net.URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8)));
      }
      return params;
    }

    /** What the ingress maps the body to, as it does when the body arrives at {@code at}. */
    List<WebhookRecord<?, ?>> map(Instant at) throws UnparseablePayloadException {
      if (provider.equals("META")) {
        return new MetaPayloadMapper().map(bytes(), at);
      }
      TwilioPayloadMapper twilio = new TwilioPayloadMapper();
      URI uri = URI.create(endpoint);
      if (uri.getPath().endsWith("/inbound")) {
        return twilio.inbound(FormBody.parse(bytes()), at);
      }
      String query = uri.getQuery();
      String requestId =
          query == null
              ? null
              : FormBody.parse(query.getBytes(StandardCharsets.UTF_8)).get("requestId").get(0);
      return twilio.status(FormBody.parse(bytes()), requestId, at);
    }

    /** The expected records, each {@code {topic, key, value}}, with the receive time filled in. */
    List<JsonNode> expectedRecords(Instant receivedAt) {
      JsonNode expected = read(resource(this.expected));
      List<JsonNode> records = new ArrayList<>();
      expected.forEach(record -> records.add(fill(record.deepCopy(), receivedAt.toString())));
      return records;
    }
  }

  /** Every case of the manifest. */
  static List<Case> cases() {
    JsonNode manifest = read(resource("manifest.json"));
    List<Case> cases = new ArrayList<>();
    for (JsonNode entry : manifest.path("cases")) {
      try {
        cases.add(Json.MAPPER.treeToValue(entry, Case.class));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return cases;
  }

  /** A record as it is compared: its topic, key and value as JSON. */
  static JsonNode asJson(String topic, String key, byte[] value) {
    ObjectNode record = Json.MAPPER.createObjectNode();
    record.put("topic", topic);
    record.put("key", key);
    record.set("value", read(value));
    return record;
  }

  /** A mapped record as it is compared. */
  static JsonNode asJson(WebhookRecord<?, ?> record) {
    var producerRecord = record.toProducerRecord();
    return asJson(
        record.topic().name(),
        producerRecord.key() == null
            ? null
            : new String(producerRecord.key(), StandardCharsets.UTF_8),
        producerRecord.value());
  }

  /** The topics a corpus record may be on. */
  static List<Topic<?, ?>> topics() {
    return List.of(Topics.INBOUND, Topics.STATUS_CALLBACKS, Topics.ACCOUNT_EVENTS, Topics.DLQ);
  }

  private static JsonNode fill(JsonNode node, String receivedAt) {
    if (node instanceof ObjectNode object) {
      object
          .fields()
          .forEachRemaining(
              field -> {
                if (field.getValue().isTextual() && field.getValue().asText().equals(RECEIVED_AT)) {
                  field.setValue(TextNode.valueOf(receivedAt));
                } else {
                  fill(field.getValue(), receivedAt);
                }
              });
    } else if (node instanceof ArrayNode array) {
      array.forEach(element -> fill(element, receivedAt));
    }
    return node;
  }

  private static JsonNode read(byte[] bytes) {
    try {
      return Json.MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] resource(String name) {
    try (InputStream in = WebhookCorpus.class.getResourceAsStream(DIRECTORY + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no corpus resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
