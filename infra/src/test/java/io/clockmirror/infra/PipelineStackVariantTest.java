package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.infra.pipeline.PipelineStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * A pipeline of one environment alone, unlike {@code dev}: Graviton tasks, another name and region,
 * as {@link InfraApp} adds it next to that environment's stacks.
 */
class PipelineStackVariantTest {

  private static PipelineStack stack;
  private static Template template;

  @BeforeAll
  static void synthesize() {
    stack = Synth.variantApp().pipeline().orElseThrow();
    template = Synth.template(stack);
  }

  @Test
  void oneEnvironmentAloneIsDeployedWithoutApprovalOrPromotionRecord() {
    Map<String, Object> pipeline =
        Json.map(template.findResources("AWS::CodePipeline::Pipeline").values().iterator().next());
    List<Map<String, Object>> stages =
        Json.list(Json.map(pipeline.get("Properties")).get("Stages")).stream()
            .map(Json::map)
            .toList();
    assertThat(stages.stream().map(stage -> stage.get("Name")))
        .containsExactly("Source", "Test", "Build", "Deploy-qa", "SmokeTest-qa");
    Map<String, Object> push = Json.map(Json.list(stages.get(3).get("Actions")).getFirst());
    assertThat(PipelineTemplate.artifactNames(push.get("InputArtifacts")))
        .containsExactly("Source", "Image");
    assertThat(template.toJSON().toString()).doesNotContain("PROMOTED_FROM");
  }

  @Test
  void namesEverythingAfterItsOwnEnvironment() {
    assertThat(stack.getStackName()).isEqualTo("clockmirror-pipeline");
    assertThat(Stack.of(stack).getRegion()).isEqualTo("us-east-1");
    template.hasResourceProperties(
        "AWS::CodeBuild::Project",
        Match.objectLike(
            Map.of(
                "Name",
                "qa-clockmirror-deploy-app",
                "Environment",
                Match.objectLike(
                    Map.of(
                        "EnvironmentVariables",
                        Match.arrayWith(
                            List.of(
                                Map.of(
                                    "Name", "ENV_NAME", "Type", "PLAINTEXT", "Value", "qa"))))))));
  }

  @Test
  void buildsTheImageOnArmWhenTheServiceRunsOnGraviton() {
    template.hasResourceProperties(
        "AWS::CodeBuild::Project",
        Match.objectLike(
            Map.of(
                "Name",
                "clockmirror-docker-build",
                "Environment",
                Match.objectLike(
                    Map.of(
                        "Image",
                        PipelineStack.ARM64_BUILD_IMAGE,
                        "Type",
                        "ARM_CONTAINER",
                        "PrivilegedMode",
                        true)))));
    // The Java builds stay on the x86_64 image that offers Corretto 25.
    template.hasResourceProperties(
        "AWS::CodeBuild::Project",
        Match.objectLike(
            Map.of(
                "Name",
                "clockmirror-unit-test",
                "Environment",
                Match.objectLike(
                    Map.of(
                        "Image", PipelineStack.X86_64_BUILD_IMAGE, "Type", "LINUX_CONTAINER")))));
  }

  @Test
  void cdkNagAwsSolutionsFindsNothingUnsuppressed() {
    assertThat(PipelineTemplate.awsSolutionsFindings(stack)).isEmpty();
  }
}
