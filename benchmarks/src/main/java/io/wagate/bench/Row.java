package io.wagate.bench;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One line of the results table: a figure measured over rounds, the baseline measured in the same
 * rounds, their per-round ratio, and the target where the issue sets one.
 *
 * @param section which benchmark (1 to 5)
 * @param name what was measured
 * @param unit the unit of value and baseline
 * @param values the value of each round
 * @param baselineName what the baseline is
 * @param baselines the baseline of each round, interleaved with the values
 * @param ratios the per-round ratio value/baseline (or baseline/value for costs, as named)
 * @param target the target in words, or null
 * @param met whether the target was met (median ratio or value), or null without a target
 */
record Row(
    String section,
    String name,
    String unit,
    List<Double> values,
    String baselineName,
    List<Double> baselines,
    List<Double> ratios,
    @Nullable String target,
    @Nullable Boolean met) {

  double value() {
    return Stats.median(values);
  }

  double baseline() {
    return Stats.median(baselines);
  }

  double ratio() {
    return Stats.median(ratios);
  }

  String valueText() {
    return fmt(value()) + (values.size() > 1 ? " (min " + fmt(Stats.min(values)) + ")" : "");
  }

  String baselineText() {
    return fmt(baseline()) + " " + baselineName;
  }

  String ratioText() {
    return ratios.size() > 1
        ? String.format(
            Locale.ROOT, "%.2f (%.2f–%.2f)", ratio(), Stats.min(ratios), Stats.max(ratios))
        : String.format(Locale.ROOT, "%.2f", ratio());
  }

  String status() {
    return met == null ? "–" : met ? "met" : "MISSED";
  }

  static String fmt(double v) {
    if (v >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (v >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
