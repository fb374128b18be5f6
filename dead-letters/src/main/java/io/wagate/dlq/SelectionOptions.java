package io.wagate.dlq;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options {@code dlq list} and {@code dlq replay} share. */
final class SelectionOptions {

  @Option(
      names = "--source",
      paramLabel = "TOPIC|ENDPOINT",
      description =
          "Only dead letters from this source topic or ingress endpoint (e.g. wa.send.requests,"
              + " 'POST /webhooks/meta'); a streams dead letter also matches the input it goes"
              + " back to. Repeatable.")
  List<String> sources = new ArrayList<>();

  @Option(
      names = "--error",
      paramLabel = "TEXT",
      description =
          "Only dead letters whose error (exception class, or ingress reason and field)"
              + " contains TEXT, ignoring case. Repeatable.")
  List<String> errors = new ArrayList<>();

  @Option(
      names = "--from",
      paramLabel = "TIME",
      description = "Only dead letters stamped at or after TIME (ISO-8601, 2026-11-22T09:00:00Z).")
  @Nullable Instant from;

  @Option(
      names = "--to",
      paramLabel = "TIME",
      description = "Only dead letters stamped before TIME (ISO-8601).")
  @Nullable Instant to;

  @Option(
      names = "--offsets",
      paramLabel = "P:FROM[-TO]",
      converter = OffsetRangeConverter.class,
      description =
          "Only these wa.dlq offsets, both ends included: 2:17, 2:17-40 or 2:17- (to the end)."
              + " Repeatable.")
  List<OffsetRange> offsets = new ArrayList<>();

  @Option(
      names = "--show-payloads",
      description =
          "Also print keys and values, which hold phone numbers, names and message bodies.")
  boolean showPayloads;

  @Option(
      names = "--timeout",
      defaultValue = "PT30S",
      paramLabel = "DURATION",
      description =
          "How long Kafka may take to answer, as an ISO-8601 duration (default:"
              + " ${DEFAULT-VALUE}).")
  Duration timeout = Duration.ofSeconds(30);

  /** The selection, or a usage error (exit code 2). */
  Selection selection(CommandSpec spec) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new ParameterException(spec.commandLine(), "--timeout must be positive");
    }
    try {
      return new Selection(sources, errors, from, to, offsets);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** Reads {@code --offsets}. */
  static final class OffsetRangeConverter implements ITypeConverter<OffsetRange> {
    @Override
    public OffsetRange convert(String value) {
      return OffsetRange.parse(value);
    }
  }
}
