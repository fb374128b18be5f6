package io.wagate.schemas.events;

import java.time.Instant;
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
 * @param updatedAt when the operator registered this; absent means the record's timestamp. A status
 *     or category Meta announces later ({@code wa.template-state}) wins over it
 */
public record TemplateDefinition(
    String name,
    String language,
    @Nullable Category category,
    TemplateStatus status,
    @Nullable Integer bodyParameterCount,
    @Nullable String body,
    @Nullable Instant updatedAt) {

  /** A registration without a change time. */
  public TemplateDefinition(
      String name,
      String language,
      @Nullable Category category,
      TemplateStatus status,
      @Nullable Integer bodyParameterCount,
      @Nullable String body) {
    this(name, language, category, status, bodyParameterCount, body, null);
  }

  /** The same registration, made at {@code at} unless it says when. */
  public TemplateDefinition stampedAt(Instant at) {
    return updatedAt != null
        ? this
        : new TemplateDefinition(name, language, category, status, bodyParameterCount, body, at);
  }

  /** The compacted topic's key for a template. */
  public static String key(String name, String language) {
    return name + ":" + language;
  }
}
