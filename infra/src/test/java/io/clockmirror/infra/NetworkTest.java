package io.clockmirror.infra;

import static io.clockmirror.infra.AppTemplate.isolatedRouteTables;
import static io.clockmirror.infra.AppTemplate.logicalId;
import static io.clockmirror.infra.AppTemplate.properties;
import static io.clockmirror.infra.AppTemplate.ref;
import static io.clockmirror.infra.AppTemplate.refs;
import static io.clockmirror.infra.AppTemplate.subnetsOfType;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The {@code Network} of the dev service stack: isolated tasks, endpoints open to them only. */
class NetworkTest {

  private static Template template;

  @BeforeAll
  static void synthesize() {
    template = AppTemplate.rolling();
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
}
