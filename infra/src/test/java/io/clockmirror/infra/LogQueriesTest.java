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

  private static final Template DEV = AppTemplate.dev();

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
      for (String part : field.split("\\.")) {
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
        .contains("fields @timestamp, @logStream, Outcome, Requests, Latency")
        .contains("sort Latency desc");
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
