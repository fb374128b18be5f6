package io.wagate.schemas.events;

/**
 * A reference to a template by name and language.
 *
 * @param name the template name
 * @param language its language code
 */
public record TemplateRef(String name, String language) {}
