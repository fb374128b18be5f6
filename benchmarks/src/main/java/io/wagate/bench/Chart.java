package io.wagate.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A two-panel SVG line chart, written by hand so the harness needs no charting library. */
final class Chart {

  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"};
  private static final int PANEL_WIDTH = 420;
  private static final int PANEL_HEIGHT = 260;
  private static final int MARGIN = 60;

  private Chart() {}

  static String svg(
      Map<String, List<Report.Point>> throughput, Map<String, List<Report.Point>> latency) {
    int width = 2 * (PANEL_WIDTH + 2 * MARGIN);
    int height = PANEL_HEIGHT + 2 * MARGIN + 40;
    StringBuilder svg = new StringBuilder();
    svg.append(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                    + " font-family=\"sans-serif\" font-size=\"12\">\n",
                width,
                height))
        .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    panel(
        svg,
        MARGIN,
        "Throughput against distinct conversations (log x)",
        "conversations",
        "records/s",
        throughput,
        true);
    panel(
        svg,
        PANEL_WIDTH + 3 * MARGIN,
        "End-to-end latency against offered rate",
        "offered records/s",
        "ms",
        latency,
        false);
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static void panel(
      StringBuilder svg,
      int left,
      String title,
      String xLabel,
      String yLabel,
      Map<String, List<Report.Point>> series,
      boolean logX) {
    int top = MARGIN;
    int bottom = top + PANEL_HEIGHT;
    svg.append(text(left + PANEL_WIDTH / 2, top - 25, title, "middle", "bold"));
    svg.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n",
            left,
            bottom,
            left + PANEL_WIDTH,
            bottom,
            left,
            top,
            left,
            bottom));
    svg.append(text(left + PANEL_WIDTH / 2, bottom + 35, xLabel, "middle", "normal"));
    svg.append(text(left - 45, top - 8, yLabel, "start", "normal"));
    List<Report.Point> all = new ArrayList<>();
    series.values().forEach(all::addAll);
    if (all.isEmpty()) {
      svg.append(
          text(left + PANEL_WIDTH / 2, top + PANEL_HEIGHT / 2, "no data", "middle", "normal"));
      return;
    }
    double minX = all.stream().mapToDouble(p -> x(p, logX)).min().orElse(0);
    double maxX = all.stream().mapToDouble(p -> x(p, logX)).max().orElse(1);
    if (maxX == minX) {
      minX -= 1;
      maxX += 1;
    }
    double maxY = all.stream().mapToDouble(Report.Point::y).max().orElse(1) * 1.1;
    for (int tick = 0; tick <= 4; tick++) {
      double y = maxY * tick / 4;
      int py = bottom - (int) (PANEL_HEIGHT * tick / 4.0);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>\n",
              left,
              py,
              left + PANEL_WIDTH,
              py));
      svg.append(text(left - 5, py + 4, Row.fmt(y), "end", "normal"));
    }
    int index = 0;
    for (Map.Entry<String, List<Report.Point>> entry : series.entrySet()) {
      String colour = COLOURS[index % COLOURS.length];
      List<Report.Point> points = new ArrayList<>(entry.getValue());
      points.sort((a, b) -> Double.compare(a.x(), b.x()));
      StringBuilder polyline = new StringBuilder();
      for (Report.Point p : points) {
        double px = left + 10 + (PANEL_WIDTH - 20) * (x(p, logX) - minX) / (maxX - minX);
        double py = bottom - PANEL_HEIGHT * p.y() / maxY;
        polyline.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
        svg.append(
            String.format(
                Locale.ROOT,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n",
                px,
                py,
                colour));
        svg.append(text((int) px, bottom + 15, Row.fmt(p.x()), "middle", "normal"));
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n",
              polyline.toString().trim(),
              colour));
      int legendY = top + 5 + 16 * index;
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>\n",
              left + 15,
              legendY,
              colour));
      svg.append(text(left + 30, legendY + 9, entry.getKey(), "start", "normal"));
      index++;
    }
  }

  private static double x(Report.Point p, boolean log) {
    return log ? Math.log10(Math.max(1, p.x())) : p.x();
  }

  private static String text(int x, int y, String text, String anchor, String weight) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" font-weight=\"%s\">%s</text>\n",
        x,
        y,
        anchor,
        weight,
        text.replace("&", "&amp;").replace("<", "&lt;"));
  }
}
