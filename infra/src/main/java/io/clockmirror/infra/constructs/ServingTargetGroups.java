package io.clockmirror.infra.constructs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.IApplicationTargetGroupMetrics;

/**
 * The target groups that serve production traffic: one for a rolling update; two for blue/green,
 * canary and linear deployments, where ECS moves production traffic from one to the other on every
 * deployment, so after an odd number of deployments the alternate group is the live one. Anything
 * that watches production traffic per target group reads it through these methods, which read both
 * groups whenever there are two: summed for counts (the idle group counts 0), the worse of the two
 * for percentiles and maxima, or side by side.
 *
 * @param primary the group the service was created with
 * @param alternate the second group of a traffic-shifting deployment; empty for a rolling update
 */
public record ServingTargetGroups(
    ApplicationTargetGroup primary, Optional<ApplicationTargetGroup> alternate) {

  /** Metric-math ids of the two groups' metrics. */
  static final String PRIMARY_ID = "primary";

  static final String ALTERNATE_ID = "alternate";

  public ServingTargetGroups {
    Objects.requireNonNull(primary, "primary");
    Objects.requireNonNull(alternate, "alternate");
  }

  /** Every serving group, the primary first. */
  public List<ApplicationTargetGroup> all() {
    List<ApplicationTargetGroup> all = new ArrayList<>(List.of(primary));
    alternate.ifPresent(all::add);
    return List.copyOf(all);
  }

  /**
   * A count over the serving groups: the metric itself behind one group, the sum of both each
   * minute behind two (a group without data counts 0).
   */
  public IMetric sum(Function<IApplicationTargetGroupMetrics, Metric> metric, String label) {
    return combine(metric, "FILL(%1$s, 0) + FILL(%2$s, 0)", label);
  }

  /**
   * The worse of the serving groups each minute: the metric itself behind one group, the larger of
   * the two behind two. For percentiles, which cannot be added up, and for counts that must not
   * hide a bad group behind a good one.
   */
  public IMetric worst(Function<IApplicationTargetGroupMetrics, Metric> metric, String label) {
    return combine(metric, "MAX([FILL(%1$s, 0), FILL(%2$s, 0)])", label);
  }

  /**
   * The metric of each serving group side by side, labelled with the group behind two: for a graph
   * that shows which group carries the traffic.
   */
  public List<IMetric> each(Function<IApplicationTargetGroupMetrics, Metric> metric, String label) {
    if (alternate.isEmpty()) {
      return List.of(metric.apply(primary.getMetrics()).with(label(label)));
    }
    return List.of(
        metric.apply(primary.getMetrics()).with(label(label + " (primary group)")),
        metric.apply(alternate.get().getMetrics()).with(label(label + " (alternate group)")));
  }

  /** The metric of each serving group by its metric-math id, in a fixed order. */
  public Map<String, IMetric> byId(Function<IApplicationTargetGroupMetrics, Metric> metric) {
    Map<String, IMetric> metrics = new LinkedHashMap<>();
    metrics.put(PRIMARY_ID, metric.apply(primary.getMetrics()));
    alternate.ifPresent(group -> metrics.put(ALTERNATE_ID, metric.apply(group.getMetrics())));
    return metrics;
  }

  /**
   * {@code expression} over the metric of both groups, whose ids it names as {@code %1$s} and
   * {@code %2$s}. The ids start with the metric's name: a graph may hold several such expressions,
   * and CloudWatch refuses one id for two metrics in one graph.
   */
  private IMetric combine(
      Function<IApplicationTargetGroupMetrics, Metric> metric, String expression, String label) {
    if (alternate.isEmpty()) {
      return metric.apply(primary.getMetrics());
    }
    Map<String, IMetric> metrics = new LinkedHashMap<>();
    byId(metric).forEach((group, groupMetric) -> metrics.put(id(groupMetric, group), groupMetric));
    List<String> ids = List.copyOf(metrics.keySet());
    return MathExpression.Builder.create()
        .label(label)
        .expression(expression.formatted(ids.get(0), ids.get(1)))
        .usingMetrics(metrics)
        .period(Duration.minutes(1))
        .build();
  }

  /** A metric-math id: the metric's name in lower case, letters and digits only, then the group. */
  private static String id(IMetric metric, String group) {
    String name =
        ((Metric) metric).getMetricName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    return name + "_" + group;
  }

  private static MetricOptions label(String label) {
    return MetricOptions.builder().label(label).build();
  }
}
