package io.wagate.schemas;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterRecordsTest {

  private static final int LIMIT = 10_000;

  @Test
  void shouldKeepARecordThatFitsUnchanged() {
    // Given
    ProducerRecord<byte[], byte[]> record = deadLetter(new byte[100], "boom".repeat(10));

    // When
    ProducerRecord<byte[], byte[]> fitted = DeadLetterRecords.fit(record, LIMIT);

    // Then
    assertThat(fitted).isSameAs(record);
  }

  @Test
  void shouldCutAValueThatDoesNotFitAndSayWhatItWas() throws Exception {
    // Given
    byte[] value = new byte[50_000];
    Arrays.fill(value, (byte) 'x');
    ProducerRecord<byte[], byte[]> record = deadLetter(value, "at wagate\n".repeat(5_000));

    // When
    ProducerRecord<byte[], byte[]> fitted = DeadLetterRecords.fit(record, LIMIT);

    // Then
    assertThat(DeadLetterRecords.size(fitted.key(), fitted.value(), fitted.headers()))
        .isLessThanOrEqualTo(LIMIT);
    assertThat(fitted.key()).isEqualTo(record.key());
    assertThat(fitted.value()).isNotEmpty().containsOnly((byte) 'x');
    assertThat(header(fitted, DeadLetterHeaders.TRUNCATED)).isEqualTo("true");
    assertThat(header(fitted, DeadLetterHeaders.ORIGINAL_SIZE)).isEqualTo("50000");
    assertThat(header(fitted, DeadLetterHeaders.ORIGINAL_SHA256))
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value)));
    assertThat(header(fitted, DeadLetterHeaders.EXCEPTION)).isEqualTo("java.lang.RuntimeException");
    assertThat(header(fitted, DeadLetterHeaders.TOPIC)).isEqualTo("wa.send.requests");
  }

  @Test
  void shouldDropTheInputsOwnHugeHeadersBeforeTheOnesThatSayWhatFailed() {
    // Given
    ProducerRecord<byte[], byte[]> record = deadLetter(new byte[10], "trace");
    for (int i = 0; i < 20; i++) {
      record.headers().add("crm-header-" + i, new byte[5_000]);
    }

    // When
    ProducerRecord<byte[], byte[]> fitted = DeadLetterRecords.fit(record, LIMIT);

    // Then
    assertThat(DeadLetterRecords.size(fitted.key(), fitted.value(), fitted.headers()))
        .isLessThanOrEqualTo(LIMIT);
    assertThat(fitted.headers().lastHeader("crm-header-0")).isNull();
    assertThat(header(fitted, DeadLetterHeaders.MESSAGE)).isEqualTo("cannot decode");
    assertThat(fitted.value()).hasSize(10);
  }

  @Test
  void shouldCutAKeyThatAloneDoesNotFit() {
    // Given
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            "wa.dlq", null, 1L, new byte[LIMIT * 2], new byte[5], new RecordHeaders());

    // When
    ProducerRecord<byte[], byte[]> fitted = DeadLetterRecords.fit(record, LIMIT);

    // Then
    assertThat(DeadLetterRecords.size(fitted.key(), fitted.value(), fitted.headers()))
        .isLessThanOrEqualTo(LIMIT);
    assertThat(fitted.value()).isEmpty();
    assertThat(header(fitted, DeadLetterHeaders.ORIGINAL_SIZE)).isEqualTo("5");
  }

  private static ProducerRecord<byte[], byte[]> deadLetter(byte[] value, String stacktrace) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(DeadLetterHeaders.EXCEPTION, "java.lang.RuntimeException".getBytes(UTF_8));
    headers.add(DeadLetterHeaders.MESSAGE, "cannot decode".getBytes(UTF_8));
    headers.add(DeadLetterHeaders.STACKTRACE, stacktrace.getBytes(UTF_8));
    headers.add(DeadLetterHeaders.TOPIC, "wa.send.requests".getBytes(UTF_8));
    return new ProducerRecord<>("wa.dlq", null, 1L, "key".getBytes(UTF_8), value, headers);
  }

  private static String header(ProducerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), UTF_8);
  }
}
