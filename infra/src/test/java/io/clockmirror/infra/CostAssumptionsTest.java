package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.infra.constructs.ServiceMetrics;
import io.clockmirror.infra.cost.Assumption;
import io.clockmirror.infra.cost.Assumptions;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The measured figures the cost model uses are the ones the docs report. */
class CostAssumptionsTest {

  private final Assumptions assumptions = Assumptions.load();

  @Test
  void theImageSizeIsDocsContainerMds() throws Exception {
    assertThat(Files.readString(Repo.ROOT.resolve("docs/container.md")))
        .contains(decimal(Assumption.IMAGE_COMPRESSED_MB) + " MB");
  }

  @Test
  void theCapacityOfATaskIsTheCapacityPlans() throws Exception {
    assertThat(Files.readString(Repo.ROOT.resolve("docs/performance.md")))
        .contains(
            String.format(
                "about %,d req/s per task at full CPU",
                (int) assumptions.value(Assumption.TASK_REQUESTS_PER_SECOND_AT_FULL_CPU)));
  }

  @Test
  void theServiceMetricsAreTwoPerOutcome() throws Exception {
    assertThat(assumptions.value(Assumption.EMF_METRICS))
        .isEqualTo(2.0 * ServiceMetrics.OUTCOMES.size());
    assertThat(assumptions.value(Assumption.EMF_LINES_PER_TASK_MINUTE))
        .isEqualTo(ServiceMetrics.OUTCOMES.size());
    assertThat(Files.readString(Repo.ROOT.resolve("docs/metrics.md")))
        .contains("1,502–1,856 bytes")
        .contains("one line per interval and outcome, never one per request");
    assertThat(assumptions.value(Assumption.EMF_LINE_BYTES)).isBetween(1502.0, 1856.0);
  }

  private String decimal(Assumption assumption) {
    return String.valueOf(assumptions.value(assumption));
  }
}
