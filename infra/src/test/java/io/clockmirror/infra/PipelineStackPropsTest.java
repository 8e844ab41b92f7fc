package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.clockmirror.infra.pipeline.PipelineStackProps;
import io.clockmirror.infra.settings.CpuArchitectureChoice;
import io.clockmirror.infra.settings.EnvironmentSettings;
import io.clockmirror.infra.settings.PipelineSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineStackPropsTest {

  private static final Object ENVIRONMENTS = Synth.CDK_JSON.get(EnvironmentSettings.CONTEXT_KEY);
  private static final List<EnvironmentSettings> BOTH =
      List.of(
          EnvironmentSettings.fromContext("dev", ENVIRONMENTS),
          EnvironmentSettings.fromContext("prod", ENVIRONMENTS));
  private static final PipelineSettings DEV_THEN_PROD = Synth.pipelineSettings();
  private static final String CONNECTION =
      "arn:aws:codeconnections:eu-west-1:123456789012:connection/4f2a7c1e-0b3d-4e5f-8a9b-1c2d3e4f5a6b";

  @Test
  void withoutContextItUsesThePlaceholderConnectionAndTheSettingsOrder() {
    PipelineStackProps props = PipelineStackProps.of(DEV_THEN_PROD, BOTH, key -> null);

    assertThat(props.usesPlaceholderConnection()).isTrue();
    assertThat(props.connectionArn()).isEqualTo(PipelineStackProps.PLACEHOLDER_CONNECTION_ARN);
    assertThat(props.repositoryOwner() + "/" + props.repositoryName())
        .isEqualTo("clockmirror/clockmirror");
    assertThat(props.branch()).isEqualTo("main");
    assertThat(props.targets())
        .extracting(
            PipelineStackProps.Target::name,
            PipelineStackProps.Target::approvalBefore,
            PipelineStackProps.Target::previous)
        .containsExactly(
            tuple("dev", false, Optional.empty()), tuple("prod", true, Optional.of("dev")));
    assertThat(props.imageArchitecture()).isEqualTo(CpuArchitectureChoice.X86_64);
  }

  @Test
  void readsTheSourceFromContext() {
    Map<String, Object> context =
        Map.of(
            "connectionArn",
            CONNECTION,
            "repository",
            "octo-org/clock.mirror",
            "branch",
            "release/1.x");

    PipelineStackProps props = PipelineStackProps.of(DEV_THEN_PROD, BOTH, context::get);

    assertThat(props.usesPlaceholderConnection()).isFalse();
    assertThat(props.connectionArn()).isEqualTo(CONNECTION);
    assertThat(props.repositoryOwner()).isEqualTo("octo-org");
    assertThat(props.repositoryName()).isEqualTo("clock.mirror");
    assertThat(props.branch()).isEqualTo("release/1.x");
  }

  @Test
  void acceptsTheOlderCodeStarConnectionsArn() {
    String older = CONNECTION.replace("codeconnections", "codestar-connections");
    assertThat(
            PipelineStackProps.of(
                    DEV_THEN_PROD, BOTH, Map.<String, Object>of("connectionArn", older)::get)
                .connectionArn())
        .isEqualTo(older);
  }

  @Test
  void rejectsWhatCannotNameASource() {
    assertThatThrownBy(
            () ->
                PipelineStackProps.of(
                    DEV_THEN_PROD,
                    BOTH,
                    Map.<String, Object>of("connectionArn", "arn:aws:s3:::bucket")::get))
        .hasMessageContaining("not a CodeConnections connection ARN");
    assertThatThrownBy(
            () ->
                PipelineStackProps.of(
                    DEV_THEN_PROD, BOTH, Map.<String, Object>of("repository", "clockmirror")::get))
        .hasMessageContaining("owner/name");
    assertThatThrownBy(
            () ->
                PipelineStackProps.of(
                    DEV_THEN_PROD, BOTH, Map.<String, Object>of("repository", "a/b/c")::get))
        .hasMessageContaining("owner/name");
    assertThatThrownBy(
            () ->
                PipelineStackProps.of(
                    DEV_THEN_PROD, BOTH, Map.<String, Object>of("repository", "-bad/name")::get))
        .hasMessageContaining("not a GitHub owner");
    assertThatThrownBy(
            () ->
                PipelineStackProps.of(
                    DEV_THEN_PROD, BOTH, Map.<String, Object>of("branch", "a..b")::get))
        .hasMessageContaining("not a branch name");
  }
}
