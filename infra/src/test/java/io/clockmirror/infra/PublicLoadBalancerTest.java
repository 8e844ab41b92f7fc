package io.clockmirror.infra;

import static io.clockmirror.infra.AppTemplate.logicalId;
import static io.clockmirror.infra.AppTemplate.properties;
import static io.clockmirror.infra.AppTemplate.refs;
import static io.clockmirror.infra.AppTemplate.subnetsOfType;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The {@code PublicLoadBalancer} of the dev service stack. */
class PublicLoadBalancerTest {

  private static Template template;

  @BeforeAll
  static void synthesize() {
    template = AppTemplate.rolling();
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
        .extracting(AppTemplate::properties)
        .satisfies(
            rule -> {
              assertThat(rule)
                  .containsEntry(
                      "SourceSecurityGroupId", Map.of("Fn::GetAtt", List.of(albGroup, "GroupId")));
              assertThat(rule).containsEntry("FromPort", 8080).containsEntry("ToPort", 8080);
            });
  }
}
