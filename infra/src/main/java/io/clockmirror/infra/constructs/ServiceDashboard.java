package io.clockmirror.infra.constructs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.HorizontalAnnotation;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.LogQueryWidget;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.YAxisProps;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeElb;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.constructs.Construct;

/**
 * One CloudWatch dashboard per environment: alarm states on top, then traffic and responses at the
 * load balancer, targets and tasks, task CPU and memory, the service's own metrics (when it writes
 * them) and the web firewall (when there is one), and the latest errors.
 */
public final class ServiceDashboard extends Construct {

  /** Dashboards are 24 columns wide. */
  static final int WIDTH = 24;

  /**
   * What the dashboard shows.
   *
   * @param dashboardName the dashboard's name
   * @param environmentName the {@code Environment} dimension of the service's own metrics
   * @param loadBalancer the load balancer in front of the service
   * @param targetGroups its groups that serve production traffic: each widget reads every one
   * @param service the ECS service
   * @param minCapacity fewest tasks scaling allows; may be a token resolved at deploy time
   * @param maxCapacity most tasks scaling allows; may be a token
   * @param serviceMetrics whether the service writes its own metrics
   * @param alarms the alarms whose states are shown
   * @param firewall the web ACL in front of the load balancer, if any
   * @param logGroup the service's log group, for the latest errors
   * @param errorsQuery the Logs Insights query that lists them
   */
  public record Props(
      String dashboardName,
      String environmentName,
      PublicLoadBalancer loadBalancer,
      ServingTargetGroups targetGroups,
      FargateService service,
      Number minCapacity,
      Number maxCapacity,
      ServiceMetrics serviceMetrics,
      List<Alarm> alarms,
      Optional<WebFirewall> firewall,
      ILogGroup logGroup,
      String errorsQuery) {

    public Props {
      Objects.requireNonNull(dashboardName, "dashboardName");
      Objects.requireNonNull(environmentName, "environmentName");
      Objects.requireNonNull(loadBalancer, "loadBalancer");
      Objects.requireNonNull(targetGroups, "targetGroups");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(minCapacity, "minCapacity");
      Objects.requireNonNull(maxCapacity, "maxCapacity");
      Objects.requireNonNull(serviceMetrics, "serviceMetrics");
      alarms = List.copyOf(Objects.requireNonNull(alarms, "alarms"));
      Objects.requireNonNull(firewall, "firewall");
      Objects.requireNonNull(logGroup, "logGroup");
      Objects.requireNonNull(errorsQuery, "errorsQuery");
    }
  }

  private final Dashboard dashboard;

  public ServiceDashboard(Construct scope, String id, Props props) {
    super(scope, id);
    dashboard =
        Dashboard.Builder.create(this, "Dashboard")
            .dashboardName(props.dashboardName())
            .defaultInterval(Duration.hours(3))
            .build();
    // aws-cdk-lib tags dashboards, but the CloudFormation resource specification cfn-lint checks
    // against has no Tags on AWS::CloudWatch::Dashboard; untagged, it deploys either way.
    ((CfnResource) dashboard.getNode().getDefaultChild()).addPropertyDeletionOverride("Tags");
    var balancer = props.loadBalancer().loadBalancer().getMetrics();
    ServingTargetGroups targets = props.targetGroups();
    FargateService service = props.service();

    dashboard.addWidgets(
        AlarmStatusWidget.Builder.create()
            .title("Alarms")
            .alarms(props.alarms().stream().<IAlarm>map(alarm -> alarm).toList())
            .width(WIDTH)
            .height(4)
            .build());
    dashboard.addWidgets(
        graph("Requests per minute", List.of(balancer.requestCount(sum("Requests")))),
        graph(
            "Responses per minute by class",
            List.of(
                targets.sum(
                    group ->
                        group.httpCodeTarget(HttpCodeTarget.TARGET_2XX_COUNT, sum("Target 2xx")),
                    "Target 2xx"),
                targets.sum(
                    group ->
                        group.httpCodeTarget(HttpCodeTarget.TARGET_4XX_COUNT, sum("Target 4xx")),
                    "Target 4xx"),
                targets.sum(
                    group ->
                        group.httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, sum("Target 5xx")),
                    "Target 5xx"),
                balancer.httpCodeElb(HttpCodeElb.ELB_4XX_COUNT, sum("Load balancer 4xx")),
                balancer.httpCodeElb(HttpCodeElb.ELB_5XX_COUNT, sum("Load balancer 5xx")))),
        graph("Target response time (s)", responseTimes(targets)));
    GraphWidget tasks =
        GraphWidget.Builder.create()
            .title("Running tasks against scaling bounds")
            .left(
                List.of(
                    OperationsAlarms.runningTasks(service).with(label("Running tasks")),
                    OperationsAlarms.desiredTasks(service).with(label("Desired tasks"))))
            .leftAnnotations(
                List.of(
                    HorizontalAnnotation.builder()
                        .label("maximum")
                        .value(props.maxCapacity())
                        .build(),
                    HorizontalAnnotation.builder()
                        .label("minimum")
                        .value(props.minCapacity())
                        .build()))
            .leftYAxis(YAxisProps.builder().min(0).build())
            .width(8)
            .height(6)
            .build();
    dashboard.addWidgets(
        graph(
            "Targets",
            concat(
                targets.each(group -> group.healthyHostCount(stat("Minimum", "")), "Healthy"),
                targets.each(group -> group.unhealthyHostCount(stat("Maximum", "")), "Unhealthy"))),
        tasks,
        graph(
            "Task CPU and memory (%)",
            List.of(
                service.metricCpuUtilization(stat("Average", "CPU")),
                service.metricMemoryUtilization(stat("Average", "Memory")))));
    dashboard.addWidgets(serviceWidgets(props).toArray(IWidget[]::new));
    props
        .firewall()
        .ifPresent(
            firewall ->
                dashboard.addWidgets(
                    GraphWidget.Builder.create()
                        .title("Web firewall: requests per 5 minutes")
                        .left(List.of(firewall.allowedRequests().with(label("Allowed"))))
                        .right(List.of(firewall.blockedRequests().with(label("Blocked"))))
                        .width(WIDTH)
                        .height(6)
                        .build()));
    dashboard.addWidgets(
        LogQueryWidget.Builder.create()
            .title("Latest errors (saved query: errors)")
            .logGroupNames(List.of(props.logGroup().getLogGroupName()))
            .queryString(props.errorsQuery())
            .width(WIDTH)
            .height(6)
            .build());
  }

  /**
   * Percentiles of each serving group side by side: they cannot be added up, and side by side they
   * show which group carries the traffic.
   */
  private static List<IMetric> responseTimes(ServingTargetGroups targets) {
    List<IMetric> metrics = new ArrayList<>();
    for (String percentile : List.of("p50", "p90", "p99")) {
      metrics.addAll(
          targets.each(group -> group.targetResponseTime(stat(percentile, "")), percentile));
    }
    return metrics;
  }

  private static List<IMetric> concat(List<IMetric> first, List<IMetric> second) {
    List<IMetric> both = new ArrayList<>(first);
    both.addAll(second);
    return both;
  }

  /** The service's own request and latency metrics, or a note that it writes none. */
  private static List<IWidget> serviceWidgets(Props props) {
    if (props.serviceMetrics() == ServiceMetrics.NONE) {
      return List.of(
          TextWidget.Builder.create()
              .markdown(
                  "**Service metrics are off** in this environment (`serviceMetrics: NONE` in"
                      + " cdk.json): only load balancer and ECS metrics are shown.")
              .width(WIDTH)
              .height(2)
              .build());
    }
    String env = props.environmentName();
    List<IMetric> requests = new ArrayList<>();
    for (String outcome : ServiceMetrics.OUTCOMES) {
      requests.add(ServiceMetrics.metric(ServiceMetrics.REQUESTS, env, outcome, "Sum"));
    }
    List<IMetric> latency = new ArrayList<>();
    for (String percentile : List.of("p50", "p90", "p99")) {
      latency.add(ServiceMetrics.metric(ServiceMetrics.LATENCY, env, "2xx", percentile));
    }
    latency.add(ServiceMetrics.metric(ServiceMetrics.LATENCY, env, "5xx", "p99"));
    return List.of(
        GraphWidget.Builder.create()
            .title("Service: requests per minute by outcome")
            .left(requests)
            .width(12)
            .height(6)
            .build(),
        GraphWidget.Builder.create()
            .title("Service: latency (ms)")
            .left(latency)
            .width(12)
            .height(6)
            .build());
  }

  private static GraphWidget graph(String title, List<IMetric> metrics) {
    return GraphWidget.Builder.create().title(title).left(metrics).width(8).height(6).build();
  }

  private static MetricOptions label(String label) {
    return MetricOptions.builder().label(label).build();
  }

  private static MetricOptions sum(String label) {
    return stat("Sum", label);
  }

  private static MetricOptions stat(String statistic, String label) {
    return MetricOptions.builder()
        .statistic(statistic)
        .period(Duration.minutes(1))
        .label(label)
        .build();
  }

  public Dashboard dashboard() {
    return dashboard;
  }
}
