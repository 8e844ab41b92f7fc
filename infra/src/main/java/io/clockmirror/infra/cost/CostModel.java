package io.clockmirror.infra.cost;

import static io.clockmirror.infra.cost.Assumption.ACCESS_LOG_BYTES_PER_REQUEST;
import static io.clockmirror.infra.cost.Assumption.CONNECTION_SECONDS;
import static io.clockmirror.infra.cost.Assumption.CONTAINER_INSIGHTS_EVENT_BYTES_PER_TASK_MINUTE;
import static io.clockmirror.infra.cost.Assumption.CONTAINER_INSIGHTS_METRICS_PER_CLUSTER;
import static io.clockmirror.infra.cost.Assumption.CONTAINER_INSIGHTS_METRICS_PER_SERVICE;
import static io.clockmirror.infra.cost.Assumption.CONTAINER_INSIGHTS_RESOURCE_METRICS;
import static io.clockmirror.infra.cost.Assumption.EMF_LINES_PER_TASK_MINUTE;
import static io.clockmirror.infra.cost.Assumption.EMF_LINE_BYTES;
import static io.clockmirror.infra.cost.Assumption.EMF_METRICS;
import static io.clockmirror.infra.cost.Assumption.FLOW_LOG_BYTES_PER_HEALTH_CHECK;
import static io.clockmirror.infra.cost.Assumption.IMAGE_COMPRESSED_MB;
import static io.clockmirror.infra.cost.Assumption.REQUESTS_PER_NEW_CONNECTION;
import static io.clockmirror.infra.cost.Assumption.REQUEST_BYTES;
import static io.clockmirror.infra.cost.Assumption.RESPONSE_BYTES;
import static io.clockmirror.infra.cost.Assumption.TASK_REQUESTS_PER_SECOND_AT_FULL_CPU;

import io.clockmirror.infra.cost.Inventory.Architecture;
import io.clockmirror.infra.cost.ScheduledCapacity.Window;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Prices an {@link Inventory}: what it costs a month with no traffic (line by line), per million
 * requests, and in a month at a steady request rate. A month is {@value #HOURS_PER_MONTH} hours.
 */
public final class CostModel {

  /** Hours in the month every figure is for. */
  public static final double HOURS_PER_MONTH = 730;

  /** The request rates the monthly figures are given for. */
  public static final List<Integer> RATES = List.of(10, 100, 1000);

  /** Requests a load balancer capacity unit holds per hour, by dimension. */
  private static final double LCU_NEW_CONNECTIONS_PER_SECOND = 25;

  private static final double LCU_ACTIVE_CONNECTIONS = 3000;
  private static final double LCU_GB_PER_HOUR = 1;
  private static final double LCU_RULE_EVALUATIONS_PER_SECOND = 1000;
  private static final int FREE_RULES = 10;

  /** Item names that the break-even of the web application firewall reads. */
  static final String WAF_PREFIX = "WAF";

  private static final double MINUTES_PER_HOUR = 60;
  private static final double SECONDS_PER_HOUR = 3600;
  private static final double BYTES_PER_GB = 1e9;
  private static final double DAYS_PER_MONTH = HOURS_PER_MONTH / 24;

  private final Inventory inventory;
  private final PriceList prices;
  private final Assumptions assumptions;

  public CostModel(Inventory inventory, PriceList prices, Assumptions assumptions) {
    this.inventory = Objects.requireNonNull(inventory, "inventory");
    this.prices = Objects.requireNonNull(prices, "prices");
    this.assumptions = Objects.requireNonNull(assumptions, "assumptions");
  }

  /** The whole estimate of the environment. */
  public EnvironmentCost estimate() {
    Month idle = month(0);
    Map<Integer, Month> at = new LinkedHashMap<>();
    for (int rate : RATES) {
      at.put(rate, month(rate));
    }
    return new EnvironmentCost(
        inventory.environment(),
        prices.region(),
        prices.asOf(),
        idle.items(),
        perMillion(),
        at,
        wafBreakEven(),
        inventory.notes());
  }

  /**
   * The bill of a month at a steady {@code requestsPerSecond}, line by line, with what limited the
   * task count.
   *
   * @param requestsPerSecond the rate, every hour of the month; 0 is the idle floor
   * @param items what bills, with its monthly dollars
   * @param tasks the running tasks, averaged over the month
   * @param notes where scaling bounds held the task count below what target tracking wants
   */
  public record Month(
      double requestsPerSecond, List<LineItem> items, double tasks, List<String> notes) {

    public Month {
      items = List.copyOf(items);
      notes = List.copyOf(notes);
    }

    public double monthlyUsd() {
      return items.stream().mapToDouble(LineItem::monthlyUsd).sum();
    }
  }

  /** The month at a steady {@code requestsPerSecond}. */
  public Month month(double requestsPerSecond) {
    List<LineItem> items = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    double taskHours = 0;
    double spotTaskHours = 0;
    double hoursWithTasks = 0;
    for (Window window : inventory.scaling().windows()) {
      int tasks = tasks(requestsPerSecond, window, notes);
      taskHours += tasks * window.hoursPerMonth();
      spotTaskHours += inventory.strategy().spotTasks(tasks) * window.hoursPerMonth();
      hoursWithTasks += tasks > 0 ? window.hoursPerMonth() : 0;
    }
    double runningShare = hoursWithTasks / HOURS_PER_MONTH;
    fixed(items);
    tasks(items, taskHours, spotTaskHours);
    monitoring(items, requestsPerSecond, taskHours, runningShare);
    storage(items, taskHours);
    if (requestsPerSecond > 0) {
      perRequest(items, requestsPerSecond * SECONDS_PER_HOUR * HOURS_PER_MONTH / 1e6);
    }
    return new Month(requestsPerSecond, items, taskHours / HOURS_PER_MONTH, notes);
  }

  private void fixed(List<LineItem> items) {
    int zones = inventory.interfaceEndpointZones();
    add(
        items,
        "interface VPC endpoints",
        zones,
        "endpoint-zones ("
            + inventory.interfaceEndpointAzs().size()
            + " endpoints) × "
            + hourly(PriceKey.INTERFACE_ENDPOINT_AZ_HOUR),
        zones * hours(PriceKey.INTERFACE_ENDPOINT_AZ_HOUR));
    add(
        items,
        "load balancer",
        inventory.loadBalancers(),
        "application load balancers × " + hourly(PriceKey.ALB_HOUR),
        inventory.loadBalancers() * hours(PriceKey.ALB_HOUR));
    add(
        items,
        "load balancer public IPv4",
        inventory.loadBalancerPublicIpv4(),
        "addresses (one per subnet) × " + hourly(PriceKey.PUBLIC_IPV4_HOUR),
        inventory.loadBalancerPublicIpv4() * hours(PriceKey.PUBLIC_IPV4_HOUR));
    add(
        items,
        "NAT gateways",
        inventory.natGateways(),
        "gateways × " + hourly(PriceKey.NAT_GATEWAY_HOUR) + ", each with a public IPv4",
        inventory.natGateways()
            * (hours(PriceKey.NAT_GATEWAY_HOUR) + hours(PriceKey.PUBLIC_IPV4_HOUR)));
    add(
        items,
        "KMS keys",
        inventory.kmsKeys(),
        "customer managed keys × " + monthly(PriceKey.KMS_KEY_MONTH),
        inventory.kmsKeys() * prices.usd(PriceKey.KMS_KEY_MONTH));
    add(
        items,
        "Secrets Manager secrets",
        inventory.secrets(),
        "secrets × " + monthly(PriceKey.SECRET_MONTH),
        inventory.secrets() * prices.usd(PriceKey.SECRET_MONTH));
    add(
        items,
        "CloudWatch alarms",
        inventory.alarmMetrics(),
        "metrics read by "
            + inventory.alarms()
            + " alarms × "
            + monthly(PriceKey.ALARM_METRIC_MONTH),
        inventory.alarmMetrics() * prices.usd(PriceKey.ALARM_METRIC_MONTH));
    add(
        items,
        "CloudWatch high-resolution alarms",
        inventory.highResolutionAlarmMetrics(),
        "metrics × " + monthly(PriceKey.HIGH_RESOLUTION_ALARM_METRIC_MONTH),
        inventory.highResolutionAlarmMetrics()
            * prices.usd(PriceKey.HIGH_RESOLUTION_ALARM_METRIC_MONTH));
    add(
        items,
        "CloudWatch dashboards",
        inventory.dashboards(),
        "dashboards × " + monthly(PriceKey.DASHBOARD_MONTH),
        inventory.dashboards() * prices.usd(PriceKey.DASHBOARD_MONTH));
    add(
        items,
        WAF_PREFIX + " web ACLs",
        inventory.webAcls(),
        "web ACLs × " + monthly(PriceKey.WAF_WEB_ACL_MONTH),
        inventory.webAcls() * prices.usd(PriceKey.WAF_WEB_ACL_MONTH));
    add(
        items,
        WAF_PREFIX + " rules",
        inventory.wafRules(),
        "rules (a managed rule group is one) × " + monthly(PriceKey.WAF_RULE_MONTH),
        inventory.wafRules() * prices.usd(PriceKey.WAF_RULE_MONTH));
  }

  private void tasks(List<LineItem> items, double taskHours, double spotTaskHours) {
    Inventory.TaskSize size = inventory.task();
    String shape =
        String.format(
            Locale.ROOT,
            "%s vCPU, %s GB, %s",
            decimal(size.vcpu()),
            decimal(size.memoryGb()),
            size.architecture());
    double onDemandHours = taskHours - spotTaskHours;
    add(
        items,
        "Fargate tasks",
        onDemandHours / HOURS_PER_MONTH,
        "tasks running on average (" + shape + ") × " + dollars(onDemandTaskHour()) + "/h",
        onDemandHours * onDemandTaskHour());
    if (inventory.strategy().usesSpot()) {
      add(
          items,
          "Fargate Spot tasks",
          spotTaskHours / HOURS_PER_MONTH,
          "tasks running on average (" + shape + ") × " + dollars(spotTaskHour()) + "/h",
          spotTaskHours * spotTaskHour());
    }
    if (inventory.taskPublicIp()) {
      add(
          items,
          "task public IPv4",
          taskHours / HOURS_PER_MONTH,
          "addresses (one per running task) × " + hourly(PriceKey.PUBLIC_IPV4_HOUR),
          taskHours * prices.usd(PriceKey.PUBLIC_IPV4_HOUR));
    }
  }

  private void monitoring(
      List<LineItem> items, double requestsPerSecond, double taskHours, double runningShare) {
    if (inventory.containerInsights().on()) {
      metricsAndLogs(
          items,
          "Container Insights metrics",
          containerInsightsMetrics(),
          "a task runs",
          "Container Insights performance events",
          assumptions.value(CONTAINER_INSIGHTS_EVENT_BYTES_PER_TASK_MINUTE),
          taskHours,
          runningShare);
    }
    if (inventory.emf() && requestsPerSecond > 0) {
      metricsAndLogs(
          items,
          "service metrics (EMF)",
          assumptions.value(EMF_METRICS),
          "a task answers",
          "service metric lines (EMF)",
          assumptions.value(EMF_LINES_PER_TASK_MINUTE) * assumptions.value(EMF_LINE_BYTES),
          taskHours,
          runningShare);
    }
    add(
        items,
        "CloudWatch Logs",
        inventory.logGroups(),
        "log groups: no line at rest (the service logs no request; metric lines are per minute"
            + " with answers)",
        0);
  }

  /**
   * Custom metrics billed for the hours that tasks run, and the log lines that carry them, {@code
   * bytesPerTaskMinute} for every minute of every task.
   */
  private void metricsAndLogs(
      List<LineItem> items,
      String metricsItem,
      double metrics,
      String billedWhile,
      String linesItem,
      double bytesPerTaskMinute,
      double taskHours,
      double runningShare) {
    add(
        items,
        metricsItem,
        metrics,
        "custom metrics × " + monthly(PriceKey.METRIC_MONTH) + ", in the hours " + billedWhile,
        metrics * prices.usd(PriceKey.METRIC_MONTH) * runningShare);
    double gb = taskHours * MINUTES_PER_HOUR * bytesPerTaskMinute / BYTES_PER_GB;
    add(
        items,
        linesItem,
        gb,
        "GB ingested × " + dollars(prices.usd(PriceKey.LOGS_INGEST_GB)) + "/GB",
        gb * prices.usd(PriceKey.LOGS_INGEST_GB));
  }

  private void storage(List<LineItem> items, double taskHours) {
    double imageGb = inventory.keptImages() * assumptions.value(IMAGE_COMPRESSED_MB) / 1000;
    add(
        items,
        "ECR image storage",
        inventory.keptImages(),
        "images kept × "
            + decimal(assumptions.value(IMAGE_COMPRESSED_MB))
            + " MB × "
            + dollars(prices.usd(PriceKey.ECR_STORAGE_GB_MONTH))
            + " per GB-month",
        imageGb * prices.usd(PriceKey.ECR_STORAGE_GB_MONTH));
    inventory
        .flowLogDays()
        .ifPresent(
            days -> {
              double checks =
                  taskHours
                      * SECONDS_PER_HOUR
                      / inventory.healthCheckSeconds()
                      * Math.max(1, inventory.loadBalancerPublicIpv4());
              double gb =
                  checks * assumptions.value(FLOW_LOG_BYTES_PER_HEALTH_CHECK) / BYTES_PER_GB;
              add(
                  items,
                  "VPC flow logs in S3",
                  gb,
                  "GB a month of health-check flow records, delivered and kept " + days + " days",
                  gb
                      * (prices.usd(PriceKey.LOGS_VENDED_TO_S3_GB)
                          + prices.usd(PriceKey.S3_STANDARD_GB_MONTH) * days / DAYS_PER_MONTH));
            });
    double deployGbSeconds =
        inventory.functions().stream()
            .mapToDouble(function -> function.memoryMb() / 1024.0 * function.timeoutSeconds())
            .sum();
    add(
        items,
        "Lambda functions",
        inventory.functions().size(),
        "functions, billed per run: at most "
            + dollars(
                deployGbSeconds * prices.usd(PriceKey.LAMBDA_GB_SECOND)
                    + inventory.functions().size()
                        * prices.usd(PriceKey.LAMBDA_MILLION_REQUESTS)
                        / 1e6)
            + " if each runs once to its timeout in a deploy",
        0);
  }

  private void perRequest(List<LineItem> items, double millions) {
    add(
        items,
        "load balancer capacity units",
        lcuHoursPerMillion() * millions,
        "LCU-hours × " + hourly(PriceKey.ALB_LCU_HOUR).replace("/h", ""),
        lcuHoursPerMillion() * millions * prices.usd(PriceKey.ALB_LCU_HOUR));
    if (inventory.webAcls() > 0) {
      add(
          items,
          WAF_PREFIX + " requests",
          millions,
          "million requests inspected × " + dollars(prices.usd(PriceKey.WAF_MILLION_REQUESTS)),
          millions * prices.usd(PriceKey.WAF_MILLION_REQUESTS));
    }
    double outGb = millions * 1e6 * assumptions.value(RESPONSE_BYTES) / BYTES_PER_GB;
    add(
        items,
        "data transfer out",
        outGb,
        "GB of responses to the internet × " + dollars(prices.usd(PriceKey.DATA_TRANSFER_OUT_GB)),
        outGb * prices.usd(PriceKey.DATA_TRANSFER_OUT_GB));
    inventory
        .accessLogDays()
        .ifPresent(
            days -> {
              double gb =
                  millions * 1e6 * assumptions.value(ACCESS_LOG_BYTES_PER_REQUEST) / BYTES_PER_GB;
              add(
                  items,
                  "access logs in S3",
                  gb,
                  "GB a month, kept " + days + " days",
                  gb * prices.usd(PriceKey.S3_STANDARD_GB_MONTH) * days / DAYS_PER_MONTH);
            });
  }

  /** What a million requests add: the per-request charges and the tasks at the scaling target. */
  private List<LineItem> perMillion() {
    List<LineItem> items = new ArrayList<>();
    perRequest(items, 1);
    requestsPerTaskHour()
        .ifPresent(
            perTaskHour -> {
              double share = marginalSpotShare();
              double taskHour = (1 - share) * onDemandTaskHour() + share * spotTaskHour();
              double publicIp =
                  inventory.taskPublicIp() ? prices.usd(PriceKey.PUBLIC_IPV4_HOUR) : 0;
              add(
                  items,
                  "Fargate tasks at the scaling target",
                  1e6 / perTaskHour,
                  "task-hours (" + decimal(perTaskHour / SECONDS_PER_HOUR) + " req/s a task)",
                  1e6 / perTaskHour * (taskHour + publicIp));
            });
    return List.copyOf(items);
  }

  /** Requests one task serves in an hour when target tracking holds it at its target. */
  private Optional<Double> requestsPerTaskHour() {
    Inventory.Scaling scaling = inventory.scaling();
    Optional<Double> byRequests =
        scaling.requestsPerTarget().map(target -> target / MINUTES_PER_HOUR);
    Optional<Double> byCpu =
        scaling.cpuTargetPercent().map(percent -> taskCapacity() * percent / 100.0);
    return byRequests
        .map(rate -> byCpu.map(cpu -> Math.min(rate, cpu)).orElse(rate))
        .or(() -> byCpu)
        .map(rate -> rate * SECONDS_PER_HOUR);
  }

  /**
   * The tasks running at {@code requestsPerSecond} within {@code window}'s bounds: the larger of
   * what the two target-tracking policies want, held to the bounds.
   */
  private int tasks(double requestsPerSecond, Window window, List<String> notes) {
    if (window.maxCapacity() == 0) {
      if (requestsPerSecond > 0) {
        notes.add(
            decimal(window.hoursPerMonth())
                + " h a month at 0 tasks (scheduled): the load balancer answers 503 then");
      }
      return 0;
    }
    Optional<Double> perTask = requestsPerTaskHour().map(rate -> rate / SECONDS_PER_HOUR);
    int wanted = requestsPerSecond == 0 || perTask.isEmpty() ? 0 : wanted(requestsPerSecond);
    int tasks = Math.max(window.minCapacity(), Math.min(wanted, window.maxCapacity()));
    if (wanted > window.maxCapacity()) {
      notes.add(
          String.format(
              Locale.ROOT,
              "target tracking wants %d tasks; maxCapacity %d caps it, each task then at %.0f %%"
                  + " of its measured capacity",
              wanted,
              window.maxCapacity(),
              100 * requestsPerSecond / tasks / taskCapacity()));
    }
    return tasks;
  }

  private int wanted(double requestsPerSecond) {
    Inventory.Scaling scaling = inventory.scaling();
    int byRequests =
        scaling
            .requestsPerTarget()
            .map(target -> (int) Math.ceil(requestsPerSecond * MINUTES_PER_HOUR / target - 1e-9))
            .orElse(0);
    int byCpu =
        scaling
            .cpuTargetPercent()
            .map(
                percent ->
                    (int) Math.ceil(requestsPerSecond / (taskCapacity() * percent / 100.0) - 1e-9))
            .orElse(0);
    return Math.max(byRequests, byCpu);
  }

  /** Requests a second one task answers at 100 % CPU. */
  private double taskCapacity() {
    return assumptions.value(TASK_REQUESTS_PER_SECOND_AT_FULL_CPU)
        * inventory.task().cpuUnits()
        / 256;
  }

  /** Load balancer capacity unit-hours a million requests use: the largest dimension. */
  double lcuHoursPerMillion() {
    double perRequestPerSecond =
        Math.max(
            Math.max(
                1 / assumptions.value(REQUESTS_PER_NEW_CONNECTION) / LCU_NEW_CONNECTIONS_PER_SECOND,
                assumptions.value(CONNECTION_SECONDS)
                    / assumptions.value(REQUESTS_PER_NEW_CONNECTION)
                    / LCU_ACTIVE_CONNECTIONS),
            Math.max(
                SECONDS_PER_HOUR
                    * (assumptions.value(REQUEST_BYTES) + assumptions.value(RESPONSE_BYTES))
                    / BYTES_PER_GB
                    / LCU_GB_PER_HOUR,
                Math.max(0, inventory.listenerRules() - FREE_RULES)
                    / LCU_RULE_EVALUATIONS_PER_SECOND));
    // perRequestPerSecond LCU per hour per request a second; an hour at 1 req/s is 3,600 requests.
    return perRequestPerSecond * 1e6 / SECONDS_PER_HOUR;
  }

  private int containerInsightsMetrics() {
    Inventory.ContainerInsights insights = inventory.containerInsights();
    double resource = assumptions.value(CONTAINER_INSIGHTS_RESOURCE_METRICS);
    return (int)
        Math.round(
            insights.clusters()
                    * (assumptions.value(CONTAINER_INSIGHTS_METRICS_PER_CLUSTER) + resource)
                + insights.services()
                    * (assumptions.value(CONTAINER_INSIGHTS_METRICS_PER_SERVICE) + resource)
                + insights.taskFamilies() * resource);
  }

  /** The share of tasks beyond the bases that run on Spot. */
  private double marginalSpotShare() {
    Inventory.CapacityStrategy strategy = inventory.strategy();
    return (double) strategy.spotWeight() / (strategy.onDemandWeight() + strategy.spotWeight());
  }

  private double onDemandTaskHour() {
    Inventory.TaskSize size = inventory.task();
    boolean arm = size.architecture() == Architecture.ARM64;
    return size.vcpu()
            * prices.usd(arm ? PriceKey.FARGATE_ARM64_VCPU_HOUR : PriceKey.FARGATE_X86_VCPU_HOUR)
        + size.memoryGb()
            * prices.usd(arm ? PriceKey.FARGATE_ARM64_GB_HOUR : PriceKey.FARGATE_X86_GB_HOUR);
  }

  private double spotTaskHour() {
    Inventory.TaskSize size = inventory.task();
    return size.vcpu() * prices.usd(PriceKey.FARGATE_SPOT_X86_VCPU_HOUR)
        + size.memoryGb() * prices.usd(PriceKey.FARGATE_SPOT_X86_GB_HOUR);
  }

  /**
   * The steady request rate at which the web application firewall costs as much as everything else
   * together; absent without one.
   */
  private Optional<Double> wafBreakEven() {
    if (inventory.webAcls() == 0) {
      return Optional.empty();
    }
    double low = 0;
    double high = 1e6;
    if (wafShare(high) < 0.5) {
      return Optional.empty();
    }
    for (int step = 0; step < 60; step++) {
      double middle = (low + high) / 2;
      if (wafShare(middle) < 0.5) {
        low = middle;
      } else {
        high = middle;
      }
    }
    return Optional.of(high);
  }

  /** The share of the month's bill at {@code requestsPerSecond} that the firewall is. */
  double wafShare(double requestsPerSecond) {
    Month month = month(requestsPerSecond);
    double waf =
        month.items().stream()
            .filter(item -> item.item().startsWith(WAF_PREFIX))
            .mapToDouble(LineItem::monthlyUsd)
            .sum();
    return waf / month.monthlyUsd();
  }

  private void add(List<LineItem> items, String item, double count, String unit, double usd) {
    if (count > 0) {
      items.add(new LineItem(item, count, unit, usd));
    }
  }

  private double hours(PriceKey key) {
    return prices.usd(key) * HOURS_PER_MONTH;
  }

  private String hourly(PriceKey key) {
    return dollars(prices.usd(key)) + "/h";
  }

  private String monthly(PriceKey key) {
    return dollars(prices.usd(key)) + "/month";
  }

  /** Dollars with as many decimals as a price needs: at least two, at most six. */
  static String dollars(double usd) {
    String text = decimal(usd);
    int point = text.indexOf('.');
    if (point < 0) {
      return "$" + text + ".00";
    }
    return "$" + text + "0".repeat(Math.max(0, 3 - (text.length() - point)));
  }

  static String decimal(double value) {
    String text = String.format(Locale.ROOT, "%.6f", value);
    text = text.replaceAll("0+$", "");
    return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
  }
}
