package io.wagate.schemas.events;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The template part of a {@link SendRequest}.
 *
 * @param name the approved template's name
 * @param language its language code, e.g. {@code en_US}
 * @param category its category; absent or unknown makes the request invalid unless the template is
 *     registered
 * @param parameters the body parameters {@code {{1}}, {{2}}, …} in order
 */
public record TemplateContent(
    @Nullable String name,
    @Nullable String language,
    @Nullable Category category,
    @Nullable List<@Nullable String> parameters) {}
