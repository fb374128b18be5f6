package io.wagate.ingress.meta;

import static io.wagate.ingress.meta.MetaJson.array;
import static io.wagate.ingress.meta.MetaJson.object;
import static io.wagate.ingress.meta.MetaJson.requireText;
import static io.wagate.ingress.meta.MetaJson.text;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wagate.ingress.UnparseablePayloadException;
import io.wagate.ingress.publish.DeadLetters;
import io.wagate.ingress.publish.WebhookRecord;
import io.wagate.schemas.Json;
import io.wagate.schemas.events.Provider;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Maps a Meta Cloud API webhook body to contract records. Every entry and change of a batch is
 * mapped; nothing is dropped silently.
 *
 * <ul>
 *   <li>{@code messages} and {@code user_preferences} changes are about conversations: {@code
 *       wa.inbound} and {@code wa.status.callbacks} records ({@link ConversationChanges}).
 *   <li>The account-level fields ({@link AccountEvents#FIELDS}: number quality, messaging limits,
 *       account updates, template status, category and quality, calls, message echoes, …) are
 *       {@code wa.account-events} records, one per change ({@link AccountEvents}). Template status
 *       updates no longer write {@code wa.templates}: that compacted topic is the operators', and a
 *       partial record there lost the template's body and parameter count after compaction.
 *   <li>A field Meta does not document for WhatsApp Business Accounts, and the parts of a change
 *       wagate cannot map, go to {@code wa.dlq}: a complete webhook body holding only that entry
 *       and change, so it can be replayed through this mapper.
 * </ul>
 *
 * <p>Every record's timestamp is the time the ingress received the body, whatever time the provider
 * gives ({@link WebhookRecord}).
 *
 * <p>Any structural problem (bad JSON, a missing field, a number that cannot be canonicalised)
 * fails the whole body with {@link UnparseablePayloadException}: the caller dead-letters the
 * original bytes and nothing else of the body is published.
 */
public final class MetaPayloadMapper {

  /** The endpoint, as named in dead-letter headers. */
  public static final String SOURCE = "POST /webhooks/meta";

  private static final String OBJECT = "whatsapp_business_account";

  private final Set<String> ignoredFields;

  /** A mapper of every field it knows. */
  public MetaPayloadMapper() {
    this(Set.of());
  }

  /**
   * A mapper that dead-letters the changes of {@code ignoredFields} as unsupported, whether it
   * knows them or not, so an operator can hold back a field and replay its changes later ({@code
   * WAGATE_META_IGNORED_FIELDS}).
   *
   * @param ignoredFields Meta change fields not to map
   */
  public MetaPayloadMapper(Set<String> ignoredFields) {
    this.ignoredFields = Set.copyOf(ignoredFields);
  }

  /**
   * Maps a verified body.
   *
   * @param body the raw body
   * @param receivedAt the receive time: every record's timestamp, and the time of account events
   *     that carry none
   * @return the records, in payload order
   * @throws UnparseablePayloadException when the body is not a Meta webhook wagate can read
   */
  public List<WebhookRecord<?, ?>> map(byte[] body, Instant receivedAt)
      throws UnparseablePayloadException {
    JsonNode root = parse(body);
    String object = text(root, "object");
    if (object != null && !object.equals(OBJECT)) {
      throw new UnparseablePayloadException("object is not " + OBJECT);
    }
    List<WebhookRecord<?, ?>> records = new ArrayList<>();
    ArrayNode entries = array(root, "entry", "entry");
    for (int e = 0; e < entries.size(); e++) {
      JsonNode entry = object(entries.get(e), "entry[" + e + "]");
      ArrayNode changes = array(entry, "changes", "entry[" + e + "].changes");
      for (int c = 0; c < changes.size(); c++) {
        String where = "entry[" + e + "].changes[" + c + "]";
        JsonNode change = object(changes.get(c), where);
        String field = requireText(change, "field", where + ".field");
        JsonNode value = object(change.get("value"), where + ".value");
        MetaChange mapped = new MetaChange(entry, change, field, value, where, receivedAt);
        for (Unmapped unmapped : map(mapped, records)) {
          records.add(deadLetter(root, mapped, unmapped));
        }
      }
    }
    return records;
  }

  private List<Unmapped> map(MetaChange change, List<WebhookRecord<?, ?>> records)
      throws UnparseablePayloadException {
    if (ignoredFields.contains(change.field())) {
      return List.of(
          new Unmapped(
              DeadLetters.UNSUPPORTED_FIELD,
              "Meta change field "
                  + change.field()
                  + " is ignored by this ingress (WAGATE_META_IGNORED_FIELDS)"));
    }
    if (change.field().equals("messages")) {
      return ConversationChanges.messages(change, records);
    }
    if (change.field().equals("user_preferences")) {
      return ConversationChanges.preferences(change, records);
    }
    if (AccountEvents.FIELDS.contains(change.field())) {
      records.add(AccountEvents.record(change));
      return List.of();
    }
    return List.of(
        new Unmapped(
            DeadLetters.UNSUPPORTED_FIELD,
            "Meta change field " + change.field() + " is not mapped to a wagate topic"));
  }

  private static JsonNode parse(byte[] body) throws UnparseablePayloadException {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      // Jackson's own message quotes the offending token, which may be payload: give the place
      // only.
      JsonLocation where = e.getLocation();
      throw new UnparseablePayloadException(
          where == null
              ? "body is not JSON"
              : "body is not JSON at line " + where.getLineNr() + ", column " + where.getColumnNr(),
          e);
    } catch (IOException e) {
      throw new UnparseablePayloadException("body cannot be read as JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw new UnparseablePayloadException("body is not a JSON object");
    }
    return root;
  }

  /** The change as a body of its own: the envelope, its entry without the other changes, it. */
  private static WebhookRecord<byte[], byte[]> deadLetter(
      JsonNode root, MetaChange change, Unmapped unmapped) {
    ObjectNode single = Json.MAPPER.createObjectNode();
    if (root.hasNonNull("object")) {
      single.set("object", root.get("object"));
    }
    ObjectNode singleEntry = single.putArray("entry").addObject();
    change
        .entry()
        .fields()
        .forEachRemaining(
            member -> {
              if (!member.getKey().equals("changes")) {
                singleEntry.set(member.getKey(), member.getValue());
              }
            });
    singleEntry.putArray("changes").add(change.change());
    byte[] bytes;
    try {
      bytes = Json.MAPPER.writeValueAsBytes(single);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed tree cannot fail to serialise", e);
    }
    return DeadLetters.unmapped(
        bytes,
        SOURCE,
        Provider.META.name(),
        change.field(),
        unmapped.reason(),
        unmapped.message(),
        change.receivedAt());
  }
}
