package io.clockmirror.metrics;

/**
 * Writes one interval of one outcome as a CloudWatch embedded metric format document on one line.
 *
 * <p>{@code Requests} is the number of answers. {@code Latency} is an array of at most {@value
 * #MAX_VALUES} values, the most EMF allows for one metric in one document; the specification has no
 * counts to weight them with, so each value stands for the same share of the interval's answers:
 * with N answers, value k (of S = min(N, {@value #MAX_VALUES})) is the latency bucket of the answer
 * at rank (2k + 1)·N / 2S. Up to {@value #MAX_VALUES} answers that is every answer; above, an even
 * sample by rank, so CloudWatch's percentiles over the values are the interval's percentiles to
 * within half a percentile rank and the bucket width. {@code LatencyHistogram} (not a metric) keeps
 * the exact count of every non-empty bucket for Logs Insights.
 */
final class EmfLine {

  static final String NAMESPACE = "clockmirror";
  static final String REQUESTS = "Requests";
  static final String LATENCY = "Latency";
  static final String HISTOGRAM = "LatencyHistogram";

  /** EMF: a numeric array metric target has at most 100 members. */
  static final int MAX_VALUES = 100;

  /** Standard resolution (one value per minute): the interval is a minute by default. */
  static final int STORAGE_RESOLUTION = 60;

  private EmfLine() {}

  /**
   * The document for one outcome's buckets, or null when the interval had no answer of it.
   *
   * @param timestampMillis start of the interval, milliseconds since the epoch
   */
  static String of(String environment, Outcome outcome, long timestampMillis, long[] buckets) {
    long total = 0;
    for (long count : buckets) {
      total += count;
    }
    if (total == 0) {
      return null;
    }
    StringBuilder json = new StringBuilder(1_024);
    json.append("{\"_aws\":{\"Timestamp\":")
        .append(timestampMillis)
        .append(",\"CloudWatchMetrics\":[{\"Namespace\":\"")
        .append(NAMESPACE)
        .append("\",\"Dimensions\":[[\"Environment\",\"Outcome\"]],\"Metrics\":[")
        .append(definition(REQUESTS, "Count"))
        .append(',')
        .append(definition(LATENCY, "Milliseconds"))
        .append("]}]},\"Environment\":\"");
    appendEscaped(json, environment);
    json.append("\",\"Outcome\":\"")
        .append(outcome.dimension())
        .append("\",\"")
        .append(REQUESTS)
        .append("\":")
        .append(total)
        .append(",\"")
        .append(LATENCY)
        .append("\":[");
    appendSamples(json, buckets, total);
    json.append("],\"").append(HISTOGRAM).append("\":{\"Values\":[");
    boolean first = true;
    for (int i = 0; i < buckets.length; i++) {
      if (buckets[i] > 0) {
        json.append(first ? "" : ",").append(LatencyBuckets.millisOf(i));
        first = false;
      }
    }
    json.append("],\"Counts\":[");
    first = true;
    for (long count : buckets) {
      if (count > 0) {
        json.append(first ? "" : ",").append(count);
        first = false;
      }
    }
    return json.append("]}}").toString();
  }

  private static String definition(String name, String unit) {
    return "{\"Name\":\""
        + name
        + "\",\"Unit\":\""
        + unit
        + "\",\"StorageResolution\":"
        + STORAGE_RESOLUTION
        + "}";
  }

  private static void appendSamples(StringBuilder json, long[] buckets, long total) {
    long samples = Math.min(total, MAX_VALUES);
    int bucket = 0;
    long below = 0; // answers in the buckets before `bucket`
    for (long k = 0; k < samples; k++) {
      long rank = (2 * k + 1) * total / (2 * samples);
      while (below + buckets[bucket] <= rank) {
        below += buckets[bucket];
        bucket++;
      }
      json.append(k == 0 ? "" : ",").append(LatencyBuckets.millisOf(bucket));
    }
  }

  /** JSON string escaping; the environment is validated as printable ASCII already. */
  private static void appendEscaped(StringBuilder json, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        json.append('\\');
      }
      json.append(c);
    }
  }
}
