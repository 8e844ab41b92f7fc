package io.clockmirror.infra;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The {@code DeploymentAlarms} of the dev service stack and how deployments use them. */
class DeploymentAlarmsTest {

  private static Template template;

  @BeforeAll
  static void synthesize() {
    template = AppTemplate.dev();
  }

  @Test
  void deploymentsRollBackOnTheCircuitBreakerAndOnEveryAlarm() {
    template.hasResourceProperties(
        "AWS::ECS::Service",
        Match.objectLike(
            Map.of(
                "HealthCheckGracePeriodSeconds",
                60,
                "DeploymentConfiguration",
                Match.objectLike(Map.of("MinimumHealthyPercent", 100, "MaximumPercent", 200)))));
    AppTemplate.rollsBackOnTheCircuitBreakerAndEveryAlarm(template, "dev");
  }

  @Test
  void alarmsWatchErrorRateLatencyAndUnhealthyTargets() {
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Match.objectLike(
            Map.of(
                "AlarmName",
                "dev-clockmirror-5xx-rate",
                "Threshold",
                5,
                "ComparisonOperator",
                "GreaterThanThreshold",
                "Metrics",
                Match.arrayWith(
                    List.of(
                        Match.objectLike(
                            Map.of(
                                "Expression",
                                Match.stringLikeRegexp(".*100 \\* \\(FILL\\(primary5xx.*"))))))));
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Match.objectLike(
            Map.of(
                "AlarmName", "dev-clockmirror-p99-latency",
                "MetricName", "TargetResponseTime",
                "ExtendedStatistic", "p99",
                "Threshold", 0.5)));
    template.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Match.objectLike(
            Map.of(
                "AlarmName", "dev-clockmirror-unhealthy-hosts",
                "MetricName", "UnHealthyHostCount",
                "Threshold", 1,
                "ComparisonOperator", "GreaterThanOrEqualToThreshold")));
  }
}
