package io.wagate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every benchmark in its tiny mode, on a real embedded broker: proves the harness still runs and
 * reports, not how fast wagate is.
 */
class BenchmarksSmokeIT {

  @TempDir Path out;

  @Test
  void shouldReportEveryBenchmarkWithNonZeroFigures() throws Exception {
    // Given
    String[] args = {"--tiny", "--out=" + out};

    // When
    Report report = Main.run(args);

    // Then
    List<Row> rows = report.rows();
    assertThat(rows)
        .extracting(Row::section)
        .as("sections of the table")
        .contains("1", "2", "3", "4", "5", "6", "7");
    assertThat(rows).extracting(Row::name).anyMatch(name -> name.contains("exactly_once_v2"));
    assertThat(rows).extracting(Row::name).anyMatch(name -> name.contains("at_least_once"));
    assertThat(rows)
        .allSatisfy(
            row -> {
              assertThat(row.value()).as("value of %s", row.name()).isPositive();
              assertThat(row.baseline()).as("baseline of %s", row.name()).isPositive();
              assertThat(row.ratio()).as("ratio of %s", row.name()).isPositive();
            });
    assertThat(report.table()).contains("ratio").contains("status");
    String markdown = Files.readString(out.resolve("BENCHMARKS.md"));
    assertThat(markdown).contains("java -jar benchmarks/target/wagate-benchmarks.jar");
    for (Row row : rows) {
      assertThat(markdown).contains(row.name());
    }
    assertThat(Files.readString(out.resolve("docs/benchmarks.svg")))
        .startsWith("<svg")
        .contains("polyline");
  }
}
