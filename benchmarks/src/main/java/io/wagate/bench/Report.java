package io.wagate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The results of one run: the table, the chart's series, the notes; printed and written. */
final class Report {

  /** A point of a chart series. */
  record Point(double x, double y) {}

  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final Map<String, List<Point>> throughputByConversations = new LinkedHashMap<>();
  private final Map<String, List<Point>> latencyByRate = new LinkedHashMap<>();
  private final String command;
  private final String mode;

  Report(String command, String mode) {
    this.command = command;
    this.mode = mode;
  }

  synchronized void add(Row row) {
    rows.add(row);
  }

  synchronized void note(String note) {
    notes.add(note);
  }

  synchronized void throughputPoint(String series, double conversations, double recordsPerSecond) {
    throughputByConversations
        .computeIfAbsent(series, s -> new ArrayList<>())
        .add(new Point(conversations, recordsPerSecond));
  }

  synchronized void latencyPoint(String series, double rate, double millis) {
    latencyByRate.computeIfAbsent(series, s -> new ArrayList<>()).add(new Point(rate, millis));
  }

  synchronized List<Row> rows() {
    return List.copyOf(rows);
  }

  /** The table as fixed-width text. */
  synchronized String table() {
    String[] head = {"#", "benchmark", "value", "baseline", "ratio", "target", "status"};
    List<String[]> lines = new ArrayList<>();
    lines.add(head);
    for (Row row : rows) {
      lines.add(
          new String[] {
            row.section(),
            row.name(),
            row.valueText() + " " + row.unit(),
            row.baselineText(),
            row.ratioText(),
            row.target() == null ? "–" : row.target(),
            row.status()
          });
    }
    int[] widths = new int[head.length];
    for (String[] line : lines) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int l = 0; l < lines.size(); l++) {
      String[] line = lines.get(l);
      for (int i = 0; i < line.length; i++) {
        out.append(String.format("%-" + widths[i] + "s", line[i]));
        out.append(i == line.length - 1 ? "\n" : "  ");
      }
      if (l == 0) {
        for (int i = 0; i < widths.length; i++) {
          out.append("-".repeat(widths[i])).append(i == widths.length - 1 ? "\n" : "  ");
        }
      }
    }
    return out.toString();
  }

  /** Writes {@code BENCHMARKS.md} and {@code docs/benchmarks.svg} under {@code root}. */
  synchronized void write(Path root, String machine) throws IOException {
    Files.createDirectories(root.resolve("docs"));
    Files.writeString(
        root.resolve("docs/benchmarks.svg"),
        Chart.svg(throughputByConversations, latencyByRate),
        StandardCharsets.UTF_8);
    StringBuilder md = new StringBuilder();
    md.append("# wagate benchmarks\n\n");
    md.append(
        "Every figure is the median over interleaved rounds (baseline and subject alternate in"
            + " each round), with the minimum in brackets; every ratio is taken per round and"
            + " given as median (min–max). The machine is shared with other builds, so absolute"
            + " numbers are noisy: the ratios are what to compare.\n\n");
    md.append("- Date: ")
        .append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
        .append("\n");
    md.append("- Mode: ").append(mode).append("\n");
    md.append("- Command (from a fresh clone):\n\n```\n").append(command).append("\n```\n\n");
    md.append("## Results\n\n");
    md.append("| # | benchmark | value | baseline | ratio | target | status |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    for (Row row : rows) {
      md.append("| ")
          .append(row.section())
          .append(" | ")
          .append(row.name())
          .append(" | ")
          .append(row.valueText())
          .append(" ")
          .append(row.unit())
          .append(" | ")
          .append(row.baselineText())
          .append(" | ")
          .append(row.ratioText())
          .append(" | ")
          .append(row.target() == null ? "–" : row.target())
          .append(" | ")
          .append(row.status())
          .append(" |\n");
    }
    md.append("\n![throughput against conversations, latency against offered rate]")
        .append("(docs/benchmarks.svg)\n\n");
    md.append("## How each figure is measured\n\n");
    for (String note : notes) {
      md.append("- ").append(note).append("\n");
    }
    md.append("\n## Machine\n\n```\n").append(machine).append("\n```\n");
    // The hand-written profile analysis survives each regeneration of the figures.
    Path analysis = root.resolve("docs/benchmarks-profile.md");
    if (Files.exists(analysis)) {
      md.append("\n").append(Files.readString(analysis, StandardCharsets.UTF_8));
    }
    Files.writeString(root.resolve("BENCHMARKS.md"), md.toString(), StandardCharsets.UTF_8);
  }
}
