package io.wagate.bench;

import io.wagate.schemas.Topic;
import io.wagate.schemas.Topics;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.ConsentEvent;
import io.wagate.schemas.events.ConsentStatus;
import io.wagate.schemas.events.InboundMessage;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.Person;
import io.wagate.schemas.events.Provider;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.StatusCallback;
import io.wagate.schemas.events.TemplateContent;
import io.wagate.schemas.events.TextContent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/** The benchmarks' traffic: the record kinds wagate sees, for numbered conversations. */
final class Records {

  static final String BUSINESS = "+31201234567";
  static final Person PERSON = new Person("p-1", "Anna", "Jansen");

  /** Records of one visit: an inbound message, three send requests, one status callback. */
  static final int RECORDS_PER_VISIT = 5;

  /** Send requests of one visit, each with exactly one routing outcome on wa.status. */
  static final int REQUESTS_PER_VISIT = 3;

  private Records() {}

  /**
   * One record for a topic, already serialised, with its timestamp, and the partition it is written
   * to (null: the producer's default partitioner, murmur2 of the key).
   */
  record Raw(String topic, byte[] key, byte[] value, long timestamp, @Nullable Integer partition) {
    Raw(String topic, byte[] key, byte[] value, long timestamp) {
      this(topic, key, value, timestamp, null);
    }
  }

  /** The contact of conversation {@code index}: a Dutch mobile number. */
  static String contact(int index) {
    return "+3161" + String.format("%07d", index % 10_000_000);
  }

  static String key(int conversation) {
    return BUSINESS + "|" + contact(conversation);
  }

  static SendRequest text(String requestId, int conversation, Instant at) {
    return new SendRequest(
        requestId,
        BUSINESS,
        contact(conversation),
        "NL",
        Kind.TEXT,
        null,
        new TextContent("Your appointment is on Tuesday at 10:00.", false),
        PERSON,
        "u-7",
        null,
        false,
        at);
  }

  static SendRequest template(String requestId, int conversation, Instant at) {
    return new SendRequest(
        requestId,
        BUSINESS,
        contact(conversation),
        "NL",
        Kind.TEMPLATE,
        new TemplateContent(
            "appointment_confirmation", "en_US", Category.UTILITY, List.of("Anna", "Tue 10:00")),
        null,
        PERSON,
        "u-7",
        "cmp-1",
        false,
        at);
  }

  static InboundMessage inbound(String messageId, int conversation, Instant at) {
    return new InboundMessage(
        Provider.META,
        messageId,
        BUSINESS,
        contact(conversation),
        "Anna",
        "text",
        "Can I move my appointment?",
        null,
        at,
        null,
        null);
  }

  static StatusCallback callback(String requestId, int conversation, String status, Instant at) {
    return new StatusCallback(
        Provider.TWILIO,
        "SM" + requestId,
        requestId,
        BUSINESS,
        contact(conversation),
        status,
        null,
        "",
        at,
        null);
  }

  static ConsentEvent consent(int conversation, Instant at) {
    return new ConsentEvent(
        BUSINESS,
        contact(conversation),
        "NL",
        ConsentStatus.OPTED_IN,
        List.of(Category.UTILITY),
        "booking-form",
        at);
  }

  static <V> Raw raw(Topic<String, V> topic, String key, V value, long timestamp) {
    return new Raw(
        topic.name(),
        topic.keySerde().serializer().serialize(topic.name(), key),
        topic.valueSerde().serializer().serialize(topic.name(), value),
        timestamp);
  }

  /**
   * The same records with inbound messages and status callbacks on the partition librdkafka's
   * default partitioner gives their key (CRC32 of the key bytes, modulo the partition count), as a
   * Python, Go or Node producer writes them; send requests and consent stay as they are.
   */
  static List<Raw> placedByCrc32(List<Raw> records, int partitions) {
    List<Raw> placed = new ArrayList<>(records.size());
    for (Raw r : records) {
      if (r.topic().equals(Topics.INBOUND.name())
          || r.topic().equals(Topics.STATUS_CALLBACKS.name())) {
        CRC32 crc = new CRC32();
        crc.update(r.key());
        placed.add(
            new Raw(
                r.topic(), r.key(), r.value(), r.timestamp(), (int) (crc.getValue() % partitions)));
      } else {
        placed.add(r);
      }
    }
    return placed;
  }

  /**
   * A mixed load of {@code visits} visits over {@code conversations} conversations: each visit is a
   * user's message (opening the window), a text request, a template request, another text request
   * and a delivery callback for the first; every tenth visit also carries a CRM consent. Timestamps
   * rise by one millisecond per record and end at {@code end}, so the topology handles the records
   * in this order within a partition and no stamp lies in the future.
   *
   * @param run a prefix that makes request and message ids unique to this load
   */
  static List<Raw> mixed(String run, int visits, int conversations, Instant end) {
    return mixed(run, visits, conversations, end, 1);
  }

  /**
   * As {@link #mixed(String, int, int, Instant)}, with visit {@code v} going to conversation {@code
   * v * stride mod conversations}: a stride coprime to {@code conversations} still visits each one
   * equally often, but spreads consecutive visits over the whole key range instead of its start.
   */
  static List<Raw> mixed(String run, int visits, int conversations, Instant end, long stride) {
    List<Raw> records = new ArrayList<>(visits * (RECORDS_PER_VISIT + 1));
    long t = end.toEpochMilli() - (long) visits * (RECORDS_PER_VISIT + 1);
    for (int v = 0; v < visits; v++) {
      int c = (int) ((v * stride) % conversations);
      String key = key(c);
      String id = run + "-" + v;
      records.add(raw(Topics.INBOUND, key, inbound("wamid." + id, c, Instant.ofEpochMilli(t)), t));
      t++;
      if (v % 10 == 0) {
        records.add(raw(Topics.CONSENT, "crm-" + c, consent(c, Instant.ofEpochMilli(t)), t));
        t++;
      }
      records.add(
          raw(Topics.SEND_REQUESTS, id + "-a", text(id + "-a", c, Instant.ofEpochMilli(t)), t));
      t++;
      records.add(
          raw(Topics.SEND_REQUESTS, id + "-b", template(id + "-b", c, Instant.ofEpochMilli(t)), t));
      t++;
      records.add(
          raw(Topics.SEND_REQUESTS, id + "-c", text(id + "-c", c, Instant.ofEpochMilli(t)), t));
      t++;
      records.add(
          raw(
              Topics.STATUS_CALLBACKS,
              key,
              callback(id + "-a", c, "delivered", Instant.ofEpochMilli(t)),
              t));
      t++;
    }
    return records;
  }
}
