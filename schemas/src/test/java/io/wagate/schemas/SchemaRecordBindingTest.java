package io.wagate.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wagate.schemas.events.CampaignReport;
import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.ConsentEvent;
import io.wagate.schemas.events.Kind;
import io.wagate.schemas.events.RejectionReason;
import io.wagate.schemas.events.SendRequest;
import io.wagate.schemas.events.TemplateContent;
import io.wagate.schemas.events.TextContent;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Binds every topic's schema to its record: the same property names as components (recursively),
 * the same types, enum values equal to the Java constants, and required and nullable in step with
 * the components' nullability. Changing a schema or a record alone fails here.
 */
class SchemaRecordBindingTest {

  /**
   * Records that decode leniently, every component nullable, so that a request missing a field is
   * rejected with a note rather than dead-lettered. Their schemas are stricter than their types.
   */
  private static final Set<Class<?>> LENIENT =
      Set.of(SendRequest.class, ConsentEvent.class, TemplateContent.class, TextContent.class);

  /** Values Jackson reads unknown input as; no producer may write them. */
  private static final Set<Enum<?>> READ_FALLBACKS = Set.of(Kind.UNKNOWN, Category.UNKNOWN);

  static Stream<Topic<?, ?>> jsonTopics() {
    return Topics.ALL.stream().filter(topic -> topic.valueSerde() instanceof JsonSerde<?>);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jsonTopics")
  void shouldDescribeExactlyTheComponentsOfTheTopicsRecord(Topic<?, ?> topic) {
    // Given
    SchemaNode schema = SchemaNode.of(topic.schema());
    Class<?> type = ((JsonSerde<?>) topic.valueSerde()).type();

    // When
    List<String> mismatches = new ArrayList<>();
    bindRecord(schema, type, type.getSimpleName(), mismatches);

    // Then
    assertThat(mismatches).isEmpty();
  }

  @Test
  void shouldPairEveryRejectionReasonWithItsCodeAsTheStatusSchemaDoes() {
    // Given
    JsonNode rejections = JsonSchemas.raw("status.schema.json").at("/$defs/rejection/oneOf");

    // When
    Map<String, String> schemaPairs = new LinkedHashMap<>();
    rejections.forEach(
        pair ->
            schemaPairs.put(
                pair.at("/properties/reason/const").asText(),
                pair.at("/properties/code/const").asText()));

    // Then
    Map<String, String> javaPairs =
        Arrays.stream(RejectionReason.values())
            .collect(
                Collectors.toMap(
                    Enum::name, RejectionReason::code, (a, b) -> a, LinkedHashMap::new));
    assertThat(schemaPairs).containsExactlyEntriesOf(javaPairs);
  }

  @Test
  void shouldFindAMismatchWhenASchemaPropertyChangesType() {
    // Given a send-request schema whose smsFallback became a string
    JsonNode changed = JsonSchemas.raw("send-request.schema.json").deepCopy();
    ((ObjectNode) changed.at("/properties/smsFallback")).put("type", "string");

    // When
    List<String> mismatches = new ArrayList<>();
    bindRecord(
        new SchemaNode("send-request.schema.json", changed),
        SendRequest.class,
        "SendRequest",
        mismatches);

    // Then
    assertThat(mismatches).singleElement().asString().contains("SendRequest.smsFallback");
  }

  @Test
  void shouldFindAMismatchWhenAMapsValuesChangeType() {
    // Given a campaign-report schema whose counts by reason became strings
    JsonNode changed = JsonSchemas.raw("campaign-report.schema.json").deepCopy();
    ((ObjectNode) changed.at("/properties/rejectedByReason"))
        .putObject("additionalProperties")
        .put("type", "string");

    // When
    List<String> mismatches = new ArrayList<>();
    bindRecord(
        new SchemaNode("campaign-report.schema.json", changed),
        CampaignReport.class,
        "CampaignReport",
        mismatches);

    // Then
    assertThat(mismatches).singleElement().asString().contains("CampaignReport.rejectedByReason{}");
  }

  @Test
  void shouldFindAMismatchWhenARecordHasAComponentTheSchemaLacks() {
    // Given a record that gained a component the person schema does not describe
    record PersonWithEmail(
        @Nullable String id,
        @Nullable String firstName,
        @Nullable String lastName,
        @Nullable String email) {}
    SchemaNode person =
        new SchemaNode("common.schema.json", JsonSchemas.raw("common.schema.json"))
            .at("/$defs/person");

    // When
    List<String> mismatches = new ArrayList<>();
    bindRecord(person, PersonWithEmail.class, "Person", mismatches);

    // Then
    assertThat(mismatches).singleElement().asString().contains("email");
  }

  private static void bindRecord(
      SchemaNode schema, Class<?> type, String path, List<String> mismatches) {
    SchemaNode object = single(schema, path, mismatches);
    if (object == null) {
      return;
    }
    JsonNode properties = object.json().path("properties");
    Set<String> propertyNames = new TreeSet<>(names(properties));
    Set<String> componentNames =
        Arrays.stream(type.getRecordComponents())
            .map(RecordComponent::getName)
            .collect(Collectors.toCollection(TreeSet::new));
    if (!propertyNames.equals(componentNames)) {
      mismatches.add(
          path
              + ": schema properties "
              + propertyNames
              + " but record components "
              + componentNames);
    }
    if (!types(object).equals(Set.of("object"))) {
      mismatches.add(path + ": a record must be a JSON object, schema says " + types(object));
    }
    Set<String> required = new LinkedHashSet<>();
    object.json().path("required").forEach(name -> required.add(name.asText()));
    Set<String> conditional = new TreeSet<>();
    object.json().path("allOf").forEach(part -> namesAtThisLevel(object.with(part), conditional));
    for (String name : union(required, conditional)) {
      if (!componentNames.contains(name)) {
        mismatches.add(path + ": schema names " + name + ", which the record does not have");
      }
    }
    for (RecordComponent component : type.getRecordComponents()) {
      String at = path + "." + component.getName();
      if (!properties.has(component.getName())) {
        continue;
      }
      SchemaNode property = object.with(properties.get(component.getName()));
      boolean javaNullable =
          !component.getType().isPrimitive()
              && component.getAnnotatedType().isAnnotationPresent(Nullable.class);
      boolean schemaNullable = branches(property).stream().anyMatch(b -> types(b).contains("null"));
      if (!javaNullable && (!required.contains(component.getName()) || schemaNullable)) {
        mismatches.add(at + ": non-null component must be required and refuse null");
      }
      if (schemaNullable && !javaNullable) {
        mismatches.add(at + ": schema allows null, record component is not @Nullable");
      }
      if (javaNullable && !LENIENT.contains(type)) {
        if (!schemaNullable || required.contains(component.getName())) {
          mismatches.add(at + ": @Nullable component must be optional and allow null");
        }
      }
      bindType(property, component.getGenericType(), at, mismatches);
    }
  }

  private static void bindType(SchemaNode property, Type type, String at, List<String> mismatches) {
    Class<?> raw =
        type instanceof ParameterizedType parameterized
            ? (Class<?>) parameterized.getRawType()
            : (Class<?>) type;
    List<SchemaNode> nonNull =
        branches(property).stream().filter(b -> !types(b).equals(Set.of("null"))).toList();
    Set<String> types = new TreeSet<>();
    nonNull.forEach(b -> types.addAll(types(b)));
    types.remove("null");
    Set<String> enumValues = new TreeSet<>();
    nonNull.forEach(
        b -> b.json().path("enum").forEach(v -> enumValues.add(v.isNull() ? "null" : v.asText())));
    enumValues.remove("null");

    if (raw == String.class) {
      expect(
          types.equals(Set.of("string")) && enumValues.isEmpty(), at, "a free string", mismatches);
    } else if (raw == Instant.class) {
      expect(isCommon(nonNull, "instant"), at, "common $defs/instant", mismatches);
    } else if (raw == Duration.class) {
      expect(isCommon(nonNull, "duration"), at, "common $defs/duration", mismatches);
    } else if (raw == Boolean.class || raw == boolean.class) {
      expect(types.equals(Set.of("boolean")), at, "a boolean", mismatches);
    } else if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
      expect(types.equals(Set.of("integer")), at, "an integer", mismatches);
    } else if (raw.isEnum()) {
      Set<String> constants =
          Arrays.stream(raw.getEnumConstants())
              .map(constant -> (Enum<?>) constant)
              .filter(constant -> !READ_FALLBACKS.contains(constant))
              .map(Enum::name)
              .collect(Collectors.toCollection(TreeSet::new));
      expect(
          enumValues.equals(constants) && types.equals(Set.of("string")),
          at,
          "enum " + constants + " (schema has " + enumValues + ")",
          mismatches);
    } else if (raw == List.class) {
      if (!types.equals(Set.of("array")) || nonNull.size() != 1) {
        mismatches.add(at + ": expected an array, schema says " + types);
        return;
      }
      Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
      bindType(
          nonNull.get(0).with(nonNull.get(0).json().path("items")), element, at + "[]", mismatches);
    } else if (raw == Map.class) {
      // A map is an object of free property names whose values all have the value type.
      Type[] arguments = ((ParameterizedType) type).getActualTypeArguments();
      if (!types.equals(Set.of("object"))
          || nonNull.size() != 1
          || nonNull.get(0).json().has("properties")
          || !nonNull.get(0).json().path("additionalProperties").isObject()
          || arguments[0] != String.class) {
        mismatches.add(at + ": expected an object of additionalProperties, schema says " + types);
        return;
      }
      bindType(
          nonNull.get(0).with(nonNull.get(0).json().path("additionalProperties")),
          arguments[1],
          at + "{}",
          mismatches);
    } else if (raw.isRecord()) {
      bindRecord(property, raw, at, mismatches);
    } else if (raw == JsonNode.class) {
      // A provider's payload carried verbatim: any object, its shape is the provider's.
      expect(
          types.equals(Set.of("object")) && !nonNull.get(0).json().has("properties"),
          at,
          "any JSON object",
          mismatches);
    } else {
      mismatches.add(at + ": no binding rule for " + raw.getName());
    }
  }

  private static void expect(boolean holds, String at, String what, List<String> mismatches) {
    if (!holds) {
      mismatches.add(at + ": schema does not describe " + what);
    }
  }

  private static boolean isCommon(List<SchemaNode> nonNull, String definition) {
    JsonNode expected = JsonSchemas.raw("common.schema.json").at("/$defs/" + definition);
    return nonNull.size() == 1 && nonNull.get(0).json().equals(expected);
  }

  /** The one non-null object branch of a (possibly nullable) record property. */
  private static @Nullable SchemaNode single(
      SchemaNode schema, String path, List<String> mismatches) {
    List<SchemaNode> nonNull =
        branches(schema).stream().filter(b -> !types(b).equals(Set.of("null"))).toList();
    if (nonNull.size() != 1) {
      mismatches.add(path + ": expected one object schema, found " + nonNull.size());
      return null;
    }
    return nonNull.get(0);
  }

  /**
   * The alternatives a value may match: {@code $ref} followed, {@code anyOf}/{@code oneOf} split.
   */
  private static List<SchemaNode> branches(SchemaNode node) {
    SchemaNode resolved = node.resolve();
    for (String keyword : List.of("anyOf", "oneOf")) {
      if (resolved.json().has(keyword)) {
        List<SchemaNode> all = new ArrayList<>();
        resolved.json().get(keyword).forEach(b -> all.addAll(branches(resolved.with(b))));
        return all;
      }
    }
    return List.of(resolved);
  }

  private static Set<String> types(SchemaNode branch) {
    JsonNode json = branch.json();
    Set<String> types = new TreeSet<>();
    if (json.has("type")) {
      JsonNode type = json.get("type");
      if (type.isArray()) {
        type.forEach(t -> types.add(t.asText()));
      } else {
        types.add(type.asText());
      }
    } else if (json.has("enum")) {
      json.get("enum")
          .forEach(
              v ->
                  types.add(v.isNull() ? "null" : v.getNodeType().name().toLowerCase(Locale.ROOT)));
    }
    return types;
  }

  /**
   * Property names an object-level subschema mentions, through allOf, if/then/else and local refs.
   */
  private static void namesAtThisLevel(SchemaNode node, Set<String> names) {
    JsonNode json = node.json();
    names.addAll(names(json.path("properties")));
    json.path("required").forEach(name -> names.add(name.asText()));
    for (String keyword : List.of("if", "then", "else", "not")) {
      if (json.has(keyword)) {
        namesAtThisLevel(node.with(json.get(keyword)), names);
      }
    }
    for (String keyword : List.of("allOf", "anyOf", "oneOf")) {
      json.path(keyword).forEach(part -> namesAtThisLevel(node.with(part), names));
    }
    if (json.has("$ref") && json.get("$ref").asText().startsWith("#")) {
      namesAtThisLevel(node.resolve(), names);
    }
  }

  private static List<String> names(JsonNode object) {
    return StreamSupport.stream(((Iterable<String>) object::fieldNames).spliterator(), false)
        .toList();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  /** A subschema and the file it sits in, so that relative {@code $ref}s resolve. */
  private record SchemaNode(String file, JsonNode json) {

    static SchemaNode of(String file) {
      return new SchemaNode(file, JsonSchemas.raw(file));
    }

    SchemaNode with(JsonNode other) {
      return new SchemaNode(file, other);
    }

    SchemaNode at(String pointer) {
      return new SchemaNode(file, json.at(pointer));
    }

    SchemaNode resolve() {
      if (!json.has("$ref")) {
        return this;
      }
      String ref = json.get("$ref").asText();
      int hash = ref.indexOf('#');
      String target = hash == 0 ? file : ref.substring(0, hash < 0 ? ref.length() : hash);
      String pointer = hash < 0 ? "" : ref.substring(hash + 1);
      JsonNode resolved = JsonSchemas.raw(target).at(pointer);
      if (resolved.isMissingNode()) {
        throw new IllegalStateException("Unresolvable $ref " + ref + " in " + file);
      }
      return new SchemaNode(target, resolved).resolve();
    }
  }
}
