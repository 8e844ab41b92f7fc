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
        .containsExactlyInAnyOrder("DeployEcrRole", "DeployAppRole");
    for (String role : List.of("DeployEcrRole", "DeployAppRole")) {
      assertThat(statementResources(role, "AssumeCdkBootstrapRoles"))
          .contains(":role/cdk-hnb659fds-*-")
          .contains("AWS::AccountId");
    }
  }

  @Test
  void onlyDeployAppMayReadParameterStoreAndOnlyItsEnvironmentsPath() {
    Map<String, Set<String>> actionsByRole = allowedActionsByRole();
    assertThat(
            actionsByRole.entrySet().stream()
                .filter(entry -> entry.getValue().stream().anyMatch(a -> a.startsWith("ssm:")))
                .map(Map.Entry::getKey))
        .containsExactly("DeployAppRole");
    assertThat(actionsByRole.get("DeployAppRole"))
        .filteredOn(action -> action.startsWith("ssm:"))
        .containsExactly("ssm:GetParameter");
    assertThat(statementResources("DeployAppRole", "ReadTheEnvironmentsSsmOverrides"))
        .contains(":parameter/clockmirror/dev/*")
        .contains("AWS::AccountId");
  }

  @Test
  void theImagePushIsLimitedToTheServiceRepository() {
    Set<String> deployEcr = allowedActionsByRole().get("DeployEcrRole");
    assertThat(deployEcr)
        .contains("ecr:PutImage", "ecr:DescribeImages", "ecr:GetAuthorizationToken")
        .doesNotContain("ecr:DeleteRepository", "ecr:SetRepositoryPolicy");
    assertThat(template.toJSON().toString()).contains("repository/dev-clockmirror");
    Set<String> smokeTest = allowedActionsByRole().get("SmokeTestRole");
    assertThat(smokeTest)
        .noneMatch(action -> action.startsWith("ecr:") || action.startsWith("sts:"));
  }
}
