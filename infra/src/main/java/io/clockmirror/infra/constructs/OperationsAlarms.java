package io.clockmirror.infra.constructs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.CfnAlarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The alarms that wake someone: the {@link DeploymentAlarms} (their metrics untouched), the task
 * count held at the scaling maximum, sustained high CPU and, behind a {@link WebFirewall}, a spike
 * of blocked requests. Every one notifies the topic when it fires and when it clears, and its
 * description says what to look at first.
 */
public final class OperationsAlarms extends Construct {

  /**
   * What the alarms need to know.
   *
   * @param alarmName name of each alarm from its short name ({@code tasks-at-max}, {@code
   *     high-cpu}, {@code waf-blocked})
   * @param topic where every alarm sends its state changes
   * @param deploymentAlarms the alarms that roll deployments back; they gain the topic as action
   * @param service the ECS service whose CPU and running task count are watched
   * @param maxCapacity the scaling maximum; may be a token resolved at deploy time
   * @param taskCounts whether the cluster publishes Container Insights' task counts, which the
   *     task-count alarm reads; without them there is no such alarm
   * @param highCpuPercent average service CPU that counts as high
   * @param highCpuMinutes consecutive high minutes before the CPU alarm fires
   * @param firewall the web ACL whose blocked requests are watched; empty when there is none
   * @param blockedRequestsPer5Minutes blocked requests in 5 minutes that count as a spike
   * @param findingsRuleName the EventBridge rule that matches Amazon Inspector's CRITICAL findings
   *     for {@code imageRepository}
   * @param imageRepository the environment's image repository, which enhanced scanning covers
   */
  public record Props(
      Function<String, String> alarmName,
      ITopic topic,
      DeploymentAlarms deploymentAlarms,
      FargateService service,
      Number maxCapacity,
      boolean taskCounts,
      int highCpuPercent,
      int highCpuMinutes,
      Optional<WebFirewall> firewall,
      int blockedRequestsPer5Minutes,
      String findingsRuleName,
      String imageRepository) {

    public Props {
      Objects.requireNonNull(alarmName, "alarmName");
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(deploymentAlarms, "deploymentAlarms");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(maxCapacity, "maxCapacity");
      Objects.requireNonNull(firewall, "firewall");
      Objects.requireNonNull(findingsRuleName, "findingsRuleName");
      Objects.requireNonNull(imageRepository, "imageRepository");
      if (highCpuPercent < 1 || highCpuPercent > 100) {
        throw new IllegalArgumentException("highCpuPercent must be 1..100: " + highCpuPercent);
      }
      if (highCpuMinutes < 1 || highCpuMinutes > 1440) {
        throw new IllegalArgumentException("highCpuMinutes must be 1..1440: " + highCpuMinutes);
      }
      if (blockedRequestsPer5Minutes < 1) {
        throw new IllegalArgumentException(
            "blockedRequestsPer5Minutes must be positive: " + blockedRequestsPer5Minutes);
      }
    }
  }

  private final Optional<Alarm> tasksAtMaximum;
  private final Alarm highCpu;
  private final Optional<Alarm> blockedRequests;
  private final Alarm criticalFindings;
  private final List<Alarm> all;

  public OperationsAlarms(Construct scope, String id, Props props) {
    super(scope, id);
    DeploymentAlarms deployment = props.deploymentAlarms();
    checkFirst(
        deployment.errorRate(),
        "the saved query errors (ERROR lines of the service), then ECS service events: is a"
            + " deployment rolling out?");
    checkFirst(
        deployment.latency(),
        "CPU and running tasks on the dashboard: at the maximum, the service needs more tasks;"
            + " below it, a new revision or a slow dependency.");
    checkFirst(
        deployment.unhealthyHosts(),
        "ECS service events and the stopped tasks' stop reason, then the container log of the"
            + " failing task.");
    for (Alarm alarm : deployment.all()) {
      if (!List.of(deployment.errorRate(), deployment.latency(), deployment.unhealthyHosts())
          .contains(alarm)) {
        checkFirst(alarm, "the dashboard of this environment.");
      }
    }

    tasksAtMaximum =
        props.taskCounts()
            ? Optional.of(
                Alarm.Builder.create(this, "TasksAtMaximumAlarm")
                    .alarmName(props.alarmName().apply("tasks-at-max"))
                    .alarmDescription(
                        "Scaling has wanted the service's maximum task count for 10 minutes and cannot add"
                            + " tasks."
                            + " Check first: request rate and WAF blocked requests on the dashboard (one"
                            + " client, or real load?); for real load raise maxCapacity.")
                    // The desired count, not the running one: during a canary, linear or blue/green
                    // deployment both revisions run side by side, up to twice the desired count.
                    .metric(
                        desiredTasks(props.service())
                            .with(MetricOptions.builder().statistic("Minimum").build()))
                    .threshold(props.maxCapacity())
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                    .evaluationPeriods(10)
                    .datapointsToAlarm(10)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build())
            : Optional.empty();
    highCpu =
        Alarm.Builder.create(this, "HighCpuAlarm")
            .alarmName(props.alarmName().apply("high-cpu"))
            .alarmDescription(
                "Average service CPU above "
                    + props.highCpuPercent()
                    + " % for "
                    + props.highCpuMinutes()
                    + " minutes. Check first: running tasks against the maximum and requests per"
                    + " task on the dashboard; if traffic is flat, the latest deployment.")
            .metric(
                props
                    .service()
                    .metricCpuUtilization(
                        MetricOptions.builder()
                            .statistic("Average")
                            .period(Duration.minutes(1))
                            .build()))
            .threshold(props.highCpuPercent())
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(props.highCpuMinutes())
            .datapointsToAlarm(props.highCpuMinutes())
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build();
    blockedRequests =
        props
            .firewall()
            .map(
                firewall ->
                    Alarm.Builder.create(this, "WafBlockedAlarm")
                        .alarmName(props.alarmName().apply("waf-blocked"))
                        .alarmDescription(
                            "WAF blocked more than "
                                + props.blockedRequestsPer5Minutes()
                                + " requests in 5 minutes. Check first: the WAF log group (which"
                                + " rule, which client IPs): an attack, or a legitimate client"
                                + " over the rate limit?")
                        .metric(firewall.blockedRequests())
                        .threshold(props.blockedRequestsPer5Minutes())
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                        .evaluationPeriods(1)
                        .treatMissingData(TreatMissingData.NOT_BREACHING)
                        .build());

    criticalFindings = criticalFindings(props);

    List<Alarm> alarms = new ArrayList<>(deployment.all());
    tasksAtMaximum.ifPresent(alarms::add);
    alarms.add(highCpu);
    blockedRequests.ifPresent(alarms::add);
    alarms.add(criticalFindings);
    all = List.copyOf(alarms);
    SnsAction notify = new SnsAction(props.topic());
    for (Alarm alarm : all) {
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
    }
  }

  /**
   * Amazon Inspector's CRITICAL findings for the environment's images, which it sends to
   * EventBridge as they are made ("Inspector2 Finding" events): a rule matches them, and the alarm
   * counts its matches. The rule needs no target; the alarm notifies like every other.
   */
  private Alarm criticalFindings(Props props) {
    Rule findings =
        Rule.Builder.create(this, "CriticalFindingsRule")
            .ruleName(props.findingsRuleName())
            .description(
                "Amazon Inspector's active CRITICAL findings for images in "
                    + props.imageRepository())
            .eventPattern(
                EventPattern.builder()
                    .source(List.of("aws.inspector2"))
                    .detailType(List.of("Inspector2 Finding"))
                    .detail(findingsDetail(props.imageRepository()))
                    .build())
            .build();
    return Alarm.Builder.create(this, "CriticalFindingsAlarm")
        .alarmName(props.alarmName().apply("critical-image-findings"))
        .alarmDescription(
            "Amazon Inspector found a CRITICAL vulnerability in an image of "
                + props.imageRepository()
                + ". Check first: the image's findings (ECR console, or aws inspector2"
                + " list-findings), whether the running image is affected, and the fixed version"
                + " of the package the finding names; then build and deploy.")
        .metric(
            Metric.Builder.create()
                .namespace("AWS/Events")
                .metricName("MatchedEvents")
                .dimensionsMap(Map.of("RuleName", findings.getRuleName()))
                .statistic("Sum")
                .period(Duration.minutes(5))
                .build())
        .threshold(0)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
        .evaluationPeriods(1)
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .build();
  }

  /**
   * The finding's fields the rule matches, in a fixed order: a template is written in the order of
   * its maps, and the same app must give the same bytes on every synthesis.
   */
  private static Map<String, Object> findingsDetail(String repository) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("severity", List.of("CRITICAL"));
    detail.put("status", List.of("ACTIVE"));
    detail.put(
        "resources",
        Map.of(
            "details",
            Map.of("awsEcrContainerImage", Map.of("repositoryName", List.of(repository)))));
    return detail;
  }

  /** Container Insights' count of the service's running tasks, highest per minute. */
  static Metric runningTasks(FargateService service) {
    return taskCount(service, "RunningTaskCount");
  }

  /** Container Insights' count of the tasks the service wants, highest per minute. */
  static Metric desiredTasks(FargateService service) {
    return taskCount(service, "DesiredTaskCount");
  }

  private static Metric taskCount(FargateService service, String metricName) {
    return Metric.Builder.create()
        .namespace("ECS/ContainerInsights")
        .metricName(metricName)
        .dimensionsMap(
            Map.of(
                "ClusterName",
                service.getCluster().getClusterName(),
                "ServiceName",
                service.getServiceName()))
        .statistic("Maximum")
        .period(Duration.minutes(1))
        .build();
  }

  /** Appends what to look at first to an alarm made elsewhere, keeping what it says already. */
  private static void checkFirst(Alarm alarm, String what) {
    CfnAlarm cfn = (CfnAlarm) alarm.getNode().getDefaultChild();
    String description = Objects.requireNonNullElse(cfn.getAlarmDescription(), "").strip();
    String separator = description.isEmpty() || description.endsWith(".") ? " " : ". ";
    cfn.setAlarmDescription((description + separator + "Check first: " + what).strip());
  }

  public Optional<Alarm> tasksAtMaximum() {
    return tasksAtMaximum;
  }

  public Alarm highCpu() {
    return highCpu;
  }

  public Optional<Alarm> blockedRequests() {
    return blockedRequests;
  }

  /** Active CRITICAL findings of Amazon Inspector in the environment's images. */
  public Alarm criticalFindings() {
    return criticalFindings;
  }

  /** Every alarm that notifies: the deployment alarms first, then these. */
  public List<Alarm> all() {
    return all;
  }
}
