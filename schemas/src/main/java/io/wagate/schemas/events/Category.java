package io.wagate.schemas.events;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Meta's template categories; consent and opt-out may be given per category. */
public enum Category {
  MARKETING,
  UTILITY,
  AUTHENTICATION,
  /** Any other value a producer wrote; a request carrying it is rejected as invalid. */
  @JsonEnumDefaultValue
  UNKNOWN;

  /** The three real categories, in the order they are reported. */
  public static final java.util.List<Category> KNOWN =
      java.util.List.of(MARKETING, UTILITY, AUTHENTICATION);
}
