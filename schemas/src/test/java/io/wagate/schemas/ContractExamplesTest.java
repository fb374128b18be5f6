package io.wagate.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JSON example of CONTRACT.md validates against its topic's schema and reads through its
 * serde.
 */
class ContractExamplesTest {

  private static final String DIRECTORY = "/contract-examples/";

  static Stream<Arguments> examples() {
    return Stream.of(
        arguments("send-request.json", Topics.SEND_REQUESTS),
        arguments("consent.json", Topics.CONSENT),
        arguments("inbound.json", Topics.INBOUND),
        arguments("inbound-linked-user-id.json", Topics.INBOUND),
        arguments("inbound-user-id-only.json", Topics.INBOUND),
        arguments("inbound-number-change.json", Topics.INBOUND),
        arguments("inbound-signup.json", Topics.INBOUND),
        arguments("status-callback.json", Topics.STATUS_CALLBACKS),
        arguments("status-callback-linked-user-id.json", Topics.STATUS_CALLBACKS),
        arguments("account-event.json", Topics.ACCOUNT_EVENTS),
        arguments("template.json", Topics.TEMPLATES),
        arguments("business-number.json", Topics.BUSINESS_NUMBERS),
        arguments("error-catalog-entry.json", Topics.ERROR_CATALOG));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("examples")
  void shouldValidateExampleAgainstItsTopicsSchema(String example, Topic<String, ?> topic) {
    // Given
    JsonNode document = JsonSchemas.readResource(DIRECTORY + example);

    // When
    var errors = JsonSchemas.validate(topic.schema(), document);

    // Then
    assertThat(errors).isEmpty();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("examples")
  <V> void shouldReadExampleThroughItsTopicsSerdeAndWriteItBackUnchanged(
      String example, Topic<String, V> topic) throws IOException {
    // Given
    byte[] bytes = bytes(DIRECTORY + example);

    // When
    V value = topic.valueSerde().deserializer().deserialize(topic.name(), bytes);
    byte[] written = topic.valueSerde().serializer().serialize(topic.name(), value);

    // Then
    assertThat(value).isNotNull();
    JsonNode original = Json.MAPPER.readTree(bytes);
    ObjectNode rewritten = (ObjectNode) Json.MAPPER.readTree(written);
    // wagate's additions to the contract are written as null when an example does not use them.
    List<String> additions = new ArrayList<>();
    rewritten
        .fields()
        .forEachRemaining(
            field -> {
              if (field.getValue().isNull() && !original.has(field.getKey())) {
                additions.add(field.getKey());
              }
            });
    rewritten.remove(additions);
    assertThat(rewritten).isEqualTo(original);
  }

  @Test
  void shouldAcceptTheConversationKeyExample() {
    // Given
    JsonNode key = JsonSchemas.readResource(DIRECTORY + "conversation-key.json");

    // When
    var errors = JsonSchemas.validate("conversation-key.schema.json", key);

    // Then
    assertThat(errors).isEmpty();
    assertThat(key.asText()).isEqualTo("+31201234567|+31612345678");
  }

  @Test
  void shouldCoverEveryExampleFile() throws IOException, URISyntaxException {
    // Given
    Path directory = Path.of(ContractExamplesTest.class.getResource(DIRECTORY).toURI());

    // When
    Set<String> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files =
          listing
              .map(path -> path.getFileName().toString())
              .filter(name -> name.endsWith(".json"))
              .collect(Collectors.toCollection(TreeSet::new));
    }

    // Then
    Set<String> covered =
        examples().map(arguments -> (String) arguments.get()[0]).collect(Collectors.toSet());
    covered.add("conversation-key.json");
    assertThat(files).containsExactlyInAnyOrderElementsOf(covered);
  }

  private static byte[] bytes(String resource) {
    try (InputStream in = ContractExamplesTest.class.getResourceAsStream(resource)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
