package io.wagate.bench;

import java.util.List;

/**
 * How big each benchmark runs.
 *
 * @param mode the mode's name
 * @param rounds interleaved rounds of the throughput and CPU benchmarks
 * @param jmhWarmups JMH warm-up iterations per round
 * @param jmhIterations JMH measured iterations per round
 * @param jmhIterationMillis length of one JMH iteration
 * @param jmhForks JMH forks per round; 0 runs in this JVM (smoke mode only)
 * @param throughputVisits visits (about {@value Records#RECORDS_PER_VISIT} records each) pre-loaded
 *     for one throughput run
 * @param latencySeconds how long each latency run offers load
 * @param latencyRates the offered rates, records per second
 * @param latencyRounds interleaved rounds of the latency benchmark
 * @param scaleVisits visits of one measured scale run, spread over all conversations in state
 * @param fewConversations the small number of conversations in state
 * @param manyConversations the large number (built once per run, one inbound message each)
 * @param scaleRounds interleaved rounds of the scale benchmark, each a measured run and a restore
 *     per size
 * @param ingressSeconds how long each ingress run lasts
 * @param ingressRate the fixed request rate of the ingress latency run
 * @param senderMessages messages of one sender run
 */
record Settings(
    String mode,
    int rounds,
    int jmhWarmups,
    int jmhIterations,
    int jmhIterationMillis,
    int jmhForks,
    int throughputVisits,
    int latencySeconds,
    List<Integer> latencyRates,
    int latencyRounds,
    int scaleVisits,
    int fewConversations,
    int manyConversations,
    int scaleRounds,
    int ingressSeconds,
    int ingressRate,
    int senderMessages) {

  /** For the smoke test: every benchmark on a few hundred records, once. */
  static Settings tiny() {
    return new Settings(
        "tiny (smoke test; figures meaningless)",
        1,
        0,
        1,
        200,
        0,
        60,
        2,
        List.of(500),
        1,
        60,
        10,
        200,
        1,
        2,
        200,
        300);
  }

  /** A few minutes; figures indicative. */
  static Settings quick() {
    return new Settings(
        "quick",
        2,
        1,
        2,
        1000,
        1,
        4_000,
        8,
        List.of(1_000, 5_000),
        2,
        10_000,
        1_000,
        100_000,
        1,
        5,
        3_000,
        5_000);
  }

  /** The figures for BENCHMARKS.md: about twenty minutes on two cores. */
  static Settings full() {
    return new Settings(
        "full",
        3,
        2,
        3,
        1000,
        1,
        10_000,
        12,
        List.of(1_000, 2_500, 5_000),
        2,
        30_000,
        1_000,
        1_000_000,
        3,
        10,
        3_000,
        20_000);
  }
}
