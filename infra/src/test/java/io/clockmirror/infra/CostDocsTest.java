package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.infra.cost.CostReport;
import io.clockmirror.infra.cost.EnvironmentCost;
import io.clockmirror.infra.cost.PriceList;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/cost.md shows what the model computes from today's templates and prices: a template or price
 * change fails this test until the tables are regenerated ({@code infra/cost.sh --update-docs}).
 */
class CostDocsTest {

  @Test
  void theTablesInDocsCostMdAreTheModelsOutputToday() throws Exception {
    List<EnvironmentCost> costs = Costs.environments().stream().map(Costs::of).toList();
    String generated =
        CostReport.markdown(
            costs, PriceList.forRegion(Synth.environment("prod").settings().region()));

    assertThat(CostReport.generated(Files.readString(Repo.ROOT.resolve("docs/cost.md"))))
        .as("docs/cost.md is stale: run infra/cost.sh --update-docs")
        .isEqualTo(generated);
  }

  @Test
  void theReadmeAndTheOperationsGuidePointToIt() throws Exception {
    assertThat(Files.readString(Repo.ROOT.resolve("README.md"))).contains("(docs/cost.md)");
    String operations = Files.readString(Repo.ROOT.resolve("docs/operations.md"));
    String costSection = operations.substring(operations.indexOf("## Cost"));
    assertThat(
            costSection.substring(
                0,
                costSection.indexOf("\n## ", 1) < 0
                    ? costSection.length()
                    : costSection.indexOf("\n## ", 1)))
        .contains("[docs/cost.md](cost.md)");
  }
}
