package io.clockmirror.infra.constructs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awscdk.services.logs.CfnQueryDefinition;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.constructs.Construct;

/**
 * Saved CloudWatch Logs Insights queries over the service's log group, for the questions an
 * operator asks first. A saved query has no time range of its own: the console runs it over the
 * range picked there (the last hour unless changed).
 *
 * <p>The service writes two kinds of JSON lines: its log records (Quarkus JSON logging: {@code
 * timestamp}, {@code level}, {@code loggerName}, {@code message}, {@code exception.exceptionType},
 * {@code exception.message}, ...) and, with EMF on, one metrics line per interval and outcome
 * ({@code Environment}, {@code Outcome}, {@code Requests}, {@code Latency}, {@code
 * LatencyHistogram}). There is no line per request, so the request questions are answered per
 * interval.
 */
public final class LogQueries extends Construct {

  /** The query strings by short name. */
  public static final Map<String, String> QUERIES = queries();

  private static Map<String, String> queries() {
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put(
        "errors",
        """
        fields @timestamp, level, loggerName, message, exception.exceptionType, \
        exception.message, @logStream
        | filter level in ["ERROR", "FATAL", "SEVERE"]
        | sort @timestamp desc
        | limit 200""");
    // The metric line's LatencyHistogram lists the non-empty latency buckets in ascending order,
    // so its last value is the slowest answer's bucket in that interval.
    queries.put(
        "slowest-intervals",
        """
        filter ispresent(Outcome) and ispresent(Requests)
        | parse @message /"LatencyHistogram":\\{"Values":\\[([^\\]]*,)?(?<slowestMs>[^,\\]]+)\\]/
        | stats max(slowestMs) as slowestMs, sum(Requests) as requests \
        by bin(1m) as minute, Outcome, @logStream
        | sort slowestMs desc
        | limit 50""");
    queries.put(
        "requests-by-status",
        """
        filter ispresent(Outcome) and ispresent(Requests)
        | stats sum(Requests) as requests by Outcome, bin(5m) as interval
        | sort interval desc, Outcome asc""");
    return Map.copyOf(queries);
  }

  /**
   * What the queries need to know.
   *
   * @param queryName the saved name of each query from its short name
   * @param logGroup the service's log group
   */
  public record Props(Function<String, String> queryName, ILogGroup logGroup) {

    public Props {
      Objects.requireNonNull(queryName, "queryName");
      Objects.requireNonNull(logGroup, "logGroup");
    }
  }

  private final List<CfnQueryDefinition> definitions;

  public LogQueries(Construct scope, String id, Props props) {
    super(scope, id);
    definitions =
        List.of("errors", "slowest-intervals", "requests-by-status").stream()
            .map(
                name ->
                    CfnQueryDefinition.Builder.create(this, name)
                        .name(props.queryName().apply(name))
                        .queryString(QUERIES.get(name))
                        .logGroupNames(List.of(props.logGroup().getLogGroupName()))
                        .build())
            .toList();
  }

  public List<CfnQueryDefinition> definitions() {
    return definitions;
  }
}
