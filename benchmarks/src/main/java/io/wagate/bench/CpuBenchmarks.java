package io.wagate.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Benchmark 1: {@link TopologyCpuBenchmark} in interleaved JMH rounds. */
final class CpuBenchmarks {

  private static final Logger LOGGER = LoggerFactory.getLogger(CpuBenchmarks.class);
  private static final String BASELINE = "passThroughRequest";
  private static final Map<String, String> SUBJECTS =
      Map.of(
          "sendRouted", "send request, routed (open window)",
          "sendRejected", "send request, rejected (no window), with a note",
          "inboundMessage", "inbound message",
          "statusCallback", "status callback");

  private CpuBenchmarks() {}

  static void run(Settings settings, Report report) throws Exception {
    Map<String, List<Double>> scores = new HashMap<>();
    for (int round = 0; round < settings.rounds(); round++) {
      OptionsBuilder builder = new OptionsBuilder();
      builder
          .include(TopologyCpuBenchmark.class.getName() + "\\.")
          .warmupIterations(settings.jmhWarmups())
          .warmupTime(TimeValue.milliseconds(settings.jmhIterationMillis()))
          .measurementIterations(settings.jmhIterations())
          .measurementTime(TimeValue.milliseconds(settings.jmhIterationMillis()))
          .forks(settings.jmhForks())
          .threads(1)
          .shouldFailOnError(true)
          .verbosity(VerboseMode.SILENT)
          // Not the parent's arguments: a flight recording of the harness stays the harness's.
          .jvmArgs("-Xmx1g", "-Dlogback.configurationFile=logback-bench.xml");
      Options options = builder.build();
      for (RunResult result : new Runner(options).run()) {
        String label = result.getParams().getBenchmark();
        String method = label.substring(label.lastIndexOf('.') + 1);
        double score = result.getPrimaryResult().getScore();
        LOGGER.info("cpu {} round {}: {} µs/record", method, round + 1, Row.fmt(score));
        scores.computeIfAbsent(method, m -> new ArrayList<>()).add(score);
      }
    }
    List<Double> baseline = scores.get(BASELINE);
    for (String method :
        List.of("sendRouted", "sendRejected", "inboundMessage", "statusCallback")) {
      List<Double> values = scores.get(method);
      report.add(
          new Row(
              "1",
              "CPU per record: " + SUBJECTS.get(method),
              "µs",
              values,
              "µs pass-through",
              baseline,
              Stats.ratios(values, baseline),
              null,
              null));
    }
    report.note(
        String.format(
            Locale.ROOT,
            "1. CPU per record: JMH average time of one record piped through a"
                + " TopologyTestDriver (no broker) running wagate's topology, against one send"
                + " request through a pass-through topology (the four inputs to one sink, same"
                + " serdes). The ratio is wagate's cost in multiples of the pass-through's: higher"
                + " is costlier. Routed requests go to 1,000 conversations whose window is open;"
                + " rejected ones to conversations without one; callbacks cycle through 1,000"
                + " routed requests (sent, delivered, read, then repeats). Each round: %d warm-up"
                + " and %d measured iterations of %d ms, %d fork(s); %d rounds, all benchmarks in"
                + " each.",
            settings.jmhWarmups(),
            settings.jmhIterations(),
            settings.jmhIterationMillis(),
            settings.jmhForks(),
            settings.rounds()));
  }
}
