package io.clockmirror.infra;

import static io.clockmirror.infra.PipelineTemplate.action;
import static io.clockmirror.infra.PipelineTemplate.allowedActions;
import static io.clockmirror.infra.PipelineTemplate.allowedActionsByRole;
import static io.clockmirror.infra.PipelineTemplate.statementResources;
import static io.clockmirror.infra.PipelineTemplate.template;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The roles of the dev pipeline and its build projects: least privilege. */
class PipelineRolesTest {

  @Test
  void noRoleAllowsAWildcardAction() {
    List<String> allowed = allowedActions();
    assertThat(allowed).isNotEmpty().noneMatch(action -> action.contains("*"));
  }

  @Test
  void statementIdsAreUniqueWithinEachPolicy() {
    // IAM rejects a policy that repeats a Sid.
    template
        .findResources("AWS::IAM::Role")
        .forEach(
            (logicalId, role) -> {
              for (Object policy :
                  Json.list(Json.map(Json.map(role).get("Properties")).get("Policies"))) {
                List<Object> sids =
                    Json.list(Json.map(Json.map(policy).get("PolicyDocument")).get("Statement"))
                        .stream()
                        .map(statement -> Json.map(statement).get("Sid"))
                        .toList();
                assertThat(sids).as(logicalId).doesNotContainNull().doesNotHaveDuplicates();
              }
            });
  }

  @Test
  void buildRolesCannotTouchInfrastructureDirectly() {
    // Deployments go through the CDK bootstrap roles; the build roles hold none of these.
    assertThat(allowedActions())
        .noneMatch(
            action ->
                action.startsWith("cloudformation:")
                    || action.startsWith("ecs:")
                    || action.startsWith("iam:")
                    || action.startsWith("ec2:")
                    || action.startsWith("elasticloadbalancing:"));
  }

  @Test
  void onlyTheDeployActionsMayAssumeTheCdkBootstrapRoles() {
    Map<String, Set<String>> actionsByRole = allowedActionsByRole();
    assertThat(
            actionsByRole.entrySet().stream()
                .filter(entry -> entry.getValue().contains("sts:AssumeRole"))
                .map(Map.Entry::getKey))
        .containsExactlyInAnyOrder(
            "devDeployEcrRole", "devDeployAppRole", "prodDeployEcrRole", "prodDeployAppRole");
    for (String env : List.of("dev", "prod")) {
      for (String role : List.of(env + "DeployEcrRole", env + "DeployAppRole")) {
        assertThat(statementResources(role, "AssumeCdkBootstrapRoles"))
            .contains(":role/cdk-hnb659fds-*-")
            .contains("AWS::AccountId")
            .contains("-eu-west-1");
      }
    }
  }

  @Test
  void eachDeployAppMayReadOnlyItsOwnEnvironmentsParameterStorePath() {
    Map<String, Set<String>> actionsByRole = allowedActionsByRole();
    assertThat(
            actionsByRole.entrySet().stream()
                .filter(entry -> entry.getValue().stream().anyMatch(a -> a.startsWith("ssm:")))
                .map(Map.Entry::getKey))
        .containsExactlyInAnyOrder("devDeployAppRole", "prodDeployAppRole");
    for (String env : List.of("dev", "prod")) {
      assertThat(actionsByRole.get(env + "DeployAppRole"))
          .filteredOn(action -> action.startsWith("ssm:"))
          .containsExactly("ssm:GetParameter");
      assertThat(statementResources(env + "DeployAppRole", "ReadTheEnvironmentsSsmOverrides"))
          .contains(":parameter/clockmirror/" + env + "/*")
          .contains("AWS::AccountId");
    }
  }

  @Test
  void eachPushIsLimitedToItsOwnEnvironmentsRepository() {
    Map<String, Set<String>> actionsByRole = allowedActionsByRole();
    assertThat(
            actionsByRole.entrySet().stream()
                .filter(entry -> entry.getValue().contains("ecr:PutImage"))
                .map(Map.Entry::getKey))
        .containsExactlyInAnyOrder("devDeployEcrRole", "prodDeployEcrRole");
    for (String env : List.of("dev", "prod")) {
      assertThat(actionsByRole.get(env + "DeployEcrRole"))
          .contains("ecr:PutImage", "ecr:BatchGetImage", "ecr:GetAuthorizationToken")
          .doesNotContain("ecr:DescribeImages")
          .doesNotContain("ecr:DeleteRepository", "ecr:SetRepositoryPolicy");
      String other = env.equals("dev") ? "prod" : "dev";
      assertThat(statementResources(env + "DeployEcrRole", "EcrPushToTheServiceRepository"))
          .contains(":repository/" + env + "-clockmirror")
          .doesNotContain(other + "-clockmirror");
      assertThat(actionsByRole.get(env + "SmokeTestRole"))
          .noneMatch(action -> action.startsWith("ecr:") || action.startsWith("sts:"));
    }
    // The image build pushes nowhere: every push is a deploy action's, after its checks.
    assertThat(actionsByRole.get("DockerBuildRole"))
        .noneMatch(action -> action.startsWith("ecr:") || action.startsWith("sts:"));
  }
}
