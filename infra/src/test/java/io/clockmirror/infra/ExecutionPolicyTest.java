package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;

/**
 * {@code infra/policies/cloudformation-execution-policy.json}, the narrower policy docs/deploy.md
 * offers for {@code cdk bootstrap --cloudformation-execution-policies} instead of
 * AdministratorAccess: it allows a service for every resource type any stack makes, WAF's log
 * delivery, and IAM only for roles.
 */
class ExecutionPolicyTest {

  /** CloudFormation namespace to the IAM service prefix that creates its resources. */
  private static final Map<String, List<String>> SERVICES =
      Map.ofEntries(
          Map.entry("AWS::ApplicationAutoScaling", List.of("application-autoscaling")),
          Map.entry("AWS::Chatbot", List.of("chatbot")),
          Map.entry("AWS::CloudWatch", List.of("cloudwatch")),
          Map.entry("AWS::CodeBuild", List.of("codebuild")),
          Map.entry("AWS::CodePipeline", List.of("codepipeline", "codeconnections")),
          Map.entry("AWS::EC2", List.of("ec2")),
          Map.entry("AWS::ECR", List.of("ecr")),
          Map.entry("AWS::ECS", List.of("ecs")),
          Map.entry("AWS::ElasticLoadBalancingV2", List.of("elasticloadbalancing")),
          Map.entry("AWS::Events", List.of("events")),
          Map.entry("AWS::IAM", List.of("iam")),
          Map.entry("AWS::KMS", List.of("kms")),
          Map.entry("AWS::Lambda", List.of("lambda")),
          Map.entry("AWS::Logs", List.of("logs")),
          Map.entry("AWS::S3", List.of("s3")),
          Map.entry("AWS::SNS", List.of("sns")),
          Map.entry("AWS::SecretsManager", List.of("secretsmanager")),
          Map.entry("AWS::WAFv2", List.of("wafv2")),
          // A Lambda-backed custom resource: the function and its role, acting on the VPC.
          Map.entry("Custom::VpcRestrictDefaultSG", List.of("lambda", "iam", "ec2")),
          Map.entry("AWS::CDK", List.of()));

  @Test
  void everyResourceTypeOfEveryStackIsAllowed() throws Exception {
    List<String> allowed = allowedActions();
    Set<String> types = new TreeSet<>();
    List<Stack> stacks = new ArrayList<>(Synth.allStacks());
    stacks.add(Synth.pipeline());
    stacks.add(Synth.variantApp().pipeline().orElseThrow());
    for (Stack stack : stacks) {
      Json.map(Synth.template(stack).toJSON().get("Resources"))
          .values()
          .forEach(resource -> types.add(String.valueOf(Json.map(resource).get("Type"))));
    }
    assertThat(types)
        .contains("AWS::WAFv2::LoggingConfiguration", "AWS::Chatbot::SlackChannelConfiguration");
    for (String type : types) {
      String namespace =
          type.startsWith("Custom::") ? type : type.substring(0, type.lastIndexOf("::"));
      assertThat(SERVICES).as("the IAM service of %s", type).containsKey(namespace);
      for (String service : SERVICES.get(namespace)) {
        assertThat(allowed)
            .as("%s needs %s", type, service)
            .anyMatch(action -> action.startsWith(service + ":"));
      }
    }
  }

  @Test
  void wafCanDeliverItsLogsToItsLogGroup() throws Exception {
    assertAllowed(
        "logs:CreateLogDelivery",
        "logs:PutResourcePolicy",
        "logs:DescribeResourcePolicies",
        "logs:DescribeLogGroups");
  }

  @Test
  void theRegistryScanningConfigurationCanTurnOnAmazonInspector() throws Exception {
    // The permissions the ECR user guide lists for enhanced scanning
    // (image-scanning-enhanced-iam.html): Inspector's APIs and its service-linked role.
    assertAllowed(
        "ecr:PutRegistryScanningConfiguration",
        "inspector2:Enable",
        "inspector2:ListAccountPermissions",
        "iam:CreateServiceLinkedRole");
  }

  private static void assertAllowed(String... actions) throws Exception {
    List<String> allowed = allowedActions();
    for (String action : actions) {
      assertThat(allowed).as(action).anyMatch(granted -> covers(granted, action));
    }
  }

  @Test
  void itIsNarrowerThanAdministratorAccess() throws Exception {
    List<String> allowed = allowedActions();
    assertThat(allowed).doesNotContain("*", "iam:*", "organizations:*", "sts:*");
    assertThat(allowed)
        .noneMatch(
            action -> action.startsWith("iam:") && action.matches(".*(User|Group|AccessKey).*"));
  }

  private static boolean covers(String granted, String action) {
    return granted.endsWith("*")
        ? action.startsWith(granted.substring(0, granted.length() - 1))
        : granted.equals(action);
  }

  private static List<String> allowedActions() throws Exception {
    Map<?, ?> policy =
        new ObjectMapper()
            .readValue(
                Repo.ROOT.resolve("infra/policies/cloudformation-execution-policy.json").toFile(),
                Map.class);
    return Json.list(policy.get("Statement")).stream()
        .map(Json::map)
        .peek(statement -> assertThat(statement.get("Effect")).isEqualTo("Allow"))
        .flatMap(statement -> Json.list(statement.get("Action")).stream().map(String::valueOf))
        .toList();
  }
}
