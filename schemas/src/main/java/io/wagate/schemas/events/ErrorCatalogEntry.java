package io.wagate.schemas.events;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What a provider error code means to a receptionist ({@code wa.error-catalog}, key the code).
 *
 * @param code the provider's code, e.g. {@code 63016}
 * @param title a short title
 * @param note what failed and what to do, in plain words
 * @param action what wagate does about it
 * @param retryAfter for {@link ErrorAction#RETRY}, the first delay; for {@link
 *     ErrorAction#PAUSE_NUMBER} and {@link ErrorAction#HOLD_MARKETING}, how long
 */
public record ErrorCatalogEntry(
    String code, String title, String note, ErrorAction action, @Nullable Duration retryAfter) {}
