package io.wagate.streams.reports;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The day buckets of the activity and agent reports: a day is a calendar day in UTC, whatever the
 * business's time zone (a CRM that reports in local time adds up the UTC days it spans), and it is
 * kept for the day retention counted back from today. Pure.
 */
public final class DayBuckets {

  private static final char SEPARATOR = '|';

  private DayBuckets() {}

  /** The UTC day of {@code at}, {@code yyyy-MM-dd}. */
  public static String dayOf(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
  }

  /** The key of {@code owner}'s bucket of {@code day}: {@code owner|yyyy-MM-dd}. */
  public static String key(String owner, String day) {
    return owner + SEPARATOR + day;
  }

  /** The owner part of a bucket key. */
  public static String owner(String key) {
    return key.substring(0, key.lastIndexOf(SEPARATOR));
  }

  /** The day part of a bucket key. */
  public static String day(String key) {
    return key.substring(key.lastIndexOf(SEPARATOR) + 1);
  }

  /** The earliest day kept at {@code now}: today (UTC) and the {@code retention}'s days before. */
  public static LocalDate firstDayKept(Instant now, Duration retention) {
    return LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(retention.toDays());
  }

  /** Whether {@code day} is past the retention at {@code now}. */
  public static boolean expired(String day, Instant now, Duration retention) {
    return LocalDate.parse(day).isBefore(firstDayKept(now, retention));
  }
}
