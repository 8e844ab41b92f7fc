package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clockmirror.infra.settings.DeploymentSettings;
import io.clockmirror.infra.settings.DeploymentSettings.Strategy;
import io.clockmirror.infra.settings.EnvironmentSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code "deployment"} settings of an environment and every rule they are checked against. */
class DeploymentSettingsTest {

  private static final Object ENVIRONMENTS = Synth.CDK_JSON.get(EnvironmentSettings.CONTEXT_KEY);

  @Test
  void devRollsAndProdShipsATenPercentCanaryBakedFiveMinutes() {
    assertThat(EnvironmentSettings.fromContext("dev", ENVIRONMENTS).deployment())
        .isEqualTo(DeploymentSettings.rolling());
    assertThat(EnvironmentSettings.fromContext("prod", ENVIRONMENTS).deployment())
        .isEqualTo(new DeploymentSettings(Strategy.CANARY, Optional.of(10), Optional.of(5)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      nullValues = "-",
      value = {
        "rolling; -; -; ROLLING",
        "CANARY; 5; 3; CANARY",
        "linear; 20; 6; LINEAR",
        "BLUE_GREEN; -; 0; BLUE_GREEN",
      })
  void readsEachStrategy(String strategy, Integer step, Integer bake, Strategy expected) {
    DeploymentSettings settings = DeploymentSettings.fromContext(deployment(strategy, step, bake));

    assertThat(settings.strategy()).isEqualTo(expected);
    assertThat(settings.stepPercent()).isEqualTo(Optional.ofNullable(step));
    assertThat(settings.bakeMinutes()).isEqualTo(Optional.ofNullable(bake));
    assertThat(settings.strategy().shiftsTraffic()).isEqualTo(expected != Strategy.ROLLING);
  }

  @ParameterizedTest(name = "{3}")
  @CsvSource(
      delimiter = ';',
      nullValues = "-",
      value = {
        "SLOW; -; -; deployment strategy must be one of [ROLLING, CANARY, LINEAR, BLUE_GREEN]: SLOW",
        "ROLLING; 10; -; deployment.stepPercent does nothing for ROLLING",
        "ROLLING; -; 5; deployment.bakeMinutes does nothing for ROLLING",
        "CANARY; -; 5; deployment.stepPercent is required for CANARY",
        "CANARY; 0; 5; deployment.stepPercent must be 1..99 for CANARY",
        "CANARY; 100; 5; (100 moves everything at once: that is BLUE_GREEN): 100",
        "LINEAR; 2; 5; deployment.stepPercent must be 3..99 for LINEAR",
        "LINEAR; 100; 5; deployment.stepPercent must be 3..99 for LINEAR",
        "BLUE_GREEN; 50; 5; deployment.stepPercent does nothing for BLUE_GREEN",
        "CANARY; 10; -; deployment.bakeMinutes is required for CANARY",
        "BLUE_GREEN; -; -; deployment.bakeMinutes is required for BLUE_GREEN",
        "LINEAR; 10; -1; deployment.bakeMinutes must be 0..1440: -1",
        "CANARY; 10; 1441; deployment.bakeMinutes must be 0..1440: 1441",
      })
  void rejectsAnInvalidCombination(String strategy, Integer step, Integer bake, String message) {
    assertThatThrownBy(() -> DeploymentSettings.fromContext(deployment(strategy, step, bake)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void rejectsAMissingStrategyANonObjectAndAFraction() {
    assertThatThrownBy(() -> DeploymentSettings.fromContext(Map.of("bakeMinutes", 5)))
        .hasMessageContaining("'deployment.strategy' is missing");
    assertThatThrownBy(() -> DeploymentSettings.fromContext("CANARY"))
        .hasMessageContaining("setting 'deployment' must be an object");
    assertThatThrownBy(
            () ->
                DeploymentSettings.fromContext(
                    Map.of("strategy", "CANARY", "stepPercent", 2.5, "bakeMinutes", 5)))
        .hasMessageContaining("'deployment.stepPercent' must be a whole number: 2.5");
  }

  @Test
  void anEnvironmentWithoutDeploymentSettingsIsAnError() {
    Map<Object, Object> values = environment("dev");
    values.remove("deployment");

    assertThatThrownBy(() -> EnvironmentSettings.fromContext("dev", Map.of("dev", values)))
        .hasMessageContaining("setting 'deployment' is missing");
  }

  @Test
  void aStrategyThatShiftsTrafficNeedsAnHttpLoadBalancer() {
    Map<Object, Object> values = environment("prod");
    values.put("certificateArn", Synth.CERTIFICATE_ARN);

    assertThatThrownBy(() -> EnvironmentSettings.fromContext("prod", Map.of("prod", values)))
        .hasMessageContaining("deployment strategy CANARY tests the new revision through the")
        .hasMessageContaining("use ROLLING with certificateArn");
    values.put("deployment", Map.of("strategy", "ROLLING"));
    assertThat(EnvironmentSettings.fromContext("prod", Map.of("prod", values)).certificateArn())
        .contains(Synth.CERTIFICATE_ARN);
  }

  @Test
  void aStrategyThatShiftsTrafficNeedsALoadBalancerTheHookCanReach() {
    Map<Object, Object> values = environment("prod");
    values.put("allowedCidrs", List.of("203.0.113.0/24"));

    assertThatThrownBy(() -> EnvironmentSettings.fromContext("prod", Map.of("prod", values)))
        .hasMessageContaining("deployment strategy CANARY tests the new revision from a Lambda")
        .hasMessageContaining("allowedCidrs [203.0.113.0/24] shuts out");
    values.put("deployment", Map.of("strategy", "ROLLING"));
    assertThat(EnvironmentSettings.fromContext("prod", Map.of("prod", values)).allowedCidrs())
        .containsExactly("203.0.113.0/24");
  }

  private static Map<String, Object> deployment(String strategy, Integer step, Integer bake) {
    Map<String, Object> values = new HashMap<>();
    values.put("strategy", strategy);
    if (step != null) {
      values.put("stepPercent", step);
    }
    if (bake != null) {
      values.put("bakeMinutes", bake);
    }
    return values;
  }

  private static Map<Object, Object> environment(String name) {
    return new HashMap<>((Map<?, ?>) ((Map<?, ?>) ENVIRONMENTS).get(name));
  }
}
