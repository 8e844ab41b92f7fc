package io.clockmirror.infra.constructs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeElb;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget;
import software.constructs.Construct;

/**
 * The alarms that roll an ECS deployment back: 5xx rate, p99 latency and unhealthy targets behind a
 * {@link PublicLoadBalancer}. They watch the service outside deployments too.
 *
 * <p>Behind two target groups (blue/green, canary, linear) each alarm reads both, so it sees the
 * new revision's errors whichever group serves it.
 *
 * <p>Fixed defaults: one-minute periods; the rate and latency alarms fire on 2 of 3 breaching
 * minutes, the unhealthy-target alarm on 2 of 2; missing data counts as not breaching, so an idle
 * service stays quiet.
 */
public final class DeploymentAlarms extends Construct {

  /**
   * What the alarms need to know.
   *
   * @param alarmName name of each alarm from its short name ({@code 5xx-rate}, {@code p99-latency},
   *     {@code unhealthy-hosts})
   * @param loadBalancer the load balancer whose requests and targets are watched
   * @param max5xxPercent share of requests answered with 5xx above which the error alarm fires
   * @param p99LatencyMillis p99 target response time above which the latency alarm fires
   * @param targetGroups the groups serving production traffic: with two (blue/green, canary,
   *     linear), the new revision runs behind either, so every target metric is watched in both
   */
  public record Props(
      Function<String, String> alarmName,
      PublicLoadBalancer loadBalancer,
      int max5xxPercent,
      int p99LatencyMillis,
      ServingTargetGroups targetGroups) {

    public Props {
      Objects.requireNonNull(alarmName, "alarmName");
      Objects.requireNonNull(loadBalancer, "loadBalancer");
      Objects.requireNonNull(targetGroups, "targetGroups");
      if (max5xxPercent < 1 || max5xxPercent > 100) {
        throw new IllegalArgumentException("max5xxPercent must be 1..100: " + max5xxPercent);
      }
      if (p99LatencyMillis < 1) {
        throw new IllegalArgumentException(
            "p99LatencyMillis must be positive: " + p99LatencyMillis);
      }
    }
  }

  private final Alarm errorRate;
  private final Alarm latency;
  private final Alarm unhealthyHosts;

  public DeploymentAlarms(Construct scope, String id, Props props) {
    super(scope, id);
    ServingTargetGroups groups = props.targetGroups();
    var balancer = props.loadBalancer().loadBalancer().getMetrics();
    MetricOptions sumPerMinute =
        MetricOptions.builder().statistic("Sum").period(Duration.minutes(1)).build();
    // In a fixed order: an unordered map would list the metrics differently on each synthesis.
    Map<String, IMetric> metrics = new LinkedHashMap<>();
    groups
        .byId(group -> group.httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, sumPerMinute))
        .forEach((group, metric) -> metrics.put(group + "5xx", metric));
    metrics.put("elb5xx", balancer.httpCodeElb(HttpCodeElb.ELB_5XX_COUNT, sumPerMinute));
    metrics.put("requests", balancer.requestCount(sumPerMinute));
    String target5xx =
        groups.alternate().isPresent()
            ? "FILL(primary5xx, 0) + FILL(alternate5xx, 0)"
            : "FILL(primary5xx, 0)";
    MathExpression rate =
        MathExpression.Builder.create()
            .label("5xx responses, % of requests")
            .expression(
                "IF(requests > 0, 100 * (" + target5xx + " + FILL(elb5xx, 0)) / requests, 0)")
            .usingMetrics(metrics)
            .period(Duration.minutes(1))
            .build();
    errorRate =
        Alarm.Builder.create(this, "ErrorRateAlarm")
            .alarmName(props.alarmName().apply("5xx-rate"))
            .alarmDescription(
                "More than " + props.max5xxPercent() + " % of requests answered with 5xx")
            .metric(rate)
            .threshold(props.max5xxPercent())
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(3)
            .datapointsToAlarm(2)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build();
    latency =
        Alarm.Builder.create(this, "LatencyAlarm")
            .alarmName(props.alarmName().apply("p99-latency"))
            .alarmDescription("p99 target response time above " + props.p99LatencyMillis() + " ms")
            .metric(
                groups.worst(
                    group -> group.targetResponseTime(perMinute("p99")),
                    "p99 target response time, slower target group"))
            .threshold(props.p99LatencyMillis() / 1000.0)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(3)
            .datapointsToAlarm(2)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build();
    unhealthyHosts =
        Alarm.Builder.create(this, "UnhealthyHostsAlarm")
            .alarmName(props.alarmName().apply("unhealthy-hosts"))
            .alarmDescription("A task fails the load balancer's readiness check")
            .metric(
                groups.worst(
                    group -> group.unhealthyHostCount(perMinute("Maximum")),
                    "Unhealthy targets, either target group"))
            .threshold(1)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
            .evaluationPeriods(2)
            .datapointsToAlarm(2)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build();
  }

  private static MetricOptions perMinute(String statistic) {
    return MetricOptions.builder().statistic(statistic).period(Duration.minutes(1)).build();
  }

  public Alarm errorRate() {
    return errorRate;
  }

  public Alarm latency() {
    return latency;
  }

  public Alarm unhealthyHosts() {
    return unhealthyHosts;
  }

  /** Every alarm, in the order the service's deployment configuration lists them. */
  public List<Alarm> all() {
    return List.of(errorRate, latency, unhealthyHosts);
  }
}
