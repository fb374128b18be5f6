package io.wagate.streams.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Wall-clock timers kept in the {@code timer-store}: keys sort by due time, so one range scan finds
 * everything due, and the store survives restarts with the rest of the state. A timer leaves the
 * store only together with the other effects of its handling.
 */
public final class Timers {

  /** What a timer is for. */
  public enum Kind {
    /** A conversation's window may have expired, or its state may be forgettable. */
    CONVERSATION('W'),
    /** A parked request may have waited too long for opt-in. */
    PARKED('P'),
    /** A retry is due. */
    RETRY('R'),
    /** A request id may be forgotten: set by earlier versions only, now ignored. */
    FORGET('F');

    private final char code;

    Kind(char code) {
      this.code = code;
    }

    static Kind of(char code) {
      for (Kind kind : values()) {
        if (kind.code == code) {
          return kind;
        }
      }
      throw new IllegalArgumentException("unknown timer kind " + code);
    }
  }

  /**
   * A timer.
   *
   * @param kind what it is for
   * @param subject the conversation key or request id it is about
   * @param dueAt when it is due
   * @param key its key in the store
   */
  public record Due(Kind kind, String subject, Instant dueAt, String key) {}

  private Timers() {}

  /** The store key of a timer of {@code kind} for {@code subject} due at {@code dueAt}. */
  public static String key(Kind kind, String subject, Instant dueAt) {
    return millis(dueAt) + '|' + kind.code + '|' + subject;
  }

  /**
   * The timers due at or before {@code now}, earliest first, at most {@code limit} of them so that
   * one punctuation cannot starve processing; they stay in the store until handled.
   */
  public static List<Due> due(ReadOnlyKeyValueStore<String, String> store, Instant now, int limit) {
    String upTo = millis(now) + "~";
    List<Due> due = new ArrayList<>();
    try (KeyValueIterator<String, String> timers = store.range(null, upTo)) {
      while (timers.hasNext() && due.size() < limit) {
        KeyValue<String, String> timer = timers.next();
        due.add(parse(timer.key, timer.value));
      }
    }
    return due;
  }

  /** Epoch millis zero-padded to 19 digits, so keys sort by time; no format parsing per call. */
  private static String millis(Instant at) {
    String digits = Long.toString(Math.max(0, at.toEpochMilli()));
    return "0".repeat(19 - digits.length()) + digits;
  }

  private static Due parse(String key, String subject) {
    long millis = Long.parseLong(key.substring(0, 19));
    return new Due(Kind.of(key.charAt(20)), subject, Instant.ofEpochMilli(millis), key);
  }
}
