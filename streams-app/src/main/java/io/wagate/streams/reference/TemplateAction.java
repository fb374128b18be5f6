package io.wagate.streams.reference;

import io.wagate.schemas.events.Category;
import io.wagate.schemas.events.TemplateStatus;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a template webhook said about one template, on its way (through the internal {@code
 * template-events-by-template} repartition topic, keyed {@code name:language}) to the one task that
 * keeps the template's learned state. Every part but the names is optional: a status update carries
 * a status, a category update a category, a quality update a quality.
 *
 * @param name the template's name
 * @param language its language
 * @param templateId Meta's id of it
 * @param status the new status, if the event says one
 * @param reason the reason Meta gave, if any
 * @param category the category now, if the event says one
 * @param quality the quality score, if the event says one
 * @param occurredAt when Meta announced it
 */
public record TemplateAction(
    String name,
    String language,
    @Nullable String templateId,
    @Nullable TemplateStatus status,
    @Nullable String reason,
    @Nullable Category category,
    @Nullable String quality,
    Instant occurredAt) {}
