package io.wagate.schemas.events;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** What a send request asks for: an approved template or free-form text. */
public enum Kind {
  TEMPLATE,
  TEXT,
  /** Any other value a CRM wrote; such a request is rejected as invalid, never sent. */
  @JsonEnumDefaultValue
  UNKNOWN
}
