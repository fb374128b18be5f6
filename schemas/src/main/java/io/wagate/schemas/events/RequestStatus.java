package io.wagate.schemas.events;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One step in a request's lifecycle ({@code wa.status}).
 *
 * @param requestId the request
 * @param businessNumber the business line
 * @param contact the contact, canonical (or as given when it could not be canonicalised)
 * @param state the new state
 * @param reason why, for rejections, expiries and failures; for {@code REJECTED} the name of a
 *     {@link RejectionReason}
 * @param code the provider's or wagate's code, for rejections, expiries and failures; for {@code
 *     REJECTED} the reason's {@link RejectionReason#code()}
 * @param at when wagate recorded it
 */
public record RequestStatus(
    String requestId,
    @Nullable String businessNumber,
    @Nullable String contact,
    LifecycleState state,
    @Nullable String reason,
    @Nullable String code,
    Instant at) {}
