package io.wagate.streams.policy;

import io.wagate.schemas.events.Portfolio;
import io.wagate.streams.reference.BusinessNumber;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Meta's messaging limit of a business portfolio (DOMAIN.md §5): how many distinct users its
 * numbers may message outside an open window in a moving 24 hours. The later word of the operator
 * ({@code wa.portfolios}) and of Meta ({@code business_capability_update}, {@code
 * phone_number_quality_update}) wins; without either, the configured default. Pure.
 */
public final class MessagingLimits {

  /** A limit meaning no limit. */
  public static final int UNLIMITED = -1;

  private MessagingLimits() {}

  /**
   * The limit in force for {@code number}'s portfolio.
   *
   * @param number the business number as routing sees it (with what Meta last announced)
   * @param portfolio the operator's settings of its portfolio, or null
   * @param fallback the limit when nobody said one ({@code WAGATE_DEFAULT_MESSAGING_LIMIT})
   * @return the limit, {@link #UNLIMITED} for none
   */
  public static int limitOf(BusinessNumber number, @Nullable Portfolio portfolio, int fallback) {
    Integer operator = portfolio == null ? null : portfolio.messagingLimit();
    Instant operatorAt = portfolio == null ? null : portfolio.updatedAt();
    Integer learned = number.learnedLimit();
    Instant learnedAt = number.learnedLimitAt();
    if (learned != null && (operator == null || later(learnedAt, operatorAt))) {
      return normalise(learned);
    }
    return operator != null ? normalise(operator) : normalise(fallback);
  }

  /** Whether a portfolio at {@code used} of {@code limit} has room for one more contact. */
  public static boolean hasRoom(int used, int limit) {
    return limit < 0 || used < limit;
  }

  private static int normalise(int limit) {
    return limit < 0 ? UNLIMITED : limit;
  }

  private static boolean later(@Nullable Instant learned, @Nullable Instant operator) {
    return operator == null || (learned != null && learned.isAfter(operator));
  }
}
