package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.infra.app.AppStack;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * dev's cheap choices as its template makes them: tasks in public subnets with public addresses and
 * no VPC endpoints, every task on Fargate Spot, office hours that scale it to zero and back (and
 * keep it up for a deploy at night), no Container Insights and no dashboard, and alarms that stay
 * quiet while it sleeps.
 */
class DevCostChoicesTest {

  private static final Template DEV = Synth.template(Synth.environment("dev").app());

  @Test
  void tasksRunInPublicSubnetsWithAPublicAddressAndNoEndpointsToPayFor() {
    DEV.resourceCountIs("AWS::EC2::VPCEndpoint", 0);
    List<String> publicSubnets = subnetsOfType("Public");
    assertThat(publicSubnets).hasSize(2);
    assertThat(DEV.findResources("AWS::EC2::Subnet")).hasSize(2);
    DEV.hasResourceProperties(
        "AWS::ECS::Service",
        Match.objectLike(
            Map.of(
                "NetworkConfiguration",
                Map.of(
                    "AwsvpcConfiguration",
                    Match.objectLike(
                        Map.of(
                            "AssignPublicIp",
                            "ENABLED",
                            "Subnets",
                            publicSubnets.stream().map(id -> Map.of("Ref", id)).toList()))))));
  }

  @Test
  void theTasksAdmitOnlyTheLoadBalancerAndSendOnlyHttps() {
    String tasks = groupWithDescription("clockmirror tasks");
    String balancer = groupWithDescription("load balancer");
    Map<String, Object> group = properties("AWS::EC2::SecurityGroup", tasks);
    assertThat(group)
        .containsEntry(
            "SecurityGroupEgress",
            List.of(
                Map.of(
                    "CidrIp", "0.0.0.0/0",
                    "Description", "HTTPS to ECR, S3 and CloudWatch Logs over the internet",
                    "FromPort", 443,
                    "IpProtocol", "tcp",
                    "ToPort", 443)));
    assertThat(group).doesNotContainKey("SecurityGroupIngress");
    Map<String, Map<String, Object>> ingress =
        DEV.findResources(
            "AWS::EC2::SecurityGroupIngress",
            Match.objectLike(
                Map.of(
                    "Properties",
                    Match.objectLike(
                        Map.of("GroupId", Map.of("Fn::GetAtt", List.of(tasks, "GroupId")))))));
    assertThat(ingress).hasSize(1);
    assertThat(AppTemplate.properties(ingress.values().iterator().next()))
        .containsEntry("SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(balancer, "GroupId")))
        .containsEntry("FromPort", 8080)
        .containsEntry("ToPort", 8080);
  }

  @Test
  void everyTaskRunsOnFargateSpot() {
    Map<String, Object> service = properties("AWS::ECS::Service", logicalId("AWS::ECS::Service"));
    assertThat(service)
        .doesNotContainKey("LaunchType")
        .containsEntry(
            "CapacityProviderStrategy",
            List.of(Map.of("CapacityProvider", "FARGATE_SPOT", "Weight", 1)));
    assertThat(
            DEV.findResources("AWS::ECS::ClusterCapacityProviderAssociations").values().toString())
        .contains("FARGATE_SPOT");
  }

  @Test
  void aSpotInterruptionLeavesTheServiceTimeToDrain() throws Exception {
    // Fargate Spot sends SIGTERM two minutes before it reclaims the capacity; ECS then waits the
    // container's stop timeout (at most 120 s on Fargate) before SIGKILL. The service drains in
    // its shutdown delay plus timeout (application.properties), which GracefulShutdownIT measures.
    String properties =
        Files.readString(Repo.ROOT.resolve("service/src/main/resources/application.properties"));
    Duration drain =
        seconds(properties, "quarkus.shutdown.delay")
            .plus(seconds(properties, "quarkus.shutdown.timeout"));
    Map<String, Object> container = container();
    Duration stopTimeout = Duration.ofSeconds(((Number) container.get("StopTimeout")).longValue());
    assertThat(stopTimeout)
        .isEqualTo(Duration.ofSeconds(AppStack.STOP_TIMEOUT.toSeconds().longValue()));
    assertThat(drain).isEqualTo(Duration.ofSeconds(25));
    assertThat(stopTimeout).isGreaterThan(drain).isLessThanOrEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void officeHoursScaleToZeroAndBackInTheirTimeZoneAndADeployAtNightWakesIt() {
    Map<String, Object> target =
        properties(
            "AWS::ApplicationAutoScaling::ScalableTarget",
            logicalId("AWS::ApplicationAutoScaling::ScalableTarget"));
    List<Object> actions = Json.list(target.get("ScheduledActions"));
    assertThat(actions).hasSize(3);
    assertThat(actions.get(0))
        .isEqualTo(
            Map.of(
                "ScheduledActionName", "office-hours-start",
                "Schedule", "cron(0 8 ? * MON-FRI *)",
                "Timezone", "Europe/Dublin",
                "ScalableTargetAction", Map.of("MinCapacity", 1, "MaxCapacity", 2)));
    assertThat(actions.get(1))
        .isEqualTo(
            Map.of(
                "ScheduledActionName", "office-hours-stop",
                "Schedule", "cron(0 19 ? * MON-FRI *)",
                "Timezone", "Europe/Dublin",
                "ScalableTargetAction", Map.of("MinCapacity", 0, "MaxCapacity", 0)));
    // Only while a deploy sets AwakeUntil: the bounds, every minute, until then.
    List<Object> awake = Json.list(Json.map(actions.get(2)).get("Fn::If"));
    assertThat(awake.get(2)).isEqualTo(Map.of("Ref", "AWS::NoValue"));
    assertThat(Json.map(awake.get(1)))
        .containsEntry("ScheduledActionName", "awake-for-a-deploy")
        .containsEntry("Schedule", "rate(1 minute)")
        .containsEntry("EndTime", Map.of("Ref", AppStack.AWAKE_UNTIL_PARAMETER))
        .containsEntry("ScalableTargetAction", Map.of("MinCapacity", 1, "MaxCapacity", 2));
    Map<String, Object> condition =
        Json.map(Json.map(DEV.toJSON().get("Conditions")).get(String.valueOf(awake.get(0))));
    assertThat(condition)
        .isEqualTo(
            Map.of(
                "Fn::Not",
                List.of(
                    Map.of(
                        "Fn::Equals",
                        List.of(Map.of("Ref", AppStack.AWAKE_UNTIL_PARAMETER), "")))));
    assertThat(
            Json.map(Json.map(DEV.toJSON().get("Parameters")).get(AppStack.AWAKE_UNTIL_PARAMETER)))
        .containsEntry("Default", "");
  }

  @Test
  void whileItSleepsTheLoadBalancersOwn503sRaiseNoAlarm() {
    Map<String, Object> alarm = alarm("dev-clockmirror-5xx-rate");
    assertThat(alarm.toString())
        .contains("IF(FILL(healthy, 0) > 0, FILL(elb5xx, 0), 0)")
        .contains("HealthyHostCount");
    // An environment that never sleeps counts every 5xx of the load balancer.
    assertThat(Synth.template(Synth.environment("prod").app()).toJSON().toString())
        .doesNotContain("FILL(healthy, 0)");
  }

  @Test
  void withoutContainerInsightsThereIsNoTaskCountAlarmNorDashboard() {
    DEV.hasResourceProperties(
        "AWS::ECS::Cluster",
        Match.objectLike(
            Map.of(
                "ClusterSettings",
                List.of(Map.of("Name", "containerInsights", "Value", "disabled")))));
    DEV.resourceCountIs("AWS::CloudWatch::Dashboard", 0);
    assertThat(
            DEV.findResources("AWS::CloudWatch::Alarm").values().stream()
                .map(alarm -> AppTemplate.properties(alarm).get("AlarmName")))
        .containsExactlyInAnyOrder(
            "dev-clockmirror-5xx-rate",
            "dev-clockmirror-p99-latency",
            "dev-clockmirror-unhealthy-hosts",
            "dev-clockmirror-high-cpu",
            "dev-clockmirror-critical-image-findings");
    assertThat(DEV.toJSON().toString()).doesNotContain("ECS/ContainerInsights");
  }

  private static Duration seconds(String properties, String key) {
    Matcher matcher =
        Pattern.compile("(?m)^" + Pattern.quote(key) + "=\\$\\{[A-Z_]+:(\\d+)s}$")
            .matcher(properties);
    assertThat(matcher.find()).as(key).isTrue();
    return Duration.ofSeconds(Long.parseLong(matcher.group(1)));
  }

  private static Map<String, Object> container() {
    Map<String, Object> task =
        properties("AWS::ECS::TaskDefinition", logicalId("AWS::ECS::TaskDefinition"));
    return Json.map(Json.list(task.get("ContainerDefinitions")).getFirst());
  }

  private static Map<String, Object> alarm(String name) {
    return DEV.findResources("AWS::CloudWatch::Alarm").values().stream()
        .map(AppTemplate::properties)
        .filter(alarm -> name.equals(alarm.get("AlarmName")))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> subnetsOfType(String kind) {
    return AppTemplate.subnetsOfType(DEV, kind);
  }

  private static String groupWithDescription(String part) {
    return DEV.findResources("AWS::EC2::SecurityGroup").entrySet().stream()
        .filter(
            group ->
                String.valueOf(AppTemplate.properties(group.getValue()).get("GroupDescription"))
                    .contains(part))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow();
  }

  private static String logicalId(String type) {
    return AppTemplate.logicalId(DEV, type);
  }

  private static Map<String, Object> properties(String type, String logicalId) {
    return AppTemplate.properties(Json.map(DEV.findResources(type).get(logicalId)));
  }
}
