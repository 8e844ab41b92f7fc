package io.clockmirror.infra.settings;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How ECS rolls a new revision out in one environment, read from the {@code "deployment"} object of
 * the environment in {@code cdk.json}.
 *
 * @param strategy how traffic moves from the old revision to the new one
 * @param stepPercent share of production traffic each step moves: the canary's share, or each
 *     linear step; only for {@code CANARY} (1..99) and {@code LINEAR} (3..99)
 * @param bakeMinutes how long each traffic step is watched by the alarms before the next, and how
 *     long the old revision is kept running after all traffic has moved (0..1440); not for {@code
 *     ROLLING}
 */
public record DeploymentSettings(
    Strategy strategy, Optional<Integer> stepPercent, Optional<Integer> bakeMinutes) {

  /** The longest bake ECS accepts: 24 hours. */
  static final int MAX_BAKE_MINUTES = 1440;

  /** ECS's built-in deployment strategies. */
  public enum Strategy {
    /** Tasks are replaced in place, behind the one target group; fast, no test before traffic. */
    ROLLING,
    /** {@code stepPercent} of production traffic first, then all of it after the bake. */
    CANARY,
    /** Production traffic moves in equal steps of {@code stepPercent}, a bake between steps. */
    LINEAR,
    /** All production traffic moves at once after the new revision passed the test traffic. */
    BLUE_GREEN;

    /**
     * Whether the strategy runs the new revision beside the old one behind a second target group,
     * with a test of it before production traffic reaches it.
     */
    public boolean shiftsTraffic() {
      return this != ROLLING;
    }

    static Strategy of(String value) {
      try {
        return valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "deployment strategy must be one of " + Arrays.toString(values()) + ": " + value, e);
      }
    }
  }

  public DeploymentSettings {
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(stepPercent, "stepPercent");
    Objects.requireNonNull(bakeMinutes, "bakeMinutes");
    switch (strategy) {
      case ROLLING -> {
        require(
            stepPercent.isEmpty(),
            "deployment.stepPercent does nothing for ROLLING: remove it or choose CANARY or LINEAR");
        require(
            bakeMinutes.isEmpty(),
            "deployment.bakeMinutes does nothing for ROLLING: remove it or choose a strategy that"
                + " shifts traffic");
      }
      case CANARY -> requireStep(strategy, stepPercent, 1);
      case LINEAR -> requireStep(strategy, stepPercent, 3);
      case BLUE_GREEN ->
          require(
              stepPercent.isEmpty(),
              "deployment.stepPercent does nothing for BLUE_GREEN, which moves all traffic at"
                  + " once: remove it or choose CANARY or LINEAR");
    }
    if (strategy.shiftsTraffic()) {
      int bake =
          bakeMinutes.orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "deployment.bakeMinutes is required for " + strategy));
      require(
          bake >= 0 && bake <= MAX_BAKE_MINUTES,
          "deployment.bakeMinutes must be 0.." + MAX_BAKE_MINUTES + ": " + bake);
    }
    // Refuses steps and bakes whose failed deployment would outlast a CodeBuild build.
    deployTimeout(strategy, stepPercent, bakeMinutes);
  }

  /** How long a deploy of this strategy may run, and may wait for an earlier one. */
  public DeployTimeout deployTimeout() {
    return deployTimeout(strategy, stepPercent, bakeMinutes);
  }

  private static DeployTimeout deployTimeout(
      Strategy strategy, Optional<Integer> stepPercent, Optional<Integer> bakeMinutes) {
    return new DeployTimeout(strategy, stepPercent, bakeMinutes);
  }

  /** A rolling update: today's deployment, no settings. */
  public static DeploymentSettings rolling() {
    return new DeploymentSettings(Strategy.ROLLING, Optional.empty(), Optional.empty());
  }

  /**
   * Reads the {@code "deployment"} object of an environment.
   *
   * @throws IllegalArgumentException when it is missing or a value is invalid
   */
  public static DeploymentSettings fromContext(Object deployment) {
    if (!(deployment instanceof Map<?, ?> values)) {
      throw new IllegalArgumentException(
          "setting 'deployment' must be an object such as {\"strategy\": \"ROLLING\"}: "
              + deployment);
    }
    Object strategy = values.get("strategy");
    if (strategy == null) {
      throw new IllegalArgumentException("setting 'deployment.strategy' is missing");
    }
    return new DeploymentSettings(
        Strategy.of(String.valueOf(strategy)),
        optionalInteger(values, "stepPercent"),
        optionalInteger(values, "bakeMinutes"));
  }

  private static Optional<Integer> optionalInteger(Map<?, ?> values, String key) {
    Object value = values.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
      return Optional.of(number.intValue());
    }
    throw new IllegalArgumentException(
        "setting 'deployment." + key + "' must be a whole number: " + value);
  }

  private static void requireStep(Strategy strategy, Optional<Integer> step, int min) {
    int percent =
        step.orElseThrow(
            () ->
                new IllegalArgumentException("deployment.stepPercent is required for " + strategy));
    require(
        percent >= min && percent <= 99,
        "deployment.stepPercent must be "
            + min
            + "..99 for "
            + strategy
            + " (100 moves everything at once: that is BLUE_GREEN): "
            + percent);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
