package io.wagate.schemas.events;

import org.jspecify.annotations.Nullable;

/**
 * The free-form part of a {@link SendRequest}.
 *
 * @param body the message text, at most 4096 characters
 * @param previewUrl whether the provider should render a link preview; needs a URL in the body
 */
public record TextContent(@Nullable String body, @Nullable Boolean previewUrl) {}
