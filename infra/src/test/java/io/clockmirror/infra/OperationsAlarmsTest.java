package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The alarms that notify: which exist where, what they watch, and that each one tells the topic.
 */
class OperationsAlarmsTest {

  private static final Template DEV = AppTemplate.rolling();
  private static final Template PROD = Synth.template(Synth.environment("prod").app());
  private static final Template VARIANT = Synth.template(Synth.variant().app());

  static Stream<Arguments> environments() {
    return Stream.of(
        Arguments.of(
            "dev",
            DEV,
            List.of(
                "5xx-rate",
                "p99-latency",
                "unhealthy-hosts",
                "tasks-at-max",
                "high-cpu",
                "critical-image-findings")),
        Arguments.of(
            "prod",
            PROD,
            List.of(
                "5xx-rate",
                "p99-latency",
                "unhealthy-hosts",
                "tasks-at-max",
                "high-cpu",
                "waf-blocked",
                "critical-image-findings")),
        Arguments.of(
            "qa",
            VARIANT,
            List.of(
                "5xx-rate",
                "p99-latency",
                "unhealthy-hosts",
                "tasks-at-max",
                "high-cpu",
                "waf-blocked",
                "critical-image-findings")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("environments")
  void everyAlarmNotifiesTheTopicWhenItFiresAndWhenItClearsAndSaysWhatToCheckFirst(
      String env, Template template, List<String> expected) {
    String topic = template.findResources("AWS::SNS::Topic").keySet().iterator().next();
    Map<String, Map<String, Object>> alarms = template.findResources("AWS::CloudWatch::Alarm");

    assertThat(alarms.values().stream().map(AppTemplate::properties).map(p -> p.get("AlarmName")))
        .containsExactlyInAnyOrderElementsOf(
            expected.stream().map(name -> env + "-clockmirror-" + name).toList());
    for (Map<String, Object> alarm : alarms.values()) {
      Map<String, Object> properties = AppTemplate.properties(alarm);
      assertThat(properties)
          .as("%s", properties.get("AlarmName"))
          .containsEntry("AlarmActions", List.of(Map.of("Ref", topic)))
          .containsEntry("OKActions", List.of(Map.of("Ref", topic)));
      assertThat(String.valueOf(properties.get("AlarmDescription")))
          .as("%s", properties.get("AlarmName"))
          .containsOnlyOnce("Check first: ");
    }
  }

  @Test
  void theDeploymentAlarmsKeepWhatTheySaidAndGainWhatToCheck() {
    DEV.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Match.objectLike(
            Map.of(
                "AlarmName",
                "dev-clockmirror-5xx-rate",
                "AlarmDescription",
                Match.stringLikeRegexp(
                    "More than 5 % of requests answered with 5xx\\. Check first: the saved query"
                        + " errors.*"))));
  }

  @Test
  void theTaskCountAlarmFiresWhenScalingHasWantedItsMaximumForTenMinutesNotWhenADeploymentRuns() {
    // A canary, linear or blue/green deployment runs the old and the new revision side by side
    // through both bakes: the running count reaches twice the desired one with nothing wrong. The
    // desired count stays what scaling asks for, so at the maximum it means scaling has run out.
    DEV.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Match.objectLike(
            Map.of(
                "AlarmName",
                "dev-clockmirror-tasks-at-max",
                "Namespace",
                "ECS/ContainerInsights",
                "MetricName",
                "DesiredTaskCount",
                "Statistic",
                "Minimum",
                "Period",
                60,
                "Threshold",
                2,
                "ComparisonOperator",
                "GreaterThanOrEqualToThreshold",
                "EvaluationPeriods",
                10,
                "DatapointsToAlarm",
                10,
                "Dimensions",
                Match.arrayWith(
                    List.of(
                        Map.of(
                            "Name",
                            "ClusterName",
                            "Value",
                            Map.of("Ref", AppTemplate.logicalId("AWS::ECS::Cluster"))))))));
    PROD.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Match.objectLike(Map.of("AlarmName", "prod-clockmirror-tasks-at-max", "Threshold", 6)));
  }

  @Test
  void aScalingMaximumReadFromSsmIsTheAlarmsThresholdAtDeployTime() {
    VARIANT.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Match.objectLike(
            Map.of(
                "AlarmName",
                "qa-clockmirror-tasks-at-max",
                "Threshold",
                Map.of("Ref", "MaxCapacity"))));
  }

  @Test
  void theCpuAlarmWatchesTheServiceForTheConfiguredMinutes() {
    PROD.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Match.objectLike(
            Map.of(
                "AlarmName", "prod-clockmirror-high-cpu",
                "Namespace", "AWS/ECS",
                "MetricName", "CPUUtilization",
                "Statistic", "Average",
                "Period", 60,
                "Threshold", 80,
                "ComparisonOperator", "GreaterThanThreshold",
                "EvaluationPeriods", 10,
                "DatapointsToAlarm", 10)));
  }

  @Test
  void theBlockedRequestsAlarmWatchesTheWebAclOverFiveMinutes() {
    PROD.hasResourceProperties(
        "AWS::CloudWatch::Alarm",
        Match.objectLike(
            Map.of(
                "AlarmName",
                "prod-clockmirror-waf-blocked",
                "Namespace",
                "AWS/WAFV2",
                "MetricName",
                "BlockedRequests",
                "Statistic",
                "Sum",
                "Period",
                300,
                "Threshold",
                500,
                "EvaluationPeriods",
                1,
                "Dimensions",
                List.of(
                    Map.of("Name", "Region", "Value", "eu-west-1"),
                    Map.of("Name", "Rule", "Value", "ALL"),
                    Map.of("Name", "WebACL", "Value", "prod-clockmirror")))));
  }
}
