package io.wagate.streams.topology;

/**
 * A record keyed by where it belongs, and whether it is there already ({@link Partitioning}).
 *
 * @param value the record's value
 * @param home true when the record sits on its key's partition and needs no repartition
 * @param <V> the value type
 */
public record Routed<V>(V value, boolean home) {}
