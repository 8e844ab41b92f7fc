package io.clockmirror.infra.constructs;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.ecs.ContainerDefinition;

/**
 * Whether the service writes its own metrics to CloudWatch, and the names it writes them under.
 *
 * <p>With {@link #EMF} the service prints CloudWatch embedded-metric-format lines to stdout, once
 * per interval and outcome; the container's log driver carries them to CloudWatch Logs, which turns
 * them into metrics in namespace {@value #NAMESPACE} with dimensions {@code Environment} and {@code
 * Outcome}. No agent and no extra permission is needed.
 */
public enum ServiceMetrics {
  /** The service writes EMF lines; the dashboard shows its request and latency metrics. */
  EMF,
  /** The service writes none; only load balancer and ECS metrics exist. */
  NONE;

  public static final String NAMESPACE = "clockmirror";
  public static final String REQUESTS = "Requests";
  public static final String LATENCY = "Latency";

  /** The {@code Outcome} dimension's values: the class of the status the service answered. */
  public static final List<String> OUTCOMES = List.of("2xx", "4xx", "5xx");

  /**
   * The service's environment variables that switch its metrics on or off and name the environment
   * they are reported for.
   */
  public Map<String, String> environment(String environmentName) {
    Objects.requireNonNull(environmentName, "environmentName");
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("CLOCKMIRROR_METRICS_EMF_ENABLED", String.valueOf(this == EMF));
    variables.put("CLOCKMIRROR_METRICS_ENVIRONMENT", environmentName);
    return variables;
  }

  /** Sets {@link #environment} on the service's container. */
  public void configure(ContainerDefinition container, String environmentName) {
    environment(environmentName).forEach(container::addEnvironment);
    NagSuppressions.addResourceSuppressions(
        container.getTaskDefinition(),
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-ECS2")
                .reason(
                    "The variables are a metrics switch and the environment's name, nothing"
                        + " secret; they change with cdk.json, so a new task definition is the"
                        + " intended way to change them.")
                .build()));
  }

  /** One of the service's metrics for one outcome, per minute. */
  public static Metric metric(
      String name, String environmentName, String outcome, String statistic) {
    return Metric.Builder.create()
        .namespace(NAMESPACE)
        .metricName(name)
        .dimensionsMap(Map.of("Environment", environmentName, "Outcome", outcome))
        .statistic(statistic)
        .period(Duration.minutes(1))
        .label("Sum".equals(statistic) ? outcome : outcome + " " + statistic)
        .build();
  }
}
