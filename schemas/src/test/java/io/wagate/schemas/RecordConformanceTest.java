package io.wagate.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every record wagate serializes validates against its topic's schema, fully populated or minimal.
 */
class RecordConformanceTest {

  static Stream<Topic<?, ?>> jsonTopics() {
    return Topics.ALL.stream().filter(topic -> topic.valueSerde() instanceof JsonSerde<?>);
  }

  static Stream<String> schemaFiles() {
    return JsonSchemas.FILES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jsonTopics")
  <V> void shouldWriteAFullyPopulatedRecordThatItsSchemaAccepts(Topic<String, V> topic)
      throws IOException {
    // Given
    V full = fixture(topic, Fixtures.FULL);

    // When
    byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), full);

    // Then
    assertThat(nullComponents(full, "")).isEmpty();
    assertThat(JsonSchemas.validate(topic.schema(), Json.MAPPER.readTree(bytes))).isEmpty();
    assertThat(topic.valueSerde().deserializer().deserialize(topic.name(), bytes)).isEqualTo(full);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jsonTopics")
  <V> void shouldWriteAMinimalRecordThatItsSchemaAccepts(Topic<String, V> topic)
      throws IOException {
    // Given
    V minimal = fixture(topic, Fixtures.MINIMAL);

    // When
    byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), minimal);

    // Then
    JsonNode written = Json.MAPPER.readTree(bytes);
    assertThat(JsonSchemas.validate(topic.schema(), written)).isEmpty();
    assertThat(topic.valueSerde().deserializer().deserialize(topic.name(), bytes))
        .isEqualTo(minimal);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemaFiles")
  void shouldBeAValidDraft202012SchemaWithIdTitleAndDescription(String file) {
    // Given
    JsonNode schema = JsonSchemas.raw(file);

    // When
    var errors = JsonSchemas.validateAgainstMetaSchema(file);

    // Then
    assertThat(errors).isEmpty();
    assertThat(schema.path("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(schema.path("$id").asText()).isEqualTo(JsonSchemas.ID_PREFIX + file);
    assertThat(schema.path("title").asText()).isNotBlank();
    assertThat(schema.path("description").asText()).isNotBlank();
  }

  @Test
  void shouldHaveTheSchemaFileEveryTopicNames() throws IOException, URISyntaxException {
    // Given
    Path directory = Path.of(RecordConformanceTest.class.getResource("/schemas/").toURI());

    // When
    Set<String> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files =
          listing
              .map(path -> path.getFileName().toString())
              .collect(Collectors.toCollection(TreeSet::new));
    }

    // Then
    Set<String> named = Topics.ALL.stream().map(Topic::schema).collect(Collectors.toSet());
    assertThat(files).containsExactlyInAnyOrderElementsOf(JsonSchemas.FILES);
    assertThat(files).containsAll(named);
    Set<String> unnamed = new TreeSet<>(files);
    unnamed.removeAll(named);
    assertThat(unnamed)
        .containsExactlyInAnyOrder("common.schema.json", "conversation-key.schema.json");
  }

  @SuppressWarnings("unchecked")
  private static <V> V fixture(Topic<String, V> topic, Map<Class<?>, Object> fixtures) {
    Class<?> type = ((JsonSerde<?>) topic.valueSerde()).type();
    assertThat(fixtures).as("fixture of %s", type.getSimpleName()).containsKey(type);
    return (V) fixtures.get(type);
  }

  /** The paths of null components, recursively through records and lists. */
  private static List<String> nullComponents(Object value, String path) {
    List<String> nulls = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) == null) {
          nulls.add(path + "[" + i + "]");
        } else {
          nulls.addAll(nullComponents(list.get(i), path + "[" + i + "]"));
        }
      }
      if (list.isEmpty()) {
        nulls.add(path + " (empty)");
      }
    } else if (value.getClass().isRecord()) {
      for (RecordComponent component : value.getClass().getRecordComponents()) {
        Object part = read(component, value);
        String at = path + "." + component.getName();
        if (part == null) {
          nulls.add(at);
        } else {
          nulls.addAll(nullComponents(part, at));
        }
      }
    }
    return nulls;
  }

  private static Object read(RecordComponent component, Object value) {
    try {
      return component.getAccessor().invoke(value);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(e);
    }
  }
}
