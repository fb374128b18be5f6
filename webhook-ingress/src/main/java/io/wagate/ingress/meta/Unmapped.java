package io.wagate.ingress.meta;

/**
 * A change, or a part of one, that wagate does not map: it goes to {@code wa.dlq} whole.
 *
 * @param reason one of the {@link io.wagate.ingress.publish.DeadLetters} reasons
 * @param message why, without payload data
 */
record Unmapped(String reason, String message) {}
