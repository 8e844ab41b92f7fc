package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The pipeline of an environment unlike {@code dev}: Graviton tasks, another name and region, as
 * {@link InfraApp} adds it next to the other stacks.
 */
class PipelineStackVariantTest {

  private static PipelineStack stack;
  private static Template template;

  @BeforeAll
  static void synthesize() {
    stack = Synth.variant().pipeline();
    template = Synth.template(stack);
  }

  @Test
  void namesEverythingAfterItsOwnEnvironment() {
    assertThat(stack.getStackName()).isEqualTo("qa-clockmirror-pipeline");
    assertThat(Stack.of(stack).getRegion()).isEqualTo("us-east-1");
    template.hasResourceProperties(
        "AWS::CodePipeline::Pipeline", Match.objectLike(Map.of("Name", "qa-clockmirror-pipeline")));
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
                "qa-clockmirror-docker-build",
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
                "qa-clockmirror-unit-test",
                "Environment",
                Match.objectLike(
                    Map.of(
                        "Image", PipelineStack.X86_64_BUILD_IMAGE, "Type", "LINUX_CONTAINER")))));
  }

  @Test
  @SuppressWarnings("deprecation") // SynthesisMessage is what Annotations returns
  void cdkNagAwsSolutionsFindsNothingUnsuppressed() {
    Annotations annotations = Annotations.fromStack(stack);
    Object awsSolutions = Match.stringLikeRegexp("AwsSolutions-.*");
    assertThat(annotations.findError("*", awsSolutions))
        .extracting(m -> m.getEntry().getData())
        .isEmpty();
    assertThat(annotations.findWarning("*", awsSolutions))
        .extracting(m -> m.getEntry().getData())
        .isEmpty();
  }
}
