package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clockmirror.infra.cost.CostCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command behind infra/cost.sh on templates written as the CDK writes them. */
class CostCliTest {

  @Test
  void jsonIsOneObjectPerEnvironmentInTheContractsShape(@TempDir Path templates) throws Exception {
    ObjectMapper json = new ObjectMapper();
    for (String environment : Costs.environments()) {
      InfraStacks stacks = Synth.environment(environment);
      for (var stack : stacks.all()) {
        json.writeValue(
            templates.resolve(stack.getStackName() + ".template.json").toFile(),
            Synth.template(stack).toJSON());
      }
    }

    List<JsonNode> lines = new ArrayList<>();
    for (String line : run("--json", "--templates", templates.toString()).split("\n")) {
      lines.add(json.readTree(line));
    }

    assertThat(lines)
        .extracting(line -> line.path("environment").asText())
        .isEqualTo(Costs.environments());
    for (JsonNode line : lines) {
      assertThat(line.path("region").asText()).isEqualTo("eu-west-1");
      assertThat(line.path("pricesAsOf").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
      double sum = 0;
      for (JsonNode item : line.path("lineItems")) {
        assertThat(item.path("item").isTextual() && item.path("unit").isTextual()).isTrue();
        assertThat(item.path("count").isNumber()).isTrue();
        sum += item.path("monthlyUsd").asDouble();
      }
      assertThat(line.path("idleMonthlyUsd").asDouble())
          .isCloseTo(
              sum, org.assertj.core.data.Offset.offset(0.01 * line.path("lineItems").size()));
      assertThat(line.path("perMillionRequestsUsd").isNumber()).isTrue();
      assertThat(line.path("monthlyUsdAt").properties())
          .extracting(java.util.Map.Entry::getKey)
          .containsExactly("10", "100", "1000");
    }
    assertThat(run("--templates", templates.toString(), "dev"))
        .contains("| **idle floor, a month** |")
        .doesNotContain("### prod");
  }

  private static String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CostCli.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }
}
