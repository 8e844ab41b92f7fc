package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clockmirror.infra.cost.CostCli;
import io.clockmirror.infra.cost.EnvironmentCost;
import io.clockmirror.infra.cost.LineItem;
import io.clockmirror.infra.cost.PriceList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The cost model's line items for each {@code cdk.json} environment agree with the resources its
 * synthesized templates hold, counted here without the model's own reading of them.
 */
class CostModelTemplateTest {

  static List<String> environments() {
    return Costs.environments();
  }

  @ParameterizedTest
  @MethodSource("environments")
  void interfaceEndpointsAreCountedInEveryZoneTheySitIn(String environment) {
    int zones =
        resources(app(environment), "AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Interface"))
            .stream()
            .mapToInt(resource -> list(properties(resource).get("SubnetIds")).size())
            .sum();

    assertThat(count(environment, "interface VPC endpoints")).isEqualTo(zones);
  }

  @ParameterizedTest
  @MethodSource("environments")
  void theLoadBalancerAndOneAddressPerPublicSubnet(String environment) {
    Collection<Map<String, Object>> loadBalancers =
        resources(
            app(environment),
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
            Map.of("Scheme", "internet-facing"));

    assertThat(count(environment, "load balancer")).isEqualTo(loadBalancers.size());
    assertThat(count(environment, "load balancer public IPv4"))
        .isEqualTo(
            loadBalancers.stream()
                .mapToInt(resource -> list(properties(resource).get("Subnets")).size())
                .sum());
  }

  @ParameterizedTest
  @MethodSource("environments")
  void keysSecretsDashboardsAndTheFirewall(String environment) {
    InfraStacks stacks = Synth.environment(environment);
    Template app = Synth.template(stacks.app());

    assertThat(count(environment, "KMS keys"))
        .isEqualTo(
            app.findResources("AWS::KMS::Key").size()
                + Synth.template(stacks.ecr()).findResources("AWS::KMS::Key").size());
    assertThat(count(environment, "Secrets Manager secrets"))
        .isEqualTo(app.findResources("AWS::SecretsManager::Secret").size());
    assertThat(count(environment, "CloudWatch dashboards"))
        .isEqualTo(app.findResources("AWS::CloudWatch::Dashboard").size());
    assertThat(count(environment, "WAF web ACLs"))
        .isEqualTo(app.findResources("AWS::WAFv2::WebACLAssociation").size())
        .isEqualTo(stacks.settings().operations().waf().enabled() ? 1 : 0);
    assertThat(count(environment, "WAF rules"))
        .isEqualTo(
            app.findResources("AWS::WAFv2::WebACL").values().stream()
                .mapToInt(resource -> list(properties(resource).get("Rules")).size())
                .sum());
    assertThat(count(environment, "CloudWatch Logs"))
        .isEqualTo(app.findResources("AWS::Logs::LogGroup").size());
    assertThat(count(environment, "Lambda functions"))
        .isEqualTo(app.findResources("AWS::Lambda::Function").size());
  }

  /** An alarm bills per metric it reads: a math expression over three metrics is three. */
  @ParameterizedTest
  @MethodSource("environments")
  void alarmsAreCountedByTheMetricsTheyRead(String environment) {
    int metrics = 0;
    for (Map<String, Object> alarm :
        app(environment).findResources("AWS::CloudWatch::Alarm").values()) {
      Object queries = properties(alarm).get("Metrics");
      metrics +=
          queries == null
              ? 1
              : (int)
                  list(queries).stream()
                      .filter(query -> ((Map<?, ?>) query).containsKey("MetricStat"))
                      .count();
    }

    assertThat(
            count(environment, "CloudWatch alarms")
                + count(environment, "CloudWatch high-resolution alarms"))
        .isEqualTo(metrics);
  }

  @ParameterizedTest
  @MethodSource("environments")
  void tasksAtRestAreTheMinimumAndTheImagesTheLifecycleRuleKeeps(String environment) {
    InfraStacks stacks = Synth.environment(environment);
    Map<String, Object> target =
        properties(
            app(environment)
                .findResources("AWS::ApplicationAutoScaling::ScalableTarget")
                .values()
                .iterator()
                .next());
    double tasks = count(environment, "Fargate tasks") + count(environment, "Fargate Spot tasks");
    int minCapacity = stacks.settings().minCapacity();

    if (target.get("ScheduledActions") == null) {
      assertThat(tasks).isEqualTo(minCapacity);
    } else {
      assertThat(tasks).isBetween(0.0, (double) minCapacity);
    }
    assertThat(count(environment, "ECR image storage")).isEqualTo(stacks.settings().keepImages());
    Map<String, Object> service =
        properties(app(environment).findResources("AWS::ECS::Service").values().iterator().next());
    boolean publicTasks =
        String.valueOf(service.get("NetworkConfiguration")).contains("AssignPublicIp=ENABLED");
    assertThat(count(environment, "task public IPv4") > 0).isEqualTo(publicTasks);
  }

  @ParameterizedTest
  @MethodSource("environments")
  void theJsonFormAddsUpItsLines(String environment) {
    EnvironmentCost cost = Costs.of(environment);

    assertThat(cost.idleMonthlyUsd())
        .isEqualTo(cost.idle().stream().mapToDouble(LineItem::monthlyUsd).sum())
        .isPositive();
    assertThat(cost.at().keySet()).containsExactly(10, 100, 1000);
    assertThat(cost.at().get(1000).monthlyUsd())
        .isGreaterThan(cost.at().get(100).monthlyUsd())
        .isGreaterThan(cost.at().get(10).monthlyUsd());
  }

  @Test
  void scalingReadFromSsmIsPricedAtCdkJsonsValuesAndSaysSo() {
    InfraStacks variant = Synth.variant();

    assertThatThrownBy(
            () ->
                CostCli.estimate(
                    variant.settings(),
                    Costs.template(variant.app()),
                    Costs.template(variant.ecr()),
                    PriceList.forRegion(variant.settings().region())))
        .hasMessageContaining("no prices for region us-east-1");
    EnvironmentCost cost =
        CostCli.estimate(
            variant.settings(),
            Costs.template(variant.app()),
            Costs.template(variant.ecr()),
            PriceList.forRegion("eu-west-1"));
    assertThat(cost.notes())
        .anyMatch(note -> note.startsWith("minCapacity 2 is cdk.json's"))
        .anyMatch(note -> note.startsWith("requestsPerTarget 3000 is cdk.json's"));
    assertThat(
            cost.idle().stream()
                .filter(item -> item.item().equals("Fargate tasks"))
                .findFirst()
                .orElseThrow()
                .count())
        .isEqualTo(2);
  }

  private static Template app(String environment) {
    return Synth.template(Synth.environment(environment).app());
  }

  private static double count(String environment, String item) {
    return Costs.of(environment).idle().stream()
        .filter(line -> line.item().equals(item))
        .mapToDouble(LineItem::count)
        .sum();
  }

  private static Collection<Map<String, Object>> resources(
      Template template, String type, Map<String, Object> properties) {
    return template
        .findResources(type, Match.objectLike(Map.of("Properties", Match.objectLike(properties))))
        .values();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(Map<String, Object> resource) {
    return (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
  }

  private static List<?> list(Object value) {
    return value instanceof List<?> list ? list : List.of();
  }
}
