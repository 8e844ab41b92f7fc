package io.clockmirror.infra;

import java.util.Arrays;

/**
 * The settings an environment may read from SSM Parameter Store at deploy time. Each is a number
 * that CloudFormation resolves while deploying, so synthesis needs no AWS account.
 */
public enum SsmOverridable {
  MIN_CAPACITY("minCapacity"),
  MAX_CAPACITY("maxCapacity"),
  CPU_TARGET_PERCENT("cpuTargetPercent"),
  REQUESTS_PER_TARGET("requestsPerTarget");

  private final String key;

  SsmOverridable(String key) {
    this.key = key;
  }

  /** The setting's name in {@code cdk.json} and the last segment of its SSM parameter name. */
  public String key() {
    return key;
  }

  static SsmOverridable ofKey(String key) {
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
