package io.wagate.schemas;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.ErrorAction;
import io.wagate.schemas.events.ErrorCatalogEntry;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.Session;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonSerdeTest {

  private static final String TOPIC = "wa.send.requests";
  private static final String PHONE = "+31612345678";

  private final JsonSerde<SendRequest> serde = JsonSerde.of(SendRequest.class);

  @Test
  void shouldSerializeNullAsNull() {
    // Given
    SendRequest nothing = null;

    // When
    byte[] bytes = serde.serializer().serialize(TOPIC, nothing);

    // Then
    assertThat(bytes).isNull();
  }

  @Test
  void shouldDeserializeNullAsNull() {
    // Given
    byte[] tombstone = null;

    // When
    SendRequest value = serde.deserializer().deserialize(TOPIC, tombstone);

    // Then
    assertThat(value).isNull();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "call +31612345678 please",
        "Anna Jansen +31612345678",
        "{\"to\": Anna}",
        "{\"to\": \"+31612345678\", \"person\": {\"firstName\": [\"Anna\"]}}",
        "{\"requestId\": \"r-1\", \"to\": \"+31612345678\"",
        "[\"+31612345678\"]",
        "{\"requestId\": \"r-1\", \"to\": \"+31612345678\"} +31612345678",
        "{\"to\": \"+31612345678\"} {\"to\": \"+31612345678\"}",
        "\"+31612345678\"",
        "+31612345678",
        "null",
        "",
        "{\"to\": \"+31612345678\", \"smsFallback\": \"+31612345678\"}",
        "{\"to\": \"+31612345678\", \"createdAt\": \"+31612345678\"}",
        "{\"to\": \"+31612345678\", \"template\": [\"+31612345678\"]}",
        "{\"to\": \"+31612345678\", \"template\": {\"parameters\": {\"p\": \"+31612345678\"}}}"
      })
  void shouldRefuseBytesThatAreNotARequestWithoutRevealingThem(String payload) {
    // Given
    byte[] bytes = payload.getBytes(UTF_8);

    // When
    SerializationException failure =
        catchThrowableOfType(
            SerializationException.class, () -> serde.deserializer().deserialize(TOPIC, bytes));

    // Then
    assertThat(failure).isNotNull();
    assertThat(failure.getMessage()).contains(TOPIC).contains("SendRequest");
    String logged = stackTrace(failure);
    assertThat(logged).doesNotContain(PHONE).doesNotContain("31612345678").doesNotContain("Anna");
    if (!payload.isBlank()) {
      assertThat(logged).doesNotContain(payload);
    }
  }

  @Test
  void shouldIgnoreUnknownFields() {
    // Given
    String json =
        "{\"requestId\": \"r-1\", \"kind\": \"TEXT\", \"crmExtension\": {\"priority\": 1},"
            + " \"text\": {\"body\": \"Hi\", \"emoji\": true}}";

    // When
    SendRequest request = serde.deserializer().deserialize(TOPIC, json.getBytes(UTF_8));

    // Then
    assertThat(request.requestId()).isEqualTo("r-1");
    assertThat(request.kind()).isEqualTo(Kind.TEXT);
    assertThat(request.text().body()).isEqualTo("Hi");
  }

  @Test
  void shouldReadAnUnknownKindAndCategoryAsUnknown() {
    // Given
    String json =
        "{\"requestId\": \"r-1\", \"kind\": \"SMS\","
            + " \"template\": {\"name\": \"t\", \"language\": \"en\", \"category\": \"PROMO\"}}";

    // When
    SendRequest request = serde.deserializer().deserialize(TOPIC, json.getBytes(UTF_8));

    // Then
    assertThat(request.kind()).isEqualTo(Kind.UNKNOWN);
    assertThat(request.template().category()).isEqualTo(Category.UNKNOWN);
  }

  @Test
  void shouldWriteInstantsAsIsoUtcStrings() {
    // Given
    SendRequest request =
        new SendRequest(
            "r-1",
            null,
            null,
            null,
            Kind.TEXT,
            null,
            null,
            null,
            null,
            null,
            null,
            Instant.parse("2026-11-22T09:30:00Z"));

    // When
    String json = new String(serde.serializer().serialize(TOPIC, request), UTF_8);

    // Then
    assertThat(json).contains("\"createdAt\":\"2026-11-22T09:30:00Z\"");
  }

  @Test
  void shouldWriteDurationsAsIsoStrings() {
    // Given
    ErrorCatalogEntry entry =
        new ErrorCatalogEntry("63010", "", "", ErrorAction.RETRY, Duration.ofMinutes(1));

    // When
    String json =
        new String(
            JsonSerde.of(ErrorCatalogEntry.class).serializer().serialize("wa.error-catalog", entry),
            UTF_8);

    // Then
    assertThat(json).contains("\"retryAfter\":\"PT1M\"");
  }

  @Test
  void shouldWriteAbsentValuesAsNull() {
    // Given
    SendRequest request =
        new SendRequest("r-1", null, null, null, null, null, null, null, null, null, null, null);

    // When
    String json = new String(serde.serializer().serialize(TOPIC, request), UTF_8);

    // Then
    assertThat(json).contains("\"text\":null").contains("\"createdAt\":null");
  }

  @Test
  void shouldReadWhatItWrote() {
    // Given
    JsonSerde<Session> sessions = JsonSerde.of(Session.class);
    Session session = (Session) Fixtures.FULL.get(Session.class);

    // When
    Session read =
        sessions
            .deserializer()
            .deserialize("wa.sessions", sessions.serializer().serialize("wa.sessions", session));

    // Then
    assertThat(read).isEqualTo(session);
  }

  private static String stackTrace(Throwable failure) {
    StringWriter out = new StringWriter();
    failure.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
