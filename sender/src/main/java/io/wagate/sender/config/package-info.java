/**
 * The sender's configuration: the service settings from the environment and the per-number provider
 * settings, whose credentials are references to environment variables or files.
 *
 * <p>Everything is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.wagate.sender.config;

import org.jspecify.annotations.NullMarked;
