package io.clockmirror.infra;

import static io.clockmirror.infra.AppTemplate.logicalId;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The {@code FargateApp} of the dev service stack: task, container, logs, cluster, scaling. */
class FargateAppTest {

  private static Template template;

  @BeforeAll
  static void synthesize() {
    template = AppTemplate.rolling();
  }

  @Test
  void taskIsAQuarterVcpuWithHalfAGigabyteOnTheChosenArchitecture() {
    template.hasResourceProperties(
        "AWS::ECS::TaskDefinition",
        Match.objectLike(
            Map.of(
                "Cpu",
                "256",
                "Memory",
                "512",
                "RequiresCompatibilities",
                List.of("FARGATE"),
                "RuntimePlatform",
                Map.of("CpuArchitecture", "X86_64", "OperatingSystemFamily", "LINUX"))));
  }

  @Test
  void containerListensOn8080WithAReadOnlyRootAndAWritableTmp() {
    template.hasResourceProperties(
        "AWS::ECS::TaskDefinition",
        Match.objectLike(
            Map.of(
                "Volumes", List.of(Map.of("Name", "tmp")),
                "ContainerDefinitions",
                    List.of(
                        Match.objectLike(
                            Map.of(
                                "Name",
                                "clockmirror",
                                "PortMappings",
                                List.of(Match.objectLike(Map.of("ContainerPort", 8080))),
                                "ReadonlyRootFilesystem",
                                true,
                                "MountPoints",
                                List.of(
                                    Map.of(
                                        "ContainerPath", "/tmp",
                                        "SourceVolume", "tmp",
                                        "ReadOnly", false))))))));
  }

  @Test
  void containerLogsGoToALogGroupWithTheEnvironmentsRetention() {
    template.hasResourceProperties(
        "AWS::Logs::LogGroup",
        Match.objectLike(Map.of("LogGroupName", "/ecs/dev-clockmirror", "RetentionInDays", 14)));
    AppTemplate.hasContainer(
        template,
        Map.of(
            "LogConfiguration",
            Map.of(
                "LogDriver",
                "awslogs",
                "Options",
                Match.objectLike(
                    Map.of("awslogs-group", Map.of("Ref", logicalId("AWS::Logs::LogGroup")))))));
  }

  @Test
  void clusterHasContainerInsights() {
    template.hasResourceProperties(
        "AWS::ECS::Cluster",
        Match.objectLike(
            Map.of(
                "ClusterName",
                "dev-clockmirror",
                "ClusterSettings",
                List.of(Map.of("Name", "containerInsights", "Value", "enabled")))));
  }

  @Test
  void autoScalingOwnsTheTaskCount() {
    // No DesiredCount: a redeploy never resets what auto scaling chose.
    template.hasResourceProperties(
        "AWS::ECS::Service", Match.objectLike(Map.of("DesiredCount", Match.absent())));
    template.hasResourceProperties(
        "AWS::ApplicationAutoScaling::ScalableTarget",
        Match.objectLike(
            Map.of(
                "MinCapacity", 1,
                "MaxCapacity", 2,
                "ScalableDimension", "ecs:service:DesiredCount")));
    template.hasResourceProperties(
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        Match.objectLike(
            Map.of(
                "PolicyType",
                "TargetTrackingScaling",
                "TargetTrackingScalingPolicyConfiguration",
                Match.objectLike(
                    Map.of(
                        "TargetValue",
                        60,
                        "PredefinedMetricSpecification",
                        Map.of("PredefinedMetricType", "ECSServiceAverageCPUUtilization"))))));
    template.hasResourceProperties(
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        Match.objectLike(
            Map.of(
                "TargetTrackingScalingPolicyConfiguration",
                Match.objectLike(
                    Map.of(
                        "TargetValue",
                        6000,
                        "PredefinedMetricSpecification",
                        Match.objectLike(
                            Map.of("PredefinedMetricType", "ALBRequestCountPerTarget")))))));
  }
}
