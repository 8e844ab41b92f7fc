package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clockmirror.infra.pipeline.PipelineStackProps;
import io.clockmirror.infra.settings.Names;
import io.clockmirror.infra.settings.SsmOverridable;
import org.junit.jupiter.api.Test;

class NamesTest {

  private final Names dev = new Names("dev");

  @Test
  void stacksAndTheRepositoryCarryTheEnvironmentsPrefix() {
    assertThat(dev.prefix()).isEqualTo("dev-clockmirror");
    assertThat(dev.ecrStack()).isEqualTo("dev-clockmirror-ecr");
    assertThat(dev.appStack()).isEqualTo("dev-clockmirror-app");
    assertThat(dev.imageRepository()).isEqualTo("dev-clockmirror");
  }

  @Test
  void buildProjectsAreNamedAfterTheirBuildspec() {
    assertThat(dev.buildProject("unit-test")).isEqualTo("dev-clockmirror-unit-test");
    assertThat(dev.buildspecFile("unit-test")).isEqualTo("buildspec/unit-test.yml");
    assertThat(dev.buildLogGroup("unit-test"))
        .isEqualTo("/aws/codebuild/dev-clockmirror-unit-test");
    assertThat(dev.reportGroup("unit-test", "junit")).isEqualTo("dev-clockmirror-unit-test-junit");
  }

  @Test
  void theOnePipelineAndItsSharedProjectsCarryNoEnvironment() {
    assertThat(Names.pipelineStack()).isEqualTo("clockmirror-pipeline");
    assertThat(Names.pipeline()).isEqualTo("clockmirror-pipeline");
    assertThat(Names.sharedBuildProject("unit-test")).isEqualTo("clockmirror-unit-test");
    assertThat(Names.sharedBuildLogGroup("unit-test"))
        .isEqualTo("/aws/codebuild/clockmirror-unit-test");
    assertThat(Names.sharedReportGroup("unit-test", "junit"))
        .isEqualTo("clockmirror-unit-test-junit");
    assertThat(Names.buildCachePrefix("dev-clockmirror-deploy-app"))
        .isEqualTo("codebuild-cache/dev-clockmirror-deploy-app");
  }

  @Test
  void theServiceItsLogsAlarmsAndOverrides() {
    assertThat(dev.containerLogGroup()).isEqualTo("/ecs/dev-clockmirror");
    assertThat(dev.alarm("5xx-rate")).isEqualTo("dev-clockmirror-5xx-rate");
    assertThat(dev.ssmParameter(SsmOverridable.MIN_CAPACITY))
        .isEqualTo("/clockmirror/dev/minCapacity");
  }

  @Test
  void theBootstrapRolesPatternAndTheConnectionPattern() {
    assertThat(Names.bootstrapRoles("123456789012", "eu-west-1"))
        .isEqualTo("cdk-hnb659fds-*-123456789012-eu-west-1");
    assertThat(PipelineStackProps.PLACEHOLDER_CONNECTION_ARN).matches(Names.CONNECTION_ARN_PATTERN);
    assertThat("arn:aws:s3:::bucket").doesNotMatch(Names.CONNECTION_ARN_PATTERN);
  }

  @Test
  void rejectsAnEnvironmentThatCannotPrefixNames() {
    assertThatThrownBy(() -> new Names("Dev_1")).hasMessageContaining("name must match");
    assertThatThrownBy(() -> new Names("averyveryverylongname"))
        .hasMessageContaining("name must match");
  }
}
