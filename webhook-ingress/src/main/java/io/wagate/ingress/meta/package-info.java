/**
 * Meta Cloud API webhooks: the verification handshake and the mapping of signed batches to contract
 * records.
 *
 * <p>Everything is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.wagate.ingress.meta;

import org.jspecify.annotations.NullMarked;
