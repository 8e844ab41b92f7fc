package io.clockmirror.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one log line as a CloudWatch embedded metric format document and fails, naming the rule,
 * when it breaks the specification
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html),
 * then checks the service's own contract on top: namespace, dimension set, metric names and units.
 * Where the specification changed over time the stricter rule is checked (9 dimension keys per set,
 * 256 KB per event).
 */
final class EmfSpec {

  /** A document that passed, with the values the service's contract defines. */
  record Document(
      long timestamp,
      String environment,
      String outcome,
      long requests,
      List<Double> latency,
      List<Double> histogramValues,
      List<Long> histogramCounts) {}

  static final Set<String> UNITS =
      Set.of(
          "Seconds",
          "Microseconds",
          "Milliseconds",
          "Bytes",
          "Kilobytes",
          "Megabytes",
          "Gigabytes",
          "Terabytes",
          "Bits",
          "Kilobits",
          "Megabits",
          "Gigabits",
          "Terabits",
          "Percent",
          "Count",
          "Bytes/Second",
          "Kilobytes/Second",
          "Megabytes/Second",
          "Gigabytes/Second",
          "Terabytes/Second",
          "Bits/Second",
          "Kilobits/Second",
          "Megabits/Second",
          "Gigabits/Second",
          "Terabits/Second",
          "Count/Second",
          "None");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private EmfSpec() {}

  /** True when the line claims to be an EMF document (a JSON object with an "_aws" member). */
  static boolean isEmf(String line) {
    return line.startsWith("{\"_aws\":");
  }

  static Document parse(String line) {
    check(
        line.getBytes(StandardCharsets.UTF_8).length <= 256 * 1024, "a document is at most 256 KB");
    JsonNode root;
    try {
      root = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new AssertionError(
          "the log event must be one JSON object with nothing before or after it: " + line, e);
    }
    check(root.isObject(), "the root node is an object");
    JsonNode aws = root.get("_aws");
    check(aws != null && aws.isObject(), "the root node has the metadata object _aws");
    onlyMembers(aws, Set.of("Timestamp", "CloudWatchMetrics"), "_aws");
    JsonNode timestamp = aws.get("Timestamp");
    check(
        timestamp != null && timestamp.isIntegralNumber() && timestamp.asLong() > 0,
        "_aws.Timestamp is a number of milliseconds since the epoch");
    JsonNode directives = aws.get("CloudWatchMetrics");
    check(
        directives != null && directives.isArray() && !directives.isEmpty(),
        "_aws.CloudWatchMetrics is an array of metric directives");
    Set<String> metricNames = new HashSet<>();
    for (JsonNode directive : directives) {
      checkDirective(root, directive, metricNames);
    }
    return contract(root, directives, timestamp.asLong());
  }

  private static void checkDirective(JsonNode root, JsonNode directive, Set<String> metricNames) {
    check(directive.isObject(), "a metric directive is an object");
    onlyMembers(directive, Set.of("Namespace", "Dimensions", "Metrics"), "MetricDirective");
    JsonNode namespace = directive.get("Namespace");
    check(
        namespace != null && namespace.isTextual() && lengthBetween(namespace.asText(), 1, 255),
        "Namespace is a string of 1 to 255 characters");
    JsonNode dimensions = directive.get("Dimensions");
    check(
        dimensions != null && dimensions.isArray() && !dimensions.isEmpty(),
        "Dimensions is an array of dimension sets");
    for (JsonNode set : dimensions) {
      check(set.isArray() && set.size() <= 9, "a dimension set is an array of at most 9 keys");
      for (JsonNode key : set) {
        check(
            key.isTextual() && lengthBetween(key.asText(), 1, 255),
            "a dimension key is a string of 1 to 255 characters");
        JsonNode target = root.get(key.asText());
        check(
            target != null && target.isTextual(),
            "dimension " + key + " is a member of the root node with a string value");
        check(
            EmfSettings.validDimensionValue(target.asText()),
            "dimension value " + target + " is 1 to 1024 ASCII characters");
      }
    }
    JsonNode metrics = directive.get("Metrics");
    check(
        metrics != null && metrics.isArray() && !metrics.isEmpty() && metrics.size() <= 100,
        "Metrics is an array of 1 to 100 metric definitions");
    for (JsonNode definition : metrics) {
      check(definition.isObject(), "a metric definition is an object");
      onlyMembers(definition, Set.of("Name", "Unit", "StorageResolution"), "MetricDefinition");
      JsonNode name = definition.get("Name");
      check(
          name != null && name.isTextual() && lengthBetween(name.asText(), 1, 255),
          "a metric definition's Name is a string of 1 to 255 characters");
      check(metricNames.add(name.asText()), "metric " + name + " is defined once");
      JsonNode unit = definition.get("Unit");
      check(
          unit == null || (unit.isTextual() && UNITS.contains(unit.asText())),
          "Unit " + unit + " is a CloudWatch unit");
      JsonNode resolution = definition.get("StorageResolution");
      check(
          resolution == null
              || (resolution.isInt() && (resolution.asInt() == 1 || resolution.asInt() == 60)),
          "StorageResolution is 1 or 60");
      JsonNode target = root.get(name.asText());
      check(target != null, "metric " + name + " is a member of the root node");
      if (target.isArray()) {
        check(
            !target.isEmpty() && target.size() <= 100,
            "metric " + name + " has 1 to 100 values, not " + target.size());
        for (JsonNode value : target) {
          check(value.isNumber(), "every value of metric " + name + " is a number");
        }
      } else {
        check(target.isNumber(), "metric " + name + " is a number or an array of numbers");
      }
    }
  }

  /** What this service promises on top of the specification (contract C3). */
  private static Document contract(JsonNode root, JsonNode directives, long timestamp) {
    check(directives.size() == 1, "one metric directive");
    JsonNode directive = directives.get(0);
    check(EmfLine.NAMESPACE.equals(directive.get("Namespace").asText()), "namespace clockmirror");
    check(
        directive.get("Dimensions").toString().equals("[[\"Environment\",\"Outcome\"]]"),
        "the one dimension set is [Environment, Outcome]");
    check(
        directive
            .get("Metrics")
            .toString()
            .equals(
                "[{\"Name\":\"Requests\",\"Unit\":\"Count\",\"StorageResolution\":60},"
                    + "{\"Name\":\"Latency\",\"Unit\":\"Milliseconds\",\"StorageResolution\":60}]"),
        "metrics Requests (Count) and Latency (Milliseconds)");
    String outcome = root.get("Outcome").asText();
    check(Set.of("2xx", "4xx", "5xx").contains(outcome), "Outcome is 2xx, 4xx or 5xx");
    JsonNode requests = root.get("Requests");
    check(
        requests.isIntegralNumber() && requests.asLong() > 0,
        "Requests is a positive whole number");
    JsonNode latency = root.get("Latency");
    check(latency.isArray(), "Latency is an array of values");
    JsonNode histogram = root.get("LatencyHistogram");
    check(histogram != null && histogram.isObject(), "LatencyHistogram is an object");
    List<Double> values = new ArrayList<>();
    histogram.get("Values").forEach(v -> values.add(v.asDouble()));
    List<Long> counts = new ArrayList<>();
    histogram.get("Counts").forEach(c -> counts.add(c.asLong()));
    check(values.size() == counts.size(), "LatencyHistogram has a count for every value");
    List<Double> samples = new ArrayList<>();
    latency.forEach(v -> samples.add(v.asDouble()));
    return new Document(
        timestamp,
        root.get("Environment").asText(),
        outcome,
        requests.asLong(),
        samples,
        values,
        counts);
  }

  private static void onlyMembers(JsonNode object, Set<String> allowed, String what) {
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      String name = fields.next().getKey();
      check(allowed.contains(name), what + " must not contain the member " + name);
    }
  }

  private static boolean lengthBetween(String text, int min, int max) {
    return text.length() >= min && text.length() <= max;
  }

  private static void check(boolean condition, String rule) {
    if (!condition) {
      throw new AssertionError("EMF: " + rule);
    }
  }
}
