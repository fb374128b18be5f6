/**
 * The event records of every wagate topic, one record per JSON document of the contract.
 *
 * <p>Components are non-null unless marked {@link org.jspecify.annotations.Nullable}; the JSON
 * Schemas under {@code schemas/} describe the same documents and a conformance test keeps the two
 * in step.
 */
@NullMarked
package io.wagate.schemas.events;

import org.jspecify.annotations.NullMarked;
