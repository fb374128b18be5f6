package io.wagate.local.demo;

import io.wagate.schemas.Topics;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.TemplateContent;
import io.wagate.schemas.events.TextContent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;

/**
 * The demo's CRM: builds send requests for the demo business number and writes them to {@code
 * wa.send.requests}, keyed by request id, as a CRM would.
 */
final class CrmRequests implements AutoCloseable {

  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

  /** The CRM user who types the demo's texts (its templates are sent by the CRM itself). */
  static final String RECEPTIONIST = "demo-receptionist";

  private final KafkaProducer<String, byte[]> producer;
  private final String businessNumber;
  private final String campaignId;

  /**
   * @param bootstrapServers the broker
   * @param businessNumber the business line every request is sent from
   * @param campaignId the CRM campaign every request belongs to, for the campaign report
   */
  CrmRequests(String bootstrapServers, String businessNumber, String campaignId) {
    Properties properties = new Properties();
    properties.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "wagate-local-demo-crm");
    properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
    this.producer =
        new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    this.businessNumber = businessNumber;
    this.campaignId = campaignId;
  }

  /** A free-form text to {@code to}, as typed into the CRM, for {@code contact}'s person. */
  SendRequest text(
      String requestId,
      DemoContact contact,
      String to,
      @Nullable String defaultRegion,
      String body) {
    return new SendRequest(
        requestId,
        businessNumber,
        to,
        defaultRegion,
        Kind.TEXT,
        null,
        new TextContent(body, false),
        contact.person(),
        RECEPTIONIST,
        campaignId,
        false,
        Instant.now());
  }

  /** A utility template in {@code en_US} to {@code contact}. */
  SendRequest template(
      String requestId, DemoContact contact, String name, List<String> parameters) {
    return new SendRequest(
        requestId,
        businessNumber,
        contact.number(),
        null,
        Kind.TEMPLATE,
        new TemplateContent(name, "en_US", Category.UTILITY, List.copyOf(parameters)),
        null,
        contact.person(),
        null,
        campaignId,
        false,
        Instant.now());
  }

  /**
   * Writes {@code request} and waits for Kafka's acknowledgement.
   *
   * @throws IllegalStateException when Kafka does not acknowledge it in time
   */
  void write(SendRequest request) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(
            Topics.SEND_REQUESTS.name(),
            request.requestId(),
            Topics.SEND_REQUESTS
                .valueSerde()
                .serializer()
                .serialize(Topics.SEND_REQUESTS.name(), request));
    try {
      producer.send(record).get(WRITE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not write to wa.send.requests: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing to wa.send.requests", e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
