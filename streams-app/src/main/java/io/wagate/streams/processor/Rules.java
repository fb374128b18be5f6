package io.wagate.streams.processor;

import io.wagate.streams.config.WagateConfig;
import io.wagate.streams.notes.ErrorCatalog;
import io.wagate.streams.notes.NoteWriter;
import io.wagate.streams.policy.RoutingPolicy;
import io.wagate.streams.reference.References;

/**
 * What every handler consults and nothing changes: the configuration, the policies, the error
 * catalog, the note texts, the reference data and the metrics.
 *
 * @param config the configuration
 * @param routing the routing rules
 * @param catalog the built-in error catalog
 * @param notes the note texts
 * @param references the reference data of the global stores
 * @param metrics wagate's counters
 */
record Rules(
    WagateConfig config,
    RoutingPolicy routing,
    ErrorCatalog catalog,
    NoteWriter notes,
    References references,
    ConversationMetrics metrics) {}
