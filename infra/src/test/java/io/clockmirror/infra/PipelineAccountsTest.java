package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.infra.app.EcrStack;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * dev and prod in two accounts, from the same code: only {@code accounts} in the pipeline settings
 * differ. The pipeline lives in dev's account; prod's deploy actions reach prod's bootstrap roles
 * and repository, and prod's repository lets the pipeline's roles push.
 */
class PipelineAccountsTest {

  private static final InfraAppStacks APP = Synth.twoAccounts();
  private static final Template PIPELINE = Synth.template(APP.pipeline().orElseThrow());

  @Test
  void everyStackIsPinnedToItsEnvironmentsAccount() {
    assertThat(APP.pipeline().orElseThrow().getAccount()).isEqualTo(Synth.DEV_ACCOUNT);
    assertThat(APP.environment("dev").app().getAccount()).isEqualTo(Synth.DEV_ACCOUNT);
    assertThat(APP.environment("prod").app().getAccount()).isEqualTo(Synth.PROD_ACCOUNT);
    assertThat(APP.environment("prod").ecr().getAccount()).isEqualTo(Synth.PROD_ACCOUNT);
  }

  @Test
  void prodsDeployActionsReachProdsBootstrapRolesAndRepositoryOnly() {
    String prodRoles = statementResources("prodDeployAppRole", "AssumeCdkBootstrapRoles");
    assertThat(prodRoles)
        .contains("iam::" + Synth.PROD_ACCOUNT + ":role/cdk-hnb659fds-*-" + Synth.PROD_ACCOUNT)
        .doesNotContain(Synth.DEV_ACCOUNT);
    assertThat(statementResources("prodDeployEcrRole", "EcrPushToTheServiceRepository"))
        .contains("ecr:eu-west-1:" + Synth.PROD_ACCOUNT + ":repository/prod-clockmirror");
    assertThat(statementResources("devDeployEcrRole", "EcrPushToTheServiceRepository"))
        .contains("ecr:eu-west-1:" + Synth.DEV_ACCOUNT + ":repository/dev-clockmirror");
  }

  @Test
  void prodsRepositoryLetsOnlyThePipelineStacksRolesPushFromThePipelineAccount() {
    Template prodEcr = Synth.template(APP.environment("prod").ecr());
    Map<String, Object> policy =
        Json.map(
            Json.map(
                    Json.map(
                            prodEcr
                                .findResources("AWS::ECR::Repository")
                                .values()
                                .iterator()
                                .next())
                        .get("Properties"))
                .get("RepositoryPolicyText"));
    Map<String, Object> statement = Json.map(Json.list(policy.get("Statement")).getFirst());
    assertThat(statement.get("Sid")).isEqualTo("PushFromThePipelineAccount");
    assertThat(statement.get("Principal").toString()).contains(Synth.DEV_ACCOUNT + ":root");
    assertThat(Json.list(statement.get("Action")))
        .containsExactlyInAnyOrderElementsOf(EcrStack.PUSH_ACTIONS);
    assertThat(statement.get("Condition").toString())
        .contains("aws:PrincipalArn")
        .contains(":iam::" + Synth.DEV_ACCOUNT + ":role/clockmirror-pipeline-*");
    // dev shares the pipeline's account: its repository needs no policy.
    Template devEcr = Synth.template(APP.environment("dev").ecr());
    devEcr.hasResourceProperties(
        "AWS::ECR::Repository", Match.objectLike(Map.of("RepositoryName", "dev-clockmirror")));
    assertThat(devEcr.toJSON().toString()).doesNotContain("RepositoryPolicyText");
  }

  @Test
  void cdkNagFindsNothingUnsuppressedInThePipeline() {
    assertThat(PipelineTemplate.awsSolutionsFindings(APP.pipeline().orElseThrow())).isEmpty();
  }

  private static String statementResources(String role, String sid) {
    return PipelineTemplate.statementResources(PIPELINE, role, sid);
  }
}
