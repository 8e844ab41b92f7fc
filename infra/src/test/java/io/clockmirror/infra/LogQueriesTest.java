package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clockmirror.infra.constructs.LogQueries;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/** The saved Logs Insights queries of the service's log group. */
class LogQueriesTest {

  /**
   * A log record with an exception exactly as the service's JSON logging writes it: made with
   * Quarkus' own {@code io.quarkus.logging.json.runtime.JsonFormatter} (quarkus-logging-json
   * 3.33.2, exception output "detailed", the default) for {@code LOG.error("Request failed", e)}.
   */
  private static final String ERROR_LINE =
      "{\"timestamp\":\"2026-12-02T00:02:32.26653058Z\",\"sequence\":0,"
          + "\"loggerClassName\":\"org.jboss.logging.Logger\","
          + "\"loggerName\":\"io.clockmirror.web.WebRoutes\",\"level\":\"ERROR\","
          + "\"message\":\"Request failed\",\"threadName\":\"main\",\"threadId\":3,\"mdc\":{},"
          + "\"ndc\":\"\",\"hostName\":\"vm\",\"processName\":\"java\",\"processId\":13588,"
          + "\"exception\":{\"refId\":1,\"exceptionType\":\"java.lang.IllegalStateException\","
          + "\"message\":\"boom\",\"frames\":[{\"class\":\"LogProbe\",\"method\":\"main\","
          + "\"line\":11}]}}";

  /**
   * A metric line in the service's EMF format: {@code Latency} holds up to 100 samples, {@code
   * LatencyHistogram} the non-empty buckets in ascending order with their counts.
   */
  private static final String METRIC_LINE =
      "{\"_aws\":{\"Timestamp\":1764633600000,\"CloudWatchMetrics\":[{\"Namespace\":"
          + "\"clockmirror\",\"Dimensions\":[[\"Environment\",\"Outcome\"]],\"Metrics\":["
          + "{\"Name\":\"Requests\",\"Unit\":\"Count\",\"StorageResolution\":60},"
          + "{\"Name\":\"Latency\",\"Unit\":\"Milliseconds\",\"StorageResolution\":60}]}]},"
          + "\"Environment\":\"dev\",\"Outcome\":\"2xx\",\"Requests\":4,"
          + "\"Latency\":[0.595,0.595,1.19,27.6],"
          + "\"LatencyHistogram\":{\"Values\":[0.595,1.19,27.6],\"Counts\":[2,1,1]}}";

  private static final Template DEV = AppTemplate.rolling();

  @Test
  void threeQueriesAreSavedForTheServiceLogGroupUnderTheEnvironmentsFolder() {
    String logGroup = "AppLogs2EC8A6C6";
    for (String name : List.of("errors", "slowest-intervals", "requests-by-status")) {
      DEV.hasResourceProperties(
          "AWS::Logs::QueryDefinition",
          Map.of(
              "Name", "dev-clockmirror/" + name,
              "QueryString", LogQueries.QUERIES.get(name),
              "LogGroupNames", List.of(Map.of("Ref", logGroup))));
    }
    DEV.resourceCountIs("AWS::Logs::QueryDefinition", 3);
    assertThat(
            AppTemplate.properties(DEV.findResources("AWS::Logs::LogGroup").get(logGroup))
                .get("LogGroupName"))
        .isEqualTo("/ecs/dev-clockmirror");
  }

  @Test
  void theErrorsQueryReadsFieldsTheServiceWrites() throws Exception {
    String query = LogQueries.QUERIES.get("errors");
    Map<?, ?> line = new ObjectMapper().readValue(ERROR_LINE, Map.class);

    assertThat(query).contains("filter level in [\"ERROR\"");
    for (String field : fields(query)) {
      Object value = line;
      for (String part : field.split("\\.", -1)) {
        assertThat(value).as("field %s of the log line", field).isInstanceOf(Map.class);
        value = ((Map<?, ?>) value).get(part);
      }
      assertThat(value).as("field %s of the log line", field).isNotNull();
    }
  }

  @Test
  void theRequestQueriesReadTheServicesMetricLinesByTheirContractNames() {
    assertThat(LogQueries.QUERIES.get("requests-by-status"))
        .contains("filter ispresent(Outcome) and ispresent(Requests)")
        .contains("stats sum(Requests) as requests by Outcome, bin(5m)");
    assertThat(LogQueries.QUERIES.get("slowest-intervals"))
        .contains("filter ispresent(Outcome) and ispresent(Requests)")
        .contains("stats max(slowestMs) as slowestMs, sum(Requests) as requests")
        .contains("sort slowestMs desc");
  }

  @Test
  void theSlowestIntervalsQueryTakesTheLastBucketOfTheLatencyHistogram() {
    Matcher parse =
        Pattern.compile("^\\| parse @message /(.*)/$", Pattern.MULTILINE)
            .matcher(LogQueries.QUERIES.get("slowest-intervals"));
    assertThat(parse.find()).isTrue();
    Pattern histogram = Pattern.compile(parse.group(1));

    assertThat(slowest(histogram, METRIC_LINE)).isEqualTo("27.6");
    assertThat(slowest(histogram, METRIC_LINE.replace("[0.595,1.19,27.6]", "[3.36]")))
        .isEqualTo("3.36");
  }

  private static String slowest(Pattern histogram, String line) {
    Matcher found = histogram.matcher(line);
    assertThat(found.find()).as(line).isTrue();
    return found.group("slowestMs");
  }

  /** The fields a query's {@code fields} command names, without CloudWatch's own {@code @...}. */
  private static List<String> fields(String query) {
    Matcher fields = Pattern.compile("^fields (.*)$", Pattern.MULTILINE).matcher(query);
    assertThat(fields.find()).isTrue();
    return Pattern.compile(",\\s*")
        .splitAsStream(fields.group(1))
        .map(String::strip)
        .filter(field -> !field.startsWith("@"))
        .toList();
  }
}
