package io.clockmirror.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clockmirror.infra.cost.CfnTemplate;
import io.clockmirror.infra.cost.CostCli;
import io.clockmirror.infra.cost.EnvironmentCost;
import io.clockmirror.infra.cost.PriceList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awscdk.Stack;

/** The cost model on the templates the tests synthesize in-process. */
final class Costs {

  private static final Map<String, EnvironmentCost> ESTIMATES = new ConcurrentHashMap<>();

  private Costs() {}

  /** The template of {@code stack} as the cost model reads it. */
  static CfnTemplate template(Stack stack) {
    return new CfnTemplate(
        stack.getStackName(), new ObjectMapper().valueToTree(Synth.template(stack).toJSON()));
  }

  /** The estimate of a {@code cdk.json} environment, as {@code infra/cost.sh} makes it. */
  static EnvironmentCost of(String environment) {
    return ESTIMATES.computeIfAbsent(
        environment,
        name -> {
          InfraStacks stacks = Synth.environment(name);
          return CostCli.estimate(
              stacks.settings(),
              template(stacks.app()),
              template(stacks.ecr()),
              PriceList.forRegion(stacks.settings().region()));
        });
  }

  /** The names of {@code cdk.json}'s environments, in its order. */
  static List<String> environments() {
    return ((Map<?, ?>)
            Synth.CDK_JSON.get(io.clockmirror.infra.settings.EnvironmentSettings.CONTEXT_KEY))
        .keySet().stream().map(String::valueOf).toList();
  }
}
