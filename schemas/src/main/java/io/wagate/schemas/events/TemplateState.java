package io.wagate.schemas.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What wagate learned about one template from the provider's webhooks ({@code wa.template-state},
 * compacted, key {@code name:language}): its review status, its category after a re-categorisation
 * and its quality, each with the time Meta announced it. wagate alone writes it, every record
 * whole. The operator's registration stays on {@code wa.templates}; routing combines the two, the
 * later word winning.
 *
 * @param name the template's name
 * @param language its language code
 * @param templateId Meta's id of the template
 * @param status its review status as Meta last announced it
 * @param statusAt when
 * @param reason the rejection or pause reason Meta gave, if any
 * @param category its category as Meta last announced it (a {@code template_category_update})
 * @param categoryAt when
 * @param quality its quality score as Meta last gave it ({@code GREEN}, {@code YELLOW}, {@code
 *     RED}, {@code UNKNOWN})
 * @param updatedAt when this state last changed
 */
public record TemplateState(
    String name,
    String language,
    @Nullable String templateId,
    @Nullable TemplateStatus status,
    @Nullable Instant statusAt,
    @Nullable String reason,
    @Nullable Category category,
    @Nullable Instant categoryAt,
    @Nullable String quality,
    Instant updatedAt) {

  /** A template wagate knows nothing about yet. */
  public static TemplateState unknown(String name, String language, Instant at) {
    return new TemplateState(name, language, null, null, null, null, null, null, null, at);
  }
}
