package io.wagate.streams.errors;

import io.wagate.schemas.DeadLetterHeaders;
import io.wagate.schemas.DeadLetterRecords;
import io.wagate.streams.topology.PartitionCountMismatchException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter path, which never fails: a record that cannot be decoded or whose handling throws
 * goes to {@code wa.dlq} whole, with Kafka Streams' own {@code __streams.errors.*} headers naming
 * the exception and the source, and processing goes on. A dead letter larger than the topic accepts
 * is cut to fit ({@link DeadLetterRecords#fit}) rather than refused: a refused dead letter would
 * stop the application on the same record after every restart.
 *
 * <p>Configured as the deserialization, processing and production exception handler. As the
 * production handler it only lets a dead letter that the broker still refuses be dropped (logged);
 * any other record that cannot be written stops the application, as before.
 */
public final class DeadLetterHandler
    implements DeserializationExceptionHandler,
        ProcessingExceptionHandler,
        ProductionExceptionHandler {

  /** The Streams property wagate passes its {@code WAGATE_MAX_RECORD_BYTES} in. */
  public static final String MAX_RECORD_BYTES_CONFIG = "wagate.max.record.bytes";

  private static final Logger LOGGER = LoggerFactory.getLogger(DeadLetterHandler.class);

  private String topic = "wa.dlq";
  private int maxRecordBytes = DeadLetterRecords.DEFAULT_MAX_BYTES;

  @Override
  public void configure(Map<String, ?> configs) {
    Object configured = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    if (configured != null && !configured.toString().isBlank()) {
      topic = configured.toString();
    }
    Object max = configs.get(MAX_RECORD_BYTES_CONFIG);
    if (max != null) {
      maxRecordBytes = Integer.parseInt(max.toString());
    }
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    log("decoded", context, exception);
    return DeserializationExceptionHandler.Response.resume(
        List.of(deadLetter(context, record.key(), record.value(), exception)));
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    if (exception instanceof PartitionCountMismatchException) {
      LOGGER.error("wagate stops: {}", exception.getMessage());
      return ProcessingExceptionHandler.Response.fail();
    }
    log("processed", context, exception);
    return ProcessingExceptionHandler.Response.resume(
        List.of(deadLetter(context, context.sourceRawKey(), context.sourceRawValue(), exception)));
  }

  @Override
  public ProductionExceptionHandler.Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (topic.equals(record.topic())) {
      LOGGER.error(
          "A dead letter from {}-{} at offset {} could not be written to {} and is dropped: {}",
          context.topic(),
          context.partition(),
          context.offset(),
          topic,
          exception.toString());
      return ProductionExceptionHandler.Response.resume();
    }
    return ProductionExceptionHandler.Response.fail();
  }

  private ProducerRecord<byte[], byte[]> deadLetter(
      ErrorHandlerContext context, byte @Nullable [] key, byte @Nullable [] value, Exception e) {
    Headers headers = new RecordHeaders();
    if (context.headers() != null) {
      for (Header header : context.headers()) {
        if (!header.key().startsWith("__streams.errors.")) {
          headers.add(header);
        }
      }
    }
    add(headers, DeadLetterHeaders.EXCEPTION, e.getClass().getName());
    add(headers, DeadLetterHeaders.MESSAGE, e.getMessage() == null ? "" : e.getMessage());
    add(headers, DeadLetterHeaders.STACKTRACE, stackTrace(e));
    if (context.topic() != null) {
      add(headers, DeadLetterHeaders.TOPIC, context.topic());
      add(headers, DeadLetterHeaders.PARTITION, Integer.toString(context.partition()));
      add(headers, DeadLetterHeaders.OFFSET, Long.toString(context.offset()));
    }
    return DeadLetterRecords.fit(
        new ProducerRecord<>(topic, null, context.timestamp(), key, value, headers),
        maxRecordBytes);
  }

  private void log(String verb, ErrorHandlerContext context, Exception exception) {
    // The message never carries payload: wagate's serdes and checks are written so.
    LOGGER.warn(
        "A record from {}-{} at offset {} could not be {} ({}: {}); it goes to {} and processing"
            + " goes on",
        context.topic(),
        context.partition(),
        context.offset(),
        verb,
        exception.getClass().getSimpleName(),
        exception.getMessage(),
        topic);
  }

  private static void add(Headers headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String stackTrace(Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }
}
