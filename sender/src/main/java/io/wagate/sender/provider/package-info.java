/**
 * The providers' HTTP APIs: the requests Meta's Cloud API and Twilio's Messages API expect, what
 * their answers mean, and the client that exchanges them.
 *
 * <p>Everything is non-null unless marked {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package io.wagate.sender.provider;

import org.jspecify.annotations.NullMarked;
