package io.clockmirror.metrics;

import java.time.Duration;

/**
 * What the EMF lines are written with, validated when the service starts.
 *
 * @param enabled whether the lines are written at all
 * @param interval how much traffic one line sums up; intervals start at multiples of it on the wall
 *     clock, so at 60 s each line is one CloudWatch minute
 * @param environment the value of the {@code Environment} dimension
 */
record EmfSettings(boolean enabled, Duration interval, String environment) {

  /** CloudWatch's limit on a dimension value. */
  static final int MAX_DIMENSION_VALUE = 1024;

  static final Duration MIN_INTERVAL = Duration.ofMillis(100);

  EmfSettings {
    if (interval.compareTo(MIN_INTERVAL) < 0) {
      throw new IllegalArgumentException(
          "clockmirror.metrics.emf.interval is " + interval + ": at least " + MIN_INTERVAL);
    }
    if (!validDimensionValue(environment)) {
      throw new IllegalArgumentException(
          "clockmirror.metrics.environment must be 1 to "
              + MAX_DIMENSION_VALUE
              + " printable ASCII characters, not all spaces: ["
              + environment
              + "]");
    }
  }

  /** CloudWatch dimension values: ASCII without control characters, at least one non-space. */
  static boolean validDimensionValue(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_DIMENSION_VALUE) {
      return false;
    }
    boolean visible = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
      visible |= c != ' ';
    }
    return visible;
  }
}
