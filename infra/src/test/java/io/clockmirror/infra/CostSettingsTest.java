package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clockmirror.infra.constructs.FargateAppProps;
import io.clockmirror.infra.constructs.Network;
import io.clockmirror.infra.settings.CostSettings;
import io.clockmirror.infra.settings.EnvironmentSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code "cost"} object of an environment: each choice, and what it may not be combined with.
 */
class CostSettingsTest {

  private static final Object ENVIRONMENTS = Synth.CDK_JSON.get(EnvironmentSettings.CONTEXT_KEY);

  @Test
  void devTakesTheCheapChoicesAndProdKeepsItsIsolation() {
    CostSettings dev = EnvironmentSettings.fromContext("dev", ENVIRONMENTS).cost();
    assertThat(dev.network()).isEqualTo(Network.Placement.PUBLIC);
    assertThat(dev.capacity()).isEqualTo(FargateAppProps.Capacity.FARGATE_SPOT);
    CostSettings.OfficeHours hours = dev.officeHours().orElseThrow();
    assertThat(hours.timeZone()).isEqualTo("Europe/Dublin");
    assertThat(hours.startSchedule()).isEqualTo("cron(0 8 ? * MON-FRI *)");
    assertThat(hours.stopSchedule()).isEqualTo("cron(0 19 ? * MON-FRI *)");

    CostSettings prod = EnvironmentSettings.fromContext("prod", ENVIRONMENTS).cost();
    assertThat(prod)
        .isEqualTo(
            new CostSettings(
                Network.Placement.ISOLATED, FargateAppProps.Capacity.FARGATE, Optional.empty()));
  }

  @Test
  void anEnvironmentWithoutCostSettingsKeepsIsolationOnDemandAroundTheClock() {
    Map<Object, Object> values = environment("prod");
    values.remove("cost");
    assertThat(EnvironmentSettings.fromContext("prod", Map.of("prod", values)).cost())
        .isEqualTo(CostSettings.isolatedOnDemand());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = ';',
      quoteCharacter = '"',
      value = {
        "dev; network=NAT; cost.network must be one of [ISOLATED, PUBLIC]: NAT",
        "dev; capacity=SPOT; cost.capacity must be one of [FARGATE, FARGATE_SPOT]: SPOT",
        "dev; network=; setting 'cost.network' is missing",
        "dev; officeHours.timeZone=Europe/Atlantis; not a time zone: Europe/Atlantis",
        "dev; officeHours.days=weekdays; days of the week such as MON-FRI",
        "dev; officeHours.startHour=19; must start at an hour 0..22 and stop at a later one",
        "dev; officeHours.stopHour=24; must start at an hour 0..22 and stop at a later one",
        "dev; officeHours.startHour=8.5; 'cost.officeHours.startHour' must be a whole hour",
        // Combinations with other settings.
        "dev; cpuArchitecture=ARM64; FARGATE_SPOT runs X86_64 tasks only",
        "prod; officeHours.timeZone=UTC; where deployment strategy CANARY would find no task",
        "prod; operations.containerInsights=false; without the running-task count",
      })
  void aChoiceThatCannotWorkIsRefusedWithTheSettingsName(
      String env, String change, String message) {
    Map<Object, Object> values = environment(env);
    apply(values, change);
    assertThatThrownBy(() -> EnvironmentSettings.fromContext(env, Map.of(env, values)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  /** A deep copy of an environment's settings in cdk.json. */
  @SuppressWarnings("unchecked")
  private static Map<Object, Object> environment(String name) {
    return (Map<Object, Object>) deepCopy(((Map<?, ?>) ENVIRONMENTS).get(name));
  }

  private static Object deepCopy(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new HashMap<>();
      map.forEach((key, inner) -> copy.put(key, deepCopy(inner)));
      return copy;
    }
    return value;
  }

  /**
   * {@code path=value} below the environment ({@code cpuArchitecture}, {@code operations.x}) or
   * below its cost object; a number, a boolean or text; empty removes.
   */
  @SuppressWarnings("unchecked")
  private static void apply(Map<Object, Object> environment, String change) {
    String[] pathAndValue = change.split("=", 2);
    String[] path = pathAndValue[0].split("\\.");
    Map<Object, Object> target =
        environment.containsKey(path[0])
            ? environment
            : (Map<Object, Object>) environment.get("cost");
    for (int i = 0; i < path.length - 1; i++) {
      Object next = target.get(path[i]);
      if (next == null) {
        next =
            new HashMap<>(
                Map.of("timeZone", "UTC", "days", "MON-FRI", "startHour", 8, "stopHour", 18));
        target.put(path[i], next);
      }
      target = (Map<Object, Object>) next;
    }
    String key = path[path.length - 1];
    String value = pathAndValue[1];
    if (value.isEmpty()) {
      target.remove(key);
    } else if (value.matches("\\d+")) {
      target.put(key, Integer.valueOf(value));
    } else if (value.matches("\\d+\\.\\d+")) {
      target.put(key, Double.valueOf(value));
    } else if (value.equals("true") || value.equals("false")) {
      target.put(key, Boolean.valueOf(value));
    } else {
      target.put(key, value);
    }
  }
}
