package io.wagate.streams.state;

import java.time.Instant;

/**
 * A provider's message id tied to the request it sends, as the sender reported it ({@code
 * accepted}): a later status that lacks the request id still finds its request.
 *
 * @param requestId the request
 * @param at when the provider accepted the message
 */
public record MessageLink(String requestId, Instant at) {}
