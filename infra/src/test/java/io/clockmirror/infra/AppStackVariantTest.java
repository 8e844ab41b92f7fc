package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.infra.app.AppStack;
import io.clockmirror.infra.settings.Names;
import io.clockmirror.infra.settings.SsmOverridable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The settings {@code cdk.json} does not use: HTTPS, Graviton, SSM overrides, more ranges. */
class AppStackVariantTest {

  private static Template template;

  @BeforeAll
  static void synthesize() {
    template = Synth.template(Synth.variant().app());
  }

  @Test
  void withACertificateServesHttpsAndRedirectsHttp() {
    template.hasResourceProperties(
        "AWS::ElasticLoadBalancingV2::Listener",
        Match.objectLike(
            Map.of(
                "Port",
                443,
                "Protocol",
                "HTTPS",
                "Certificates",
                List.of(Map.of("CertificateArn", Synth.CERTIFICATE_ARN)),
                "DefaultActions",
                List.of(Match.objectLike(Map.of("Type", "forward"))))));
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
                    Map.of(
                        "Type",
                        "redirect",
                        "RedirectConfig",
                        Map.of("Protocol", "HTTPS", "Port", "443", "StatusCode", "HTTP_301"))))));
    template.hasOutput(
        "ServiceUrl",
        Match.objectLike(
            Map.of(
                "Value", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of("https://")))))));
  }

  @Test
  void bothListenerPortsOpenToEachAllowedRangeAndNoOtherSource() {
    List<List<Object>> expected =
        List.of(
            ingress("203.0.113.0/24", 80),
            ingress("203.0.113.0/24", 443),
            ingress("198.51.100.0/24", 80),
            ingress("198.51.100.0/24", 443));
    Map<String, Map<String, Object>> groups =
        template.findResources(
            "AWS::EC2::SecurityGroup",
            Match.objectLike(
                Map.of(
                    "Properties",
                    Match.objectLike(
                        Map.of(
                            "GroupDescription",
                            Match.stringLikeRegexp(".*clockmirror load balancer.*"))))));
    assertThat(groups).hasSize(1);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> rules =
        (List<Map<String, Object>>)
            AppTemplate.properties(groups.values().iterator().next()).get("SecurityGroupIngress");
    assertThat(rules)
        .extracting(rule -> List.of(rule.get("CidrIp"), rule.get("FromPort"), rule.get("ToPort")))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void runsOnGravitonWithTheLargerTaskSize() {
    template.hasResourceProperties(
        "AWS::ECS::TaskDefinition",
        Match.objectLike(
            Map.of(
                "Cpu", "512",
                "Memory", "1024",
                "RuntimePlatform", Match.objectLike(Map.of("CpuArchitecture", "ARM64")))));
  }

  @Test
  void imageTagFromContextBecomesTheParameterDefault() {
    template.hasParameter(
        AppStack.IMAGE_TAG_PARAMETER,
        Match.objectLike(Map.of("Type", "String", "Default", "1.0.0")));
  }

  @Test
  void scalingSettingsReadFromSsmArePlainNumberParametersWithoutADefault() {
    // buildspec/ssm-parameters.sh reads the values in the DeployApp build and passes them to cdk
    // deploy.
    String min = numberParameter(SsmOverridable.MIN_CAPACITY);
    String max = numberParameter(SsmOverridable.MAX_CAPACITY);
    String cpu = numberParameter(SsmOverridable.CPU_TARGET_PERCENT);
    String requests = numberParameter(SsmOverridable.REQUESTS_PER_TARGET);
    template.hasResourceProperties(
        "AWS::ApplicationAutoScaling::ScalableTarget",
        Match.objectLike(
            Map.of("MinCapacity", Map.of("Ref", min), "MaxCapacity", Map.of("Ref", max))));
    template.hasResourceProperties(
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        Match.objectLike(
            Map.of(
                "TargetTrackingScalingPolicyConfiguration",
                Match.objectLike(Map.of("TargetValue", Map.of("Ref", cpu))))));
    template.hasResourceProperties(
        "AWS::ApplicationAutoScaling::ScalingPolicy",
        Match.objectLike(
            Map.of(
                "TargetTrackingScalingPolicyConfiguration",
                Match.objectLike(Map.of("TargetValue", Map.of("Ref", requests))))));
    template.hasParameter(cpu, Match.objectLike(Map.of("MinValue", 10, "MaxValue", 90)));
  }

  @Test
  void noStackMakesCloudFormationReadParameterStoreBeyondTheBootstrapVersion() {
    // The bootstrap deploy role that cdk deploy assumes may read only that one parameter.
    List<Stack> stacks = new ArrayList<>();
    for (InfraStacks environment :
        List.of(Synth.environment("dev"), Synth.environment("prod"), Synth.variant())) {
      stacks.addAll(List.of(environment.ecr(), environment.app()));
    }
    for (Stack stack : stacks) {
      Map<String, Map<String, Object>> ssm =
          Synth.template(stack)
              .findParameters(
                  "*", Match.objectLike(Map.of("Type", Match.stringLikeRegexp("AWS::SSM::.*"))));
      assertThat(ssm.values())
          .as(stack.getStackName())
          .allSatisfy(
              parameter ->
                  assertThat(String.valueOf(parameter.get("Default")))
                      .isEqualTo("/cdk-bootstrap/" + Names.BOOTSTRAP_QUALIFIER + "/version"));
    }
  }

  @Test
  void regionComesFromTheSettings() {
    template.hasResourceProperties(
        "AWS::EC2::VPCEndpoint",
        Match.objectLike(Map.of("ServiceName", "com.amazonaws.us-east-1.ecr.dkr")));
  }

  private static List<Object> ingress(String cidr, int port) {
    return List.of(cidr, port, port);
  }

  /** Logical id of the stack parameter that carries {@code setting}, checked to be a number. */
  private static String numberParameter(SsmOverridable setting) {
    Map<String, Map<String, Object>> found =
        template.findParameters(
            setting.parameterName(), Match.objectLike(Map.of("Type", "Number")));
    assertThat(found).as("parameter %s", setting.parameterName()).hasSize(1);
    assertThat(found.values().iterator().next()).doesNotContainKey("Default");
    return found.keySet().iterator().next();
  }
}
