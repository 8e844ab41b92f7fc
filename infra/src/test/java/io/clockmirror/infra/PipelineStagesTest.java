package io.clockmirror.infra;

import static io.clockmirror.infra.PipelineTemplate.action;
import static io.clockmirror.infra.PipelineTemplate.actionNames;
import static io.clockmirror.infra.PipelineTemplate.environmentVariables;
import static io.clockmirror.infra.PipelineTemplate.inputs;
import static io.clockmirror.infra.PipelineTemplate.outputs;
import static io.clockmirror.infra.PipelineTemplate.stage;
import static io.clockmirror.infra.PipelineTemplate.stages;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stages and actions of the dev pipeline, and what flows between them. */
class PipelineStagesTest {

  @Test
  void stagesRunInTheOriginalsOrder() {
    assertThat(stages.stream().map(stage -> stage.get("Name")))
        .containsExactly("Source", "Test", "Build", "Deploy", "SmokeTest");
    assertThat(actionNames("Source")).containsExactly("Source");
    assertThat(actionNames("Test")).containsExactly("StaticAnalysis", "UnitTest");
    assertThat(actionNames("Build")).containsExactly("DockerBuild");
    assertThat(actionNames("Deploy")).containsExactly("DeployECR", "DeployApp");
    assertThat(actionNames("SmokeTest")).containsExactly("SmokeTest");
  }

  @Test
  void staticAnalysisAndUnitTestRunInParallel() {
    assertThat(action("Test", "StaticAnalysis").get("RunOrder"))
        .isEqualTo(action("Test", "UnitTest").get("RunOrder"))
        .isEqualTo(1);
  }

  @Test
  void deployPublishesTheImageBeforeDeployingTheApp() {
    assertThat(action("Deploy", "DeployECR").get("RunOrder")).isEqualTo(1);
    assertThat(action("Deploy", "DeployApp").get("RunOrder")).isEqualTo(2);
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
  void everyOtherActionIsACodeBuildBuild() {
    for (String[] stageAndAction :
        new String[][] {
          {"Test", "StaticAnalysis"},
          {"Test", "UnitTest"},
          {"Build", "DockerBuild"},
          {"Deploy", "DeployECR"},
          {"Deploy", "DeployApp"},
          {"SmokeTest", "SmokeTest"}
        }) {
      assertThat(Json.map(action(stageAndAction[0], stageAndAction[1]).get("ActionTypeId")))
          .as(stageAndAction[1])
          .containsEntry("Provider", "CodeBuild")
          .containsEntry("Owner", "AWS");
    }
  }

  @Test
  void artifactsFlowFromSourceThroughTheImageBuildToDeploy() {
    assertThat(outputs("Source", "Source")).containsExactly("Source");
    assertThat(inputs("Test", "StaticAnalysis")).containsExactly("Source");
    assertThat(inputs("Test", "UnitTest")).containsExactly("Source");
    assertThat(outputs("Test", "StaticAnalysis")).isEmpty();
    assertThat(outputs("Test", "UnitTest")).isEmpty();
    assertThat(inputs("Build", "DockerBuild")).containsExactly("Source");
    assertThat(outputs("Build", "DockerBuild")).containsExactly(PipelineStack.IMAGE_ARTIFACT);
    assertThat(inputs("Deploy", "DeployECR"))
        .containsExactly("Source", PipelineStack.IMAGE_ARTIFACT);
    assertThat(inputs("Deploy", "DeployApp")).containsExactly("Source");
    assertThat(inputs("SmokeTest", "SmokeTest")).containsExactly("Source");
  }

  @Test
  void variablesCarryTheCommitTheTagsAndTheServiceUrlBetweenActions() {
    assertThat(environmentVariables("Build", "DockerBuild"))
        .containsEntry("COMMIT_ID", "#{SourceVariables.CommitId}");
    assertThat(environmentVariables("Deploy", "DeployECR"))
        .containsEntry("IMAGE_VERSION", "#{BuildVariables.IMAGE_VERSION}")
        .containsEntry("IMAGE_TAG", "#{BuildVariables.IMAGE_TAG}");
    assertThat(environmentVariables("Deploy", "DeployApp"))
        .containsEntry("IMAGE_TAG", "#{BuildVariables.IMAGE_TAG}");
    assertThat(environmentVariables("SmokeTest", "SmokeTest"))
        .containsEntry("SERVICE_URL", "#{DeployAppVariables.SERVICE_URL}")
        .containsEntry("IMAGE_VERSION", "#{BuildVariables.IMAGE_VERSION}");

    // Each variable read above must be one its producer's buildspec exports.
    assertThat(Buildspecs.exportedVariables("docker-build"))
        .containsExactlyInAnyOrder("IMAGE_VERSION", "IMAGE_TAG");
    assertThat(Buildspecs.exportedVariables("deploy-app")).contains("SERVICE_URL");
  }
}
