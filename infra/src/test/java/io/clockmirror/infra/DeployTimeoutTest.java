package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clockmirror.infra.settings.DeployTimeout;
import io.clockmirror.infra.settings.DeploymentSettings;
import io.clockmirror.infra.settings.DeploymentSettings.Strategy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The DeployApp build's timeout, per strategy: an earlier run's worst case waited out, then a
 * deployment that fails at its last bake, ECS's rollback and CloudFormation's rollback that deploys
 * the previous revision with the same strategy, plus a quarter.
 */
class DeployTimeoutTest {

  @Test
  void aRollingUpdateNeedsItsTasksHealthyTwiceOver() {
    DeployTimeout timeout = DeploymentSettings.rolling().deployTimeout();
    // 15 minutes for healthy tasks, no hook, no bakes.
    assertThat(timeout.deploymentMinutes()).isEqualTo(15);
    // 10 before the service + 15 + 10 ECS rollback + 15 + 5 clean-up.
    assertThat(timeout.stackWaitMinutes()).isEqualTo(55);
    // (55 + 55) * 1.25 = 137.5, up to 140.
    assertThat(timeout.buildMinutes()).isEqualTo(140);
  }

  @Test
  void aCanaryBakesTwiceAfterTheHook() {
    DeployTimeout timeout = deployment(Strategy.CANARY, 10, 5).deployTimeout();
    assertThat(timeout.deploymentMinutes()).isEqualTo(15 + 3 + 2 * 5);
    assertThat(timeout.stackWaitMinutes()).isEqualTo(10 + 28 + 10 + 28 + 5);
    assertThat(timeout.buildMinutes()).isEqualTo(205);
  }

  @Test
  void aLinearDeploymentBakesAfterEveryStepAndOnceMore() {
    DeployTimeout timeout = deployment(Strategy.LINEAR, 20, 6).deployTimeout();
    assertThat(timeout.deploymentMinutes()).isEqualTo(15 + 3 + (5 + 1) * 6);
    assertThat(timeout.stackWaitMinutes()).isEqualTo(133);
    assertThat(timeout.buildMinutes()).isEqualTo(335);
    // A step that does not divide 100 still needs its last, shorter step.
    assertThat(deployment(Strategy.LINEAR, 30, 1).deployTimeout().deploymentMinutes())
        .isEqualTo(15 + 3 + (4 + 1));
  }

  @Test
  void blueGreenBakesOnceAfterTheHook() {
    DeployTimeout timeout =
        new DeploymentSettings(Strategy.BLUE_GREEN, Optional.empty(), Optional.of(15))
            .deployTimeout();
    assertThat(timeout.deploymentMinutes()).isEqualTo(15 + 3 + 15);
    assertThat(timeout.buildMinutes()).isEqualTo(230);
  }

  @Test
  void bakesThatWouldOutlastCodeBuildsLongestBuildAreRefused() {
    assertThatThrownBy(() -> deployment(Strategy.LINEAR, 3, 1440))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than CodeBuild's 2160")
        .hasMessageContaining("lower deployment.bakeMinutes");
    // The longest canary bake that still fits.
    assertThat(deployment(Strategy.CANARY, 10, 200).deployTimeout().buildMinutes())
        .isLessThanOrEqualTo(2160);
    assertThatThrownBy(() -> deployment(Strategy.CANARY, 10, 201))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eachDeployAppProjectHasItsEnvironmentsTimeoutAndWaitsAsLongForABusyStack() {
    Map<String, Map<String, Object>> projects = PipelineTemplate.projectsByName();
    for (String env : List.of("dev", "prod")) {
      DeployTimeout timeout = Synth.environment(env).settings().deployment().deployTimeout();
      Map<String, Object> project = projects.get(env + "-clockmirror-deploy-app");
      assertThat(project.get("TimeoutInMinutes")).as(env).isEqualTo(timeout.buildMinutes());
      assertThat(Json.map(project.get("Environment")).get("EnvironmentVariables").toString())
          .as(env)
          .contains("Name=STACK_WAIT_MINUTES, Type=PLAINTEXT, Value=" + timeout.stackWaitMinutes());
    }
    assertThat(projects.get("prod-clockmirror-deploy-app").get("TimeoutInMinutes")).isEqualTo(205);
    assertThat(projects.get("dev-clockmirror-deploy-app").get("TimeoutInMinutes")).isEqualTo(140);
    // The other projects keep CodeBuild's default here, 45 minutes.
    assertThat(projects.get("dev-clockmirror-deploy-ecr").get("TimeoutInMinutes")).isEqualTo(45);
  }

  private static DeploymentSettings deployment(Strategy strategy, int step, int bake) {
    return new DeploymentSettings(strategy, Optional.of(step), Optional.of(bake));
  }
}
