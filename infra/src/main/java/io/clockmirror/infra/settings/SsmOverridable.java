package io.clockmirror.infra.settings;

import java.util.Arrays;
import java.util.Optional;

/**
 * The settings an environment may read from SSM Parameter Store at deploy time. Each becomes a
 * Number parameter of the app stack, filled by {@code buildspec/ssm-parameters.sh} from Parameter
 * Store during the deploy, so synthesis needs no AWS account and CloudFormation reads no parameter
 * the CDK bootstrap deploy role may not.
 */
public enum SsmOverridable {
  MIN_CAPACITY("minCapacity", 1, null),
  MAX_CAPACITY("maxCapacity", 1, null),
  CPU_TARGET_PERCENT("cpuTargetPercent", 10, 90),
  REQUESTS_PER_TARGET("requestsPerTarget", 1, null);

  private final String key;
  private final int minValue;
  private final Integer maxValue;

  SsmOverridable(String key, int minValue, Integer maxValue) {
    this.key = key;
    this.minValue = minValue;
    this.maxValue = maxValue;
  }

  /** The setting's name in {@code cdk.json} and the last segment of its SSM parameter name. */
  public String key() {
    return key;
  }

  /**
   * The app stack parameter that carries the value: the key with a capital first letter ({@code
   * MaxCapacity}), as {@code buildspec/ssm-parameters.sh} names it.
   */
  public String parameterName() {
    return Character.toUpperCase(key.charAt(0)) + key.substring(1);
  }

  /** Smallest value CloudFormation accepts, the same bound {@code cdk.json} values must meet. */
  public int minValue() {
    return minValue;
  }

  /** Largest value CloudFormation accepts, if the setting has one. */
  public Optional<Integer> maxValue() {
    return Optional.ofNullable(maxValue);
  }

  public static SsmOverridable ofKey(String key) {
    return Arrays.stream(values())
        .filter(setting -> setting.key.equals(key))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "'"
                        + key
                        + "' cannot be read from SSM; these can: "
                        + Arrays.stream(values()).map(SsmOverridable::key).toList()));
  }
}
