package io.wagate.streams.topology;

import static io.wagate.streams.topology.WagateDriver.at;
import static io.wagate.streams.topology.WagateDriver.hours;
import static io.wagate.streams.topology.WagateDriver.minutes;
import static io.wagate.streams.topology.WagateDriver.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.wagate.schemas.DeadLetterHeaders;
import io.wagate.schemas.Json;
import io.wagate.schemas.events.RequestStatus;
import io.wagate.schemas.events.SendRequest;
import io.wagate.streams.processor.ProcessingHook;
import io.wagate.streams.state.Conversation;
import io.wagate.streams.state.RequestRecord;
import io.wagate.streams.state.Timers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each record is one unit of work: a bug while handling one record leaves none of its effects
 * behind, the record goes to {@code wa.dlq} whole with the exception named, and the records after
 * it are processed. A timer whose handling fails stays.
 */
class ProcessingFailureTest {

  /** Fails every record or timer it is told to, after its effects were decided. */
  private static final class FailOn implements ProcessingHook {
    private final List<String> requestIds = new ArrayList<>();
    private boolean timers;

    @Override
    public void beforeApply(Object input) {
      if (input instanceof ConversationEvent.Request request
          && requestIds.contains(request.request().requestId())) {
        throw new IllegalStateException("test hook: handling fails midway");
      }
      if (timers && input instanceof Timers.Due) {
        throw new IllegalStateException("test hook: timer fails midway");
      }
    }
  }

  private final FailOn failOn = new FailOn();
  private final WagateDriver wagate = new WagateDriver(Map.of(), 1, failOn);

  @AfterEach
  void close() {
    wagate.close();
  }

  @Test
  void shouldLeaveNothingOfAFailedRecordButItsDeadLetterAndGoOn() throws Exception {
    // Given an open window, and a record whose handling will fail after it decided to route it
    wagate.userWrites("Hello", at(minutes(0)));
    wagate.sessions.readValuesToList();
    failOn.requestIds.add("boom");
    SendRequest boom = text("boom", "This one fails");
    // When
    wagate.send(text("before", "First"), at(minutes(1)));
    wagate.send(boom, at(minutes(2)));
    wagate.send(text("after", "Third"), at(minutes(3)));
    // Then the records before and after it were routed, and nothing of it was written
    assertThat(wagate.statuses())
        .extracting(RequestStatus::requestId)
        .containsExactly("before", "after");
    assertThat(wagate.freeform.readValuesToList())
        .extracting(message -> message.requestId())
        .containsExactly("before", "after");
    assertThat(wagate.notes.isEmpty()).isTrue();
    assertThat(wagate.sessions.isEmpty()).isTrue();
    KeyValueStore<String, RequestRecord> requests =
        wagate.driver.getKeyValueStore(StoreNames.REQUESTS);
    assertThat(requests.get("boom")).isNull();
    assertThat(requests.get("after")).isNotNull();
    // and it went to wa.dlq whole, with the exception named
    List<TestRecord<byte[], byte[]>> deadLetters = wagate.dlq.readRecordsToList();
    assertThat(deadLetters).hasSize(1);
    TestRecord<byte[], byte[]> deadLetter = deadLetters.get(0);
    assertThat(Json.MAPPER.readValue(deadLetter.value(), SendRequest.class)).isEqualTo(boom);
    assertThat(header(deadLetter, DeadLetterHeaders.EXCEPTION))
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(header(deadLetter, DeadLetterHeaders.MESSAGE)).contains("handling fails midway");
    assertThat(header(deadLetter, DeadLetterHeaders.TOPIC)).isEqualTo("wa.send.requests");
  }

  @Test
  void shouldKeepATimerWhoseHandlingFailedAndFireItOnceItWorks() {
    // Given a window that will expire
    wagate.userWrites("Hello", at(minutes(0)));
    wagate.sessions.readValuesToList();
    failOn.timers = true;
    // When its timer fails
    wagate.advanceWallClock(hours(24));
    // Then nothing was announced, and the timer is still there
    assertThat(wagate.sessions.isEmpty()).isTrue();
    assertThat(conversationTimers()).hasSize(1);
    KeyValueStore<String, Conversation> conversations =
        wagate.driver.getKeyValueStore(StoreNames.CONVERSATIONS);
    assertThat(conversations.get(WagateDriver.KEY).announcedOpen()).isTrue();
    // When the cause is gone
    failOn.timers = false;
    wagate.advanceWallClock(minutes(2));
    // Then the expiry is announced, and the timer is gone
    assertThat(wagate.sessions.readValue().windowOpen()).isFalse();
    assertThat(conversationTimers()).isEmpty();
  }

  private List<String> conversationTimers() {
    List<String> keys = new ArrayList<>();
    KeyValueStore<String, String> timers = wagate.driver.getKeyValueStore(StoreNames.TIMERS);
    try (KeyValueIterator<String, String> all = timers.all()) {
      while (all.hasNext()) {
        KeyValue<String, String> timer = all.next();
        if (timer.key.contains("|W|")) {
          keys.add(timer.key);
        }
      }
    }
    return keys;
  }

  private static String header(TestRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
