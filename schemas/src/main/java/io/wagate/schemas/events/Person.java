package io.wagate.schemas.events;

import org.jspecify.annotations.Nullable;

/**
 * The CRM's person behind a request, carried so that notes can name them.
 *
 * @param id the CRM's person id
 * @param firstName given name, filled into notes
 * @param lastName family name, filled into notes
 */
public record Person(@Nullable String id, @Nullable String firstName, @Nullable String lastName) {}
