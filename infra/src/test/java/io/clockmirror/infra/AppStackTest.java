package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The dev environment's service stack, as {@code cdk.json} defines it. */
class AppStackTest {

  private static Template template;

  @BeforeAll
  static void synthesize() {
    template = Synth.template(Synth.environment("dev").app());
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
                                "Name", "clockmirror",
                                "PortMappings",
                                    List.of(Match.objectLike(Map.of("ContainerPort", 8080))),
                                "ReadonlyRootFilesystem", true,
                                "MountPoints",
                                    List.of(
                                        Map.of(
                                            "ContainerPath", "/tmp",
                                            "SourceVolume", "tmp",
                                            "ReadOnly", false)),
                                "Environment", Match.absent()))))));
  }

  @Test
  void imageComesFromTheEnvironmentsRepositoryAtTheImageTagParameter() {
    template.hasResourceProperties(
        "AWS::ECS::TaskDefinition",
        Match.objectLike(
            Map.of(
                "ContainerDefinitions",
                List.of(
                    Match.objectLike(
                        Map.of(
                            "Image",
                            Map.of(
                                "Fn::Join",
                                List.of(
                                    "",
                                    Match.arrayWith(
                                        List.of(
                                            "/dev-clockmirror:",
                                            Map.of("Ref", AppStack.IMAGE_TAG_PARAMETER)))))))))));
    Map<String, Map<String, Object>> parameter =
        template.findParameters(AppStack.IMAGE_TAG_PARAMETER, Match.anyValue());
    // Without -c imageTag there is no default: the first deploy must name the image, later ones
    // keep the previous value.
    assertThat(parameter.get(AppStack.IMAGE_TAG_PARAMETER))
        .containsEntry("Type", "String")
        .doesNotContainKey("Default");
  }

  @Test
  void containerLogsGoToALogGroupWithTheEnvironmentsRetention() {
    template.hasResourceProperties(
        "AWS::Logs::LogGroup",
        Match.objectLike(Map.of("LogGroupName", "/ecs/dev-clockmirror", "RetentionInDays", 14)));
    template.hasResourceProperties(
        "AWS::ECS::TaskDefinition",
        Match.objectLike(
            Map.of(
                "ContainerDefinitions",
                List.of(
                    Match.objectLike(
                        Map.of(
                            "LogConfiguration",
                            Map.of(
                                "LogDriver",
                                "awslogs",
                                "Options",
                                Match.objectLike(
                                    Map.of(
                                        "awslogs-group",
                                        Map.of("Ref", logicalId("AWS::Logs::LogGroup")))))))))));
  }

  @Test
  void loadBalancerChecksReadinessAndDrainsQuickly() {
    template.hasResourceProperties(
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        Match.objectLike(
            Map.of(
                "Port",
                8080,
                "Protocol",
                "HTTP",
                "TargetType",
                "ip",
                "HealthCheckPath",
                "/q/health/ready",
                "HealthCheckIntervalSeconds",
                10,
                "HealthCheckTimeoutSeconds",
                5,
                "HealthyThresholdCount",
                2,
                "UnhealthyThresholdCount",
                3,
                "Matcher",
                Map.of("HttpCode", "200"),
                "TargetGroupAttributes",
                Match.arrayWith(
                    List.of(
                        Map.of("Key", "deregistration_delay.timeout_seconds", "Value", "15"))))));
  }

  @Test
  void loadBalancerIsPublicLogsAccessAndForwardsHttp() {
    template.hasResourceProperties(
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        Match.objectLike(
            Map.of(
                "Name",
                "dev-clockmirror",
                "Scheme",
                "internet-facing",
                "Subnets",
                refs(subnetsOfType("Public")),
                "LoadBalancerAttributes",
                Match.arrayWith(
                    List.of(
                        Map.of(
                            "Key",
                            "routing.http.drop_invalid_header_fields.enabled",
                            "Value",
                            "true"),
                        Map.of("Key", "access_logs.s3.enabled", "Value", "true"))))));
    template.hasResourceProperties(
        "AWS::ElasticLoadBalancingV2::Listener",
        Match.objectLike(
            Map.of(
                "Port",
                80,
                "Protocol",
                "HTTP",
                "DefaultActions",
                List.of(
                    Match.objectLike(
                        Map.of(
                            "Type",
                            "forward",
                            "TargetGroupArn",
                            Map.of(
                                "Ref", logicalId("AWS::ElasticLoadBalancingV2::TargetGroup"))))))));
    template.resourcePropertiesCountIs(
        "AWS::ElasticLoadBalancingV2::Listener", Match.objectLike(Map.of("Protocol", "HTTPS")), 0);
  }

  @Test
  void tasksRunInIsolatedSubnetsWithoutAPublicAddress() {
    List<String> isolated = subnetsOfType("Isolated");
    assertThat(isolated).hasSize(2);
    template.hasResourceProperties(
        "AWS::ECS::Service",
        Match.objectLike(
            Map.of(
                "LaunchType", "FARGATE",
                "PlatformVersion", "1.4.0",
                "NetworkConfiguration",
                    Map.of(
                        "AwsvpcConfiguration",
                        Match.objectLike(
                            Map.of("AssignPublicIp", "DISABLED", "Subnets", refs(isolated)))))));
    // Isolated: no route table of these subnets has a default route (no NAT, no gateway).
    Set<Object> isolatedTables = Set.copyOf(isolatedRouteTables());
    assertThat(isolatedTables).hasSize(2);
    template
        .findResources("AWS::EC2::Route")
        .values()
        .forEach(
            route ->
                assertThat(ref(properties(route).get("RouteTableId"))).isNotIn(isolatedTables));
    template.resourceCountIs("AWS::EC2::NatGateway", 0);
  }

  @Test
  void vpcEndpointsServeEcrS3AndLogsOnlyToTheTasks() {
    for (String service : List.of("ecr.api", "ecr.dkr", "logs")) {
      template.hasResourceProperties(
          "AWS::EC2::VPCEndpoint",
          Match.objectLike(
              Map.of(
                  "ServiceName",
                  "com.amazonaws.eu-west-1." + service,
                  "VpcEndpointType",
                  "Interface",
                  "PrivateDnsEnabled",
                  true,
                  "SubnetIds",
                  refs(subnetsOfType("Isolated")))));
    }
    template.hasResourceProperties(
        "AWS::EC2::VPCEndpoint",
        Match.objectLike(
            Map.of(
                "ServiceName",
                Map.of(
                    "Fn::Join",
                    List.of("", List.of("com.amazonaws.", Map.of("Ref", "AWS::Region"), ".s3"))),
                "VpcEndpointType",
                "Gateway",
                "RouteTableIds",
                isolatedRouteTables().stream().sorted().map(id -> Map.of("Ref", id)).toList())));
    String taskGroup = logicalId("AWS::EC2::SecurityGroup", "clockmirror tasks");
    Map<String, Map<String, Object>> endpointIngress =
        template.findResources(
            "AWS::EC2::SecurityGroupIngress",
            Match.objectLike(
                Map.of("Properties", Match.objectLike(Map.of("FromPort", 443, "ToPort", 443)))));
    assertThat(endpointIngress).hasSize(3);
    endpointIngress
        .values()
        .forEach(
            rule ->
                assertThat(properties(rule).get("SourceSecurityGroupId"))
                    .isEqualTo(Map.of("Fn::GetAtt", List.of(taskGroup, "GroupId"))));
  }

  @Test
  void loadBalancerAcceptsOnlyTheAllowedRangesAndTasksOnlyTheLoadBalancer() {
    String albGroup = logicalId("AWS::EC2::SecurityGroup", "clockmirror load balancer");
    String taskGroup = logicalId("AWS::EC2::SecurityGroup", "clockmirror tasks");
    template.hasResource(
        "AWS::EC2::SecurityGroup",
        Match.objectLike(
            Map.of(
                "Properties",
                Match.objectLike(
                    Map.of(
                        "GroupDescription",
                        Match.stringLikeRegexp(".*clockmirror load balancer.*"),
                        "SecurityGroupIngress",
                        List.of(
                            Match.objectLike(
                                Map.of(
                                    "CidrIp",
                                    "0.0.0.0/0",
                                    "FromPort",
                                    80,
                                    "ToPort",
                                    80,
                                    "IpProtocol",
                                    "tcp"))))))));
    // The tasks' group has no inline ingress; its one ingress rule names the load balancer.
    assertThat(properties(template.findResources("AWS::EC2::SecurityGroup").get(taskGroup)))
        .doesNotContainKey("SecurityGroupIngress");
    Map<String, Map<String, Object>> taskIngress =
        template.findResources(
            "AWS::EC2::SecurityGroupIngress",
            Match.objectLike(
                Map.of(
                    "Properties",
                    Match.objectLike(
                        Map.of("GroupId", Map.of("Fn::GetAtt", List.of(taskGroup, "GroupId")))))));
    assertThat(taskIngress.values())
        .singleElement()
        .extracting(AppStackTest::properties)
        .satisfies(
            rule -> {
              assertThat(rule)
                  .containsEntry(
                      "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(albGroup, "GroupId")));
              assertThat(rule).containsEntry("FromPort", 8080).containsEntry("ToPort", 8080);
            });
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
  void deploymentsRollBackOnTheCircuitBreakerAndOnEveryAlarm() {
    template.hasResourceProperties(
        "AWS::ECS::Service",
        Match.objectLike(
            Map.of(
                "HealthCheckGracePeriodSeconds",
                60,
                "DeploymentConfiguration",
                Match.objectLike(
                    Map.of(
                        "MinimumHealthyPercent",
                        100,
                        "MaximumPercent",
                        200,
                        "DeploymentCircuitBreaker",
                        Map.of("Enable", true, "Rollback", true),
                        "Alarms",
                        Map.of(
                            "Enable",
                            true,
                            "Rollback",
                            true,
                            "AlarmNames",
                            List.of(
                                Map.of("Ref", alarm("dev-clockmirror-5xx-rate")),
                                Map.of("Ref", alarm("dev-clockmirror-p99-latency")),
                                Map.of("Ref", alarm("dev-clockmirror-unhealthy-hosts")))))))));
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
                                Match.stringLikeRegexp(".*100 \\* \\(FILL\\(target5xx.*"))))))));
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

  @Test
  void serviceUrlIsAnOutput() {
    template.hasOutput(
        "ServiceUrl",
        Match.objectLike(
            Map.of(
                "Value",
                Map.of(
                    "Fn::Join",
                    List.of(
                        "",
                        List.of(
                            "http://",
                            Map.of(
                                "Fn::GetAtt",
                                List.of(
                                    logicalId("AWS::ElasticLoadBalancingV2::LoadBalancer"),
                                    "DNSName"))))))));
  }

  /** Logical ids of the route tables of the isolated subnets. */
  private static List<String> isolatedRouteTables() {
    List<String> isolated = subnetsOfType("Isolated");
    return template.findResources("AWS::EC2::SubnetRouteTableAssociation").values().stream()
        .map(AppStackTest::properties)
        .filter(props -> isolated.contains(ref(props.get("SubnetId"))))
        .map(props -> String.valueOf(ref(props.get("RouteTableId"))))
        .toList();
  }

  private static String logicalId(String type) {
    Map<String, Map<String, Object>> found = template.findResources(type);
    assertThat(found).hasSize(1);
    return found.keySet().iterator().next();
  }

  private static String logicalId(String type, String descriptionPart) {
    return template
        .findResources(
            type,
            Match.objectLike(
                Map.of(
                    "Properties",
                    Match.objectLike(
                        Map.of(
                            "GroupDescription",
                            Match.stringLikeRegexp(".*" + descriptionPart + ".*"))))))
        .keySet()
        .stream()
        .reduce(
            (a, b) -> {
              throw new AssertionError("more than one " + type + " matches " + descriptionPart);
            })
        .orElseThrow();
  }

  private static String alarm(String name) {
    return template
        .findResources(
            "AWS::CloudWatch::Alarm",
            Match.objectLike(Map.of("Properties", Match.objectLike(Map.of("AlarmName", name)))))
        .keySet()
        .iterator()
        .next();
  }

  /** Logical ids of the VPC's subnets of one kind ({@code Public} or {@code Isolated}). */
  private static List<String> subnetsOfType(String kind) {
    return template
        .findResources(
            "AWS::EC2::Subnet",
            Match.objectLike(
                Map.of(
                    "Properties",
                    Match.objectLike(
                        Map.of(
                            "Tags",
                            Match.arrayWith(
                                List.of(Map.of("Key", "aws-cdk:subnet-type", "Value", kind))))))))
        .keySet()
        .stream()
        .sorted()
        .toList();
  }

  private static List<Map<String, String>> refs(List<String> logicalIds) {
    return logicalIds.stream().map(id -> Map.of("Ref", id)).toList();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> properties(Map<String, Object> resource) {
    return (Map<String, Object>) resource.get("Properties");
  }

  private static Object ref(Object value) {
    return value instanceof Map<?, ?> map ? map.get("Ref") : value;
  }
}
