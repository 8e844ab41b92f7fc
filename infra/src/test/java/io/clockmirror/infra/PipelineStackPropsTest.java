package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineStackPropsTest {

  private static final EnvironmentSettings DEV =
      EnvironmentSettings.fromContext("dev", Synth.CDK_JSON.get(EnvironmentSettings.CONTEXT_KEY));
  private static final String CONNECTION =
      "arn:aws:codeconnections:eu-west-1:123456789012:connection/4f2a7c1e-0b3d-4e5f-8a9b-1c2d3e4f5a6b";

  @Test
  void withOnlyTheEnvironmentItUsesThePlaceholderConnection() {
    PipelineStackProps props = PipelineStackProps.of(DEV, key -> null);

    assertThat(props.usesPlaceholderConnection()).isTrue();
    assertThat(props.connectionArn()).isEqualTo(PipelineStackProps.PLACEHOLDER_CONNECTION_ARN);
    assertThat(props.repositoryOwner() + "/" + props.repositoryName())
        .isEqualTo("clockmirror/clockmirror");
    assertThat(props.branch()).isEqualTo("main");
    assertThat(props.names().prefix()).isEqualTo("dev-clockmirror");
    assertThat(props.ecrStackName()).isEqualTo("dev-clockmirror-ecr");
    assertThat(props.appStackName()).isEqualTo("dev-clockmirror-app");
    assertThat(props.imageRepositoryName()).isEqualTo("dev-clockmirror");
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

    PipelineStackProps props = PipelineStackProps.of(DEV, context::get);

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
            PipelineStackProps.of(DEV, Map.<String, Object>of("connectionArn", older)::get)
                .connectionArn())
        .isEqualTo(older);
  }

  @Test
  void rejectsWhatCannotNameASource() {
    assertThatThrownBy(
            () ->
                PipelineStackProps.of(
                    DEV, Map.<String, Object>of("connectionArn", "arn:aws:s3:::bucket")::get))
        .hasMessageContaining("not a CodeConnections connection ARN");
    assertThatThrownBy(
            () ->
                PipelineStackProps.of(
                    DEV, Map.<String, Object>of("repository", "clockmirror")::get))
        .hasMessageContaining("owner/name");
    assertThatThrownBy(
            () -> PipelineStackProps.of(DEV, Map.<String, Object>of("repository", "a/b/c")::get))
        .hasMessageContaining("owner/name");
    assertThatThrownBy(
            () ->
                PipelineStackProps.of(DEV, Map.<String, Object>of("repository", "-bad/name")::get))
        .hasMessageContaining("not a GitHub owner");
    assertThatThrownBy(
            () -> PipelineStackProps.of(DEV, Map.<String, Object>of("branch", "a..b")::get))
        .hasMessageContaining("not a branch name");
  }
}
