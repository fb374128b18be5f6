package io.wagate.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The contract's JSON Schemas, loaded from the classpath into a real draft 2020-12 validator. */
public final class JsonSchemas {

  /** The {@code $id} prefix of every wagate schema; mapped to {@code classpath:schemas/}. */
  static final String ID_PREFIX = "https://wagate.io/schemas/";

  /** Every schema file under {@code schemas/}. */
  static final List<String> FILES =
      List.of(
          "common.schema.json",
          "conversation-key.schema.json",
          "send-request.schema.json",
          "consent.schema.json",
          "inbound.schema.json",
          "status-callback.schema.json",
          "account-event.schema.json",
          "template.schema.json",
          "business-number.schema.json",
          "error-catalog-entry.schema.json",
          "outbound-message.schema.json",
          "status.schema.json",
          "note.schema.json",
          "session.schema.json",
          "number-state.schema.json",
          "campaign-report.schema.json",
          "activity-report.schema.json",
          "agent-report.schema.json",
          "template-state.schema.json",
          "portfolio.schema.json",
          "dlq.schema.json");

  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder ->
              builder.schemaMappers(mappers -> mappers.mapPrefix(ID_PREFIX, "classpath:schemas/")));

  // Draft 2020-12 makes format an annotation by default; the contract's times must be checked.
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder()
          .formatAssertionsEnabled(true)
          .pathType(PathType.JSON_POINTER)
          .build();

  private static final Map<String, JsonSchema> LOADED = new ConcurrentHashMap<>();

  private JsonSchemas() {}

  /** Validates {@code document} against the schema in {@code file}; empty when valid. */
  public static Set<ValidationMessage> validate(String file, JsonNode document) {
    return schema(file).validate(document);
  }

  /** Validates a schema file against the draft 2020-12 meta-schema; empty when valid. */
  static Set<ValidationMessage> validateAgainstMetaSchema(String file) {
    return FACTORY.getSchema(SchemaLocation.of(SchemaId.V202012), CONFIG).validate(raw(file));
  }

  /** The schema in {@code file} as JSON. */
  static JsonNode raw(String file) {
    return readResource("/schemas/" + file);
  }

  /** A classpath resource as JSON. */
  static JsonNode readResource(String path) {
    try (InputStream in = JsonSchemas.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("No resource " + path);
      }
      return Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonSchema schema(String file) {
    return LOADED.computeIfAbsent(
        file, name -> FACTORY.getSchema(SchemaLocation.of(ID_PREFIX + name), CONFIG));
  }
}
