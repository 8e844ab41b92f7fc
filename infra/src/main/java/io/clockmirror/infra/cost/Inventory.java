package io.clockmirror.infra.cost;

import io.clockmirror.infra.settings.EnvironmentSettings;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What bills in one environment, counted from its synthesized templates: the service stack and the
 * image repository stack.
 *
 * @param environment the environment's name
 * @param interfaceEndpointAzs per interface VPC endpoint, the number of subnets (zones) it sits in
 * @param loadBalancers application load balancers
 * @param loadBalancerPublicIpv4 public IPv4 addresses of the internet-facing load balancers (one
 *     per subnet)
 * @param listenerRules listener rules besides the default actions, each evaluated per request
 * @param natGateways public NAT gateways (each with a public IPv4 address)
 * @param task the service's task size and architecture
 * @param scaling the service's scaling bounds, targets and schedule
 * @param strategy how its tasks are split between Fargate and Fargate Spot
 * @param taskPublicIp whether every task gets a public IPv4 address
 * @param kmsKeys customer managed KMS keys
 * @param secrets Secrets Manager secrets
 * @param alarms CloudWatch alarms
 * @param alarmMetrics standard-resolution metrics the alarms read
 * @param highResolutionAlarmMetrics high-resolution metrics the alarms read
 * @param dashboards CloudWatch dashboards
 * @param webAcls WAF web ACLs associated with a load balancer
 * @param wafRules rules (a managed rule group counts as one) of those web ACLs
 * @param containerInsights the Container Insights dimension sets of the cluster (none when off)
 * @param logGroups CloudWatch Logs log groups
 * @param buckets S3 buckets
 * @param accessLogDays days the load balancer's access logs are kept (absent when it writes none)
 * @param flowLogDays days VPC flow logs delivered to S3 are kept (absent when there are none)
 * @param healthCheckSeconds the interval of the service's target group health check
 * @param keptImages images the repositories' lifecycle rules keep
 * @param functions the Lambda functions (none bills at rest)
 * @param emf whether the service writes its EMF metric lines
 * @param notes what was read other than from the templates, and why
 */
public record Inventory(
    String environment,
    List<Integer> interfaceEndpointAzs,
    int loadBalancers,
    int loadBalancerPublicIpv4,
    int listenerRules,
    int natGateways,
    TaskSize task,
    Scaling scaling,
    CapacityStrategy strategy,
    boolean taskPublicIp,
    int kmsKeys,
    int secrets,
    int alarms,
    int alarmMetrics,
    int highResolutionAlarmMetrics,
    int dashboards,
    int webAcls,
    int wafRules,
    ContainerInsights containerInsights,
    int logGroups,
    int buckets,
    Optional<Integer> accessLogDays,
    Optional<Integer> flowLogDays,
    int healthCheckSeconds,
    int keptImages,
    List<LambdaFunction> functions,
    boolean emf,
    List<String> notes) {

  /** The processor family of a Fargate task. */
  public enum Architecture {
    X86_64,
    ARM64
  }

  /**
   * A Fargate task's size.
   *
   * @param cpuUnits CPU units (1,024 = 1 vCPU)
   * @param memoryMiB memory
   * @param architecture processor family
   */
  public record TaskSize(int cpuUnits, int memoryMiB, Architecture architecture) {

    public TaskSize {
      Objects.requireNonNull(architecture, "architecture");
    }

    public double vcpu() {
      return cpuUnits / 1024.0;
    }

    public double memoryGb() {
      return memoryMiB / 1024.0;
    }
  }

  /**
   * The service's auto scaling.
   *
   * @param minCapacity fewest tasks outside any schedule
   * @param maxCapacity most tasks outside any schedule
   * @param cpuTargetPercent the CPU target tracking keeps, if the service scales on CPU
   * @param requestsPerTarget requests per task per minute target tracking keeps, if the service
   *     scales on requests
   * @param actions the scheduled actions that change the bounds
   */
  public record Scaling(
      int minCapacity,
      int maxCapacity,
      Optional<Integer> cpuTargetPercent,
      Optional<Integer> requestsPerTarget,
      List<ScheduledCapacity.Action> actions) {

    public Scaling {
      Objects.requireNonNull(cpuTargetPercent, "cpuTargetPercent");
      Objects.requireNonNull(requestsPerTarget, "requestsPerTarget");
      actions = List.copyOf(Objects.requireNonNull(actions, "actions"));
    }

    /** The bounds over a month. */
    public List<ScheduledCapacity.Window> windows() {
      return ScheduledCapacity.windows(minCapacity, maxCapacity, actions);
    }
  }

  /**
   * A capacity provider strategy over {@code FARGATE} and {@code FARGATE_SPOT}: the base tasks go
   * to the provider that has them, the rest are split by weight.
   *
   * @param onDemandBase tasks that always run on Fargate
   * @param onDemandWeight Fargate's weight
   * @param spotBase tasks that always run on Fargate Spot
   * @param spotWeight Fargate Spot's weight
   */
  public record CapacityStrategy(
      int onDemandBase, int onDemandWeight, int spotBase, int spotWeight) {

    /** Every task on Fargate (a launch type of {@code FARGATE}). */
    public static final CapacityStrategy ON_DEMAND = new CapacityStrategy(0, 1, 0, 0);

    public CapacityStrategy {
      if (onDemandBase < 0 || onDemandWeight < 0 || spotBase < 0 || spotWeight < 0) {
        throw new IllegalArgumentException("capacity provider bases and weights are >= 0");
      }
      if (onDemandWeight + spotWeight == 0) {
        throw new IllegalArgumentException("a capacity provider strategy needs a weight above 0");
      }
    }

    public boolean usesSpot() {
      return spotBase > 0 || spotWeight > 0;
    }

    /** Of {@code tasks} running tasks, how many run on Fargate Spot (a share, not rounded). */
    public double spotTasks(double tasks) {
      double base = Math.min(tasks, spotBase);
      double afterBases = Math.max(0, tasks - spotBase - onDemandBase);
      return base + afterBases * spotWeight / (onDemandWeight + spotWeight);
    }
  }

  /**
   * The dimension sets Container Insights (not the enhanced kind) publishes metrics for.
   *
   * @param clusters clusters with it on
   * @param services services in those clusters
   * @param taskFamilies task definition families in those clusters
   */
  public record ContainerInsights(int clusters, int services, int taskFamilies) {

    public static final ContainerInsights OFF = new ContainerInsights(0, 0, 0);

    public boolean on() {
      return clusters > 0;
    }
  }

  /**
   * A Lambda function.
   *
   * @param name its logical ID
   * @param memoryMb its memory
   * @param timeoutSeconds its timeout
   */
  public record LambdaFunction(String name, int memoryMb, int timeoutSeconds) {}

  public Inventory {
    Objects.requireNonNull(environment, "environment");
    interfaceEndpointAzs = List.copyOf(interfaceEndpointAzs);
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(scaling, "scaling");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(containerInsights, "containerInsights");
    Objects.requireNonNull(accessLogDays, "accessLogDays");
    Objects.requireNonNull(flowLogDays, "flowLogDays");
    functions = List.copyOf(functions);
    notes = List.copyOf(notes);
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html
    if (task.architecture() == Architecture.ARM64 && strategy.usesSpot()) {
      throw new IllegalArgumentException(
          environment
              + ": Fargate Spot runs only X86_64 Linux tasks (Amazon ECS developer guide, 'Fargate"
              + " capacity providers'); an ARM64 task cannot use FARGATE_SPOT");
    }
  }

  /** Interface endpoint-zones: what the endpoints bill by the hour. */
  public int interfaceEndpointZones() {
    return interfaceEndpointAzs.stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * Reads an environment's two templates.
   *
   * @param environment the environment's name
   * @param app the service stack's template
   * @param ecr the image repository stack's template
   * @param settings the environment's {@code cdk.json} settings, for what the template leaves to a
   *     deploy-time parameter (scaling read from SSM) or does not say
   * @throws IllegalArgumentException when a template holds something the model cannot price
   */
  public static Inventory read(
      String environment,
      CfnTemplate app,
      CfnTemplate ecr,
      Optional<EnvironmentSettings> settings) {
    return new InventoryReader(environment, app, settings).read(ecr);
  }
}
