package io.wagate.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Median, minimum and maximum of the rounds of one figure, and percentiles of samples. */
final class Stats {

  private Stats() {}

  static double median(List<Double> values) {
    List<Double> sorted = sorted(values);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static double min(List<Double> values) {
    return Collections.min(values);
  }

  static double max(List<Double> values) {
    return Collections.max(values);
  }

  /** The per-round ratios {@code a[i] / b[i]} of two interleaved series. */
  static List<Double> ratios(List<Double> a, List<Double> b) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      ratios.add(a.get(i) / b.get(i));
    }
    return ratios;
  }

  /** The {@code q}-quantile (0..1) of {@code sorted} samples, nearest rank. */
  static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
  }

  private static List<Double> sorted(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted;
  }
}
