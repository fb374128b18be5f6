package io.wagate.schemas.events;

import org.jspecify.annotations.Nullable;

/**
 * A registered template ({@code wa.templates}, key {@code name:language}).
 *
 * @param name the template name
 * @param language its language code
 * @param category its category
 * @param status its review status; only {@code APPROVED} templates are sent
 * @param bodyParameterCount how many body parameters it takes
 * @param body the body with {@code {{n}}} placeholders, used to measure the rendered length
 */
public record TemplateDefinition(
    String name,
    String language,
    @Nullable Category category,
    TemplateStatus status,
    @Nullable Integer bodyParameterCount,
    @Nullable String body) {

  /** The compacted topic's key for a template. */
  public static String key(String name, String language) {
    return name + ":" + language;
  }
}
