package io.wagate.bench;

/** Benchmark 5: the webhook ingress against a bare Jetty handler. */
final class IngressBenchmarks {

  private IngressBenchmarks() {}

  static void run(Kafka kafka, Settings settings, Report report) {
    report.note("5. Ingress: not yet built (the ingress module is not on this branch yet).");
  }
}
