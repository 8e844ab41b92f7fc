package io.clockmirror.infra.cost;

/**
 * What the cost model takes from measurements and estimates rather than from a template, by its key
 * in {@code cost/assumptions.json}.
 */
public enum Assumption {
  REQUEST_BYTES("requestBytes"),
  RESPONSE_BYTES("responseBytes"),
  REQUESTS_PER_NEW_CONNECTION("requestsPerNewConnection"),
  CONNECTION_SECONDS("connectionSeconds"),
  TASK_REQUESTS_PER_SECOND_AT_FULL_CPU("taskRequestsPerSecondAtFullCpu"),
  IMAGE_COMPRESSED_MB("imageCompressedMb"),
  EMF_METRICS("emfMetrics"),
  EMF_LINES_PER_TASK_MINUTE("emfLinesPerTaskMinute"),
  EMF_LINE_BYTES("emfLineBytes"),
  CONTAINER_INSIGHTS_METRICS_PER_CLUSTER("containerInsightsMetricsPerCluster"),
  CONTAINER_INSIGHTS_METRICS_PER_SERVICE("containerInsightsMetricsPerService"),
  CONTAINER_INSIGHTS_RESOURCE_METRICS("containerInsightsResourceMetrics"),
  CONTAINER_INSIGHTS_EVENT_BYTES_PER_TASK_MINUTE("containerInsightsEventBytesPerTaskMinute"),
  ACCESS_LOG_BYTES_PER_REQUEST("accessLogBytesPerRequest"),
  FLOW_LOG_BYTES_PER_HEALTH_CHECK("flowLogBytesPerHealthCheck");

  private final String key;

  Assumption(String key) {
    this.key = key;
  }

  /** The key in the assumptions file. */
  public String key() {
    return key;
  }
}
