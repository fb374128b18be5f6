package io.wagate.streams.state;

import java.time.Instant;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Wall-clock timers kept in the {@code timer-store}: keys sort by due time, so one range scan finds
 * everything due. The store survives restarts with the rest of the state.
 */
public final class Timers {

  /** What a timer is for. */
  public enum Kind {
    /** A conversation's window may have expired: announce it, forget idle state. */
    WINDOW('W'),
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

  /** A due timer. */
  public record Due(Kind kind, String subject, Instant dueAt, String key) {}

  /** Receives due timers. */
  @FunctionalInterface
  public interface Handler {
    void fire(Due due);
  }

  private final KeyValueStore<String, String> store;

  public Timers(KeyValueStore<String, String> store) {
    this.store = store;
  }

  /** Schedules {@code kind} for {@code subject} at {@code dueAt}. */
  public void schedule(Kind kind, String subject, Instant dueAt) {
    store.put(key(kind, subject, dueAt), subject);
  }

  /** Cancels a timer scheduled with exactly these arguments. */
  public void cancel(Kind kind, String subject, Instant dueAt) {
    store.delete(key(kind, subject, dueAt));
  }

  /**
   * Fires and removes every timer due at or before {@code now}, at most {@code limit} of them, so
   * that one punctuation cannot starve processing. Returns how many fired.
   */
  public int fireDue(Instant now, int limit, Handler handler) {
    String upTo = millis(now) + "~";
    java.util.List<Due> due = new java.util.ArrayList<>();
    try (KeyValueIterator<String, String> timers = store.range(null, upTo)) {
      while (timers.hasNext() && due.size() < limit) {
        KeyValue<String, String> timer = timers.next();
        due.add(parse(timer.key, timer.value));
      }
    }
    for (Due timer : due) {
      store.delete(timer.key());
      handler.fire(timer);
    }
    return due.size();
  }

  static String key(Kind kind, String subject, Instant dueAt) {
    return millis(dueAt) + '|' + kind.code + '|' + subject;
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
