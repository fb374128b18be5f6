package io.wagate.ingress.meta;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One change of one entry of a Meta webhook body, with the entry it belongs to and its place in the
 * body, so that every error can say where it is.
 *
 * @param entry the entry ({@code id}, {@code time}, {@code changes})
 * @param change the change ({@code field}, {@code value})
 * @param field the change's field, e.g. {@code messages}
 * @param value the change's value object
 * @param where the change's place, e.g. {@code entry[0].changes[1]}
 * @param receivedAt when the ingress received the body
 */
record MetaChange(
    JsonNode entry,
    JsonNode change,
    String field,
    JsonNode value,
    String where,
    Instant receivedAt) {

  /** The place of a part of the change's value, e.g. {@code entry[0].changes[1].value.messages}. */
  String at(String path) {
    return where + ".value." + path;
  }

  /** The place of a part of the entry, e.g. {@code entry[0].time}. */
  String atEntry(String path) {
    return where.substring(0, where.indexOf(".changes")) + "." + path;
  }
}
