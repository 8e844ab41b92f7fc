package io.clockmirror.metrics;

/**
 * The {@code Outcome} dimension: the class of the status the service answered with. There are three
 * values only, so that the metric names a dashboard or alarm uses are fixed; statuses below 400
 * (the two redirects to the documentation and the mirror page among them) count as {@code 2xx},
 * answered without error.
 */
public enum Outcome {
  SUCCESS("2xx"),
  CLIENT_ERROR("4xx"),
  SERVER_ERROR("5xx");

  private final String dimension;

  Outcome(String dimension) {
    this.dimension = dimension;
  }

  /** The value of the {@code Outcome} dimension. */
  public String dimension() {
    return dimension;
  }

  /** The outcome of an answer with this HTTP status. */
  public static Outcome of(int status) {
    if (status >= 500) {
      return SERVER_ERROR;
    }
    return status >= 400 ? CLIENT_ERROR : SUCCESS;
  }
}
