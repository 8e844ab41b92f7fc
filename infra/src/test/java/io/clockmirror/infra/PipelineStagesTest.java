package io.clockmirror.infra;

import static io.clockmirror.infra.PipelineTemplate.action;
import static io.clockmirror.infra.PipelineTemplate.actionNames;
import static io.clockmirror.infra.PipelineTemplate.environmentVariables;
import static io.clockmirror.infra.PipelineTemplate.inputs;
import static io.clockmirror.infra.PipelineTemplate.outputs;
import static io.clockmirror.infra.PipelineTemplate.stages;
import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.infra.pipeline.PipelineStack;
import io.clockmirror.infra.pipeline.PipelineStages;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stages and actions of the cdk.json pipeline, and what flows between them. */
class PipelineStagesTest {

  @Test
  void theImageIsBuiltOnceThenPromotedThroughDevAnApprovalAndProd() {
    assertThat(stages.stream().map(stage -> stage.get("Name")))
        .containsExactly(
            "Source",
            "Test",
            "Build",
            "Deploy-dev",
            "SmokeTest-dev",
            "Approve-prod",
            "Deploy-prod",
            "SmokeTest-prod");
    assertThat(actionNames("Source")).containsExactly("Source");
    assertThat(actionNames("Test")).containsExactly("StaticAnalysis", "UnitTest");
    assertThat(actionNames("Build")).containsExactly("DockerBuild");
    for (String env : List.of("dev", "prod")) {
      assertThat(actionNames("Deploy-" + env)).containsExactly("DeployECR", "DeployApp");
      assertThat(actionNames("SmokeTest-" + env)).containsExactly("SmokeTest");
    }
    assertThat(Json.map(action("Approve-prod", "Approve").get("ActionTypeId")))
        .containsEntry("Category", "Approval")
        .containsEntry("Provider", "Manual");
  }

  @Test
  void exactlyOneActionBuildsTheImageAndOnlyTheBuildStageProducesIt() {
    long imageBuilds =
        stages.stream()
            .flatMap(stage -> Json.list(stage.get("Actions")).stream().map(Json::map))
            .filter(a -> PipelineTemplate.artifactNames(a.get("OutputArtifacts")).contains("Image"))
            .count();
    assertThat(imageBuilds).isEqualTo(1);
    assertThat(outputs("Build", "DockerBuild")).containsExactly(PipelineStack.IMAGE_ARTIFACT);
    // The docker-build project is the only one whose buildspec runs docker build (itself or
    // through a script).
    assertThat(
            PipelineTemplate.projectsByName().values().stream()
                .map(p -> (String) Json.map(p.get("Source")).get("BuildSpec"))
                .filter(
                    file ->
                        !Buildspecs.commandsRun(
                                file.replaceFirst("^buildspec/(.*)\\.yml$", "$1"),
                                "docker",
                                "build")
                            .isEmpty()))
        .containsExactly("buildspec/docker-build.yml");
  }

  @Test
  void staticAnalysisAndUnitTestRunInParallelAndEachPushBeforeItsDeploy() {
    assertThat(action("Test", "StaticAnalysis").get("RunOrder"))
        .isEqualTo(action("Test", "UnitTest").get("RunOrder"))
        .isEqualTo(1);
    for (String env : List.of("dev", "prod")) {
      assertThat(action("Deploy-" + env, "DeployECR").get("RunOrder")).isEqualTo(1);
      assertThat(action("Deploy-" + env, "DeployApp").get("RunOrder")).isEqualTo(2);
    }
  }

  @Test
  void sourceIsGitHubThroughACodeConnectionsConnection() {
    Map<String, Object> source = action("Source", "Source");
    assertThat(Json.map(source.get("ActionTypeId")))
        .containsEntry("Category", "Source")
        .containsEntry("Owner", "AWS")
        .containsEntry("Provider", "CodeStarSourceConnection");
    assertThat(Json.map(source.get("Configuration")))
        .containsEntry("ConnectionArn", Map.of("Ref", "ConnectionArn"))
        .containsEntry("FullRepositoryId", "clockmirror/clockmirror")
        .containsEntry("BranchName", "main")
        .containsEntry("DetectChanges", true);
  }

  @Test
  void eachEnvironmentsActionsRunItsOwnProjects() {
    for (String env : List.of("dev", "prod")) {
      assertThat(project("Deploy-" + env, "DeployECR")).isEqualTo(env + "-clockmirror-deploy-ecr");
      assertThat(project("Deploy-" + env, "DeployApp")).isEqualTo(env + "-clockmirror-deploy-app");
      assertThat(project("SmokeTest-" + env, "SmokeTest"))
          .isEqualTo(env + "-clockmirror-smoke-test");
    }
    assertThat(project("Build", "DockerBuild")).isEqualTo("clockmirror-docker-build");
  }

  @Test
  void artifactsFlowFromTheBuildThroughEachPassedSmokeTest() {
    assertThat(outputs("Source", "Source")).containsExactly("Source");
    assertThat(inputs("Test", "StaticAnalysis")).containsExactly("Source");
    assertThat(inputs("Test", "UnitTest")).containsExactly("Source");
    assertThat(inputs("Build", "DockerBuild")).containsExactly("Source");
    assertThat(inputs("Deploy-dev", "DeployECR")).containsExactly("Source", "Image");
    assertThat(outputs("SmokeTest-dev", "SmokeTest")).containsExactly("Passed_dev");
    // prod's push cannot start without what only dev's passed smoke test writes.
    assertThat(inputs("Deploy-prod", "DeployECR")).containsExactly("Source", "Image", "Passed_dev");
    assertThat(outputs("SmokeTest-prod", "SmokeTest")).containsExactly("Passed_prod");
    assertThat(inputs("Deploy-prod", "DeployApp")).containsExactly("Source");
    assertThat(Buildspecs.section(Buildspecs.load("smoke-test"), "artifacts").get("files"))
        .isEqualTo(List.of("promotion.env"));
  }

  @Test
  void prodsPushTakesTheImageOnlyFromDevsSmokeTest() {
    assertThat(environmentVariables("Build", "DockerBuild"))
        .containsEntry("COMMIT_ID", "#{SourceVariables.CommitId}");
    assertThat(environmentVariables("Deploy-dev", "DeployECR"))
        .containsExactlyEntriesOf(imageVariables("BuildVariables"));
    assertThat(environmentVariables("Deploy-prod", "DeployECR"))
        .containsExactlyEntriesOf(imageVariables("SmokeTest-dev"));
    for (String env : List.of("dev", "prod")) {
      assertThat(environmentVariables("Deploy-" + env, "DeployApp"))
          .containsExactlyEntriesOf(imageVariables("DeployECR-" + env));
      assertThat(environmentVariables("SmokeTest-" + env, "SmokeTest"))
          .containsEntry("SERVICE_URL", "#{DeployApp-" + env + ".SERVICE_URL}")
          .containsAllEntriesOf(imageVariables("DeployECR-" + env));
      assertThat(Json.map(action("SmokeTest-" + env, "SmokeTest")).get("Namespace"))
          .isEqualTo("SmokeTest-" + env);
    }
    // The promotion check reads the previous environment's record; the project says which.
    assertThat(projectVariables("prod-clockmirror-deploy-ecr"))
        .containsEntry("ENV_NAME", "prod")
        .containsEntry("PROMOTED_FROM", "dev");
    assertThat(projectVariables("dev-clockmirror-deploy-ecr")).doesNotContainKey("PROMOTED_FROM");
    // The approval shows what it lets through.
    assertThat(
            (String)
                Json.map(action("Approve-prod", "Approve").get("Configuration")).get("CustomData"))
        .contains("#{SmokeTest-dev.IMAGE_TAG}", "#{SmokeTest-dev.IMAGE_DIGEST}", "prod");

    // Each variable read above must be one its producer's buildspec exports.
    assertThat(Buildspecs.exportedVariables("docker-build"))
        .containsExactlyInAnyOrderElementsOf(PipelineStages.IMAGE_VARIABLES);
    assertThat(Buildspecs.exportedVariables("deploy-ecr"))
        .containsAll(PipelineStages.IMAGE_VARIABLES);
    assertThat(Buildspecs.exportedVariables("smoke-test"))
        .containsExactlyInAnyOrderElementsOf(PipelineStages.IMAGE_VARIABLES);
    assertThat(Buildspecs.exportedVariables("deploy-app")).contains("SERVICE_URL");
  }

  private static Map<String, Object> imageVariables(String namespace) {
    Map<String, Object> expected = new LinkedHashMap<>();
    for (String name : PipelineStages.IMAGE_VARIABLES) {
      expected.put(name, "#{" + namespace + "." + name + "}");
    }
    return expected;
  }

  private static Object project(String stage, String actionName) {
    Object ref = Json.map(action(stage, actionName).get("Configuration")).get("ProjectName");
    String logicalId = (String) Json.map(ref).get("Ref");
    return Json.map(
            Json.map(
                    PipelineTemplate.template
                        .findResources("AWS::CodeBuild::Project")
                        .get(logicalId))
                .get("Properties"))
        .get("Name");
  }

  private static Map<String, Object> projectVariables(String projectName) {
    Map<String, Object> byName = new LinkedHashMap<>();
    for (Object variable :
        Json.list(
            Json.map(PipelineTemplate.projectsByName().get(projectName).get("Environment"))
                .get("EnvironmentVariables"))) {
      byName.put((String) Json.map(variable).get("Name"), Json.map(variable).get("Value"));
    }
    return byName;
  }
}
