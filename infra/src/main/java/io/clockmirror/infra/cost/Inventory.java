package io.clockmirror.infra.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clockmirror.infra.cost.CfnTemplate.Resource;
import io.clockmirror.infra.settings.EnvironmentSettings;
import io.clockmirror.infra.settings.SsmOverridable;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

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
    return new Reader(environment, app, settings).read(ecr);
  }

  /** Reads the templates; one instance per environment. */
  private static final class Reader {
    private final String environment;
    private final CfnTemplate app;
    private final Optional<EnvironmentSettings> settings;
    private final List<String> notes = new ArrayList<>();

    Reader(String environment, CfnTemplate app, Optional<EnvironmentSettings> settings) {
      this.environment = environment;
      this.app = app;
      this.settings = settings;
    }

    Inventory read(CfnTemplate ecr) {
      Resource service = one("AWS::ECS::Service");
      Resource target = one("AWS::ApplicationAutoScaling::ScalableTarget");
      List<Resource> loadBalancers = app.resources("AWS::ElasticLoadBalancingV2::LoadBalancer");
      int alarmMetrics = 0;
      int highResolution = 0;
      for (Resource alarm : app.resources("AWS::CloudWatch::Alarm")) {
        for (int period : alarmPeriods(alarm.properties())) {
          if (period < 60) {
            highResolution++;
          } else {
            alarmMetrics++;
          }
        }
      }
      List<Resource> webAcls =
          app.resources("AWS::WAFv2::WebACL").stream()
              .filter(acl -> isAssociated(acl.logicalId()))
              .toList();
      Optional<Integer> accessLogDays = accessLogDays(loadBalancers);
      Optional<Integer> flowLogDays =
          app.resources("AWS::EC2::FlowLog").stream()
              .filter(log -> "s3".equals(log.properties().path("LogDestinationType").asText()))
              .findFirst()
              .map(log -> bucketDays(log.properties().path("LogDestination"), "VPC flow logs"));
      return new Inventory(
          environment,
          app.resources("AWS::EC2::VPCEndpoint").stream()
              .filter(e -> "Interface".equals(e.properties().path("VpcEndpointType").asText()))
              .map(e -> e.properties().path("SubnetIds").size())
              .toList(),
          loadBalancers.size(),
          loadBalancers.stream().mapToInt(Reader::publicAddresses).sum(),
          app.resources("AWS::ElasticLoadBalancingV2::ListenerRule").size(),
          (int)
              app.resources("AWS::EC2::NatGateway").stream()
                  .filter(
                      nat -> !"private".equals(nat.properties().path("ConnectivityType").asText()))
                  .count(),
          taskSize(service),
          scaling(target),
          strategy(service),
          "ENABLED"
              .equals(
                  service
                      .properties()
                      .path("NetworkConfiguration")
                      .path("AwsvpcConfiguration")
                      .path("AssignPublicIp")
                      .asText()),
          app.resources("AWS::KMS::Key").size() + ecr.resources("AWS::KMS::Key").size(),
          app.resources("AWS::SecretsManager::Secret").size(),
          app.resources("AWS::CloudWatch::Alarm").size(),
          alarmMetrics,
          highResolution,
          app.resources("AWS::CloudWatch::Dashboard").size(),
          webAcls.size(),
          webAcls.stream().mapToInt(acl -> acl.properties().path("Rules").size()).sum(),
          containerInsights(),
          app.resources("AWS::Logs::LogGroup").size() + ecr.resources("AWS::Logs::LogGroup").size(),
          app.resources("AWS::S3::Bucket").size() + ecr.resources("AWS::S3::Bucket").size(),
          accessLogDays,
          flowLogDays,
          healthCheckSeconds(service),
          keptImages(ecr),
          app.resources("AWS::Lambda::Function").stream()
              .map(
                  function ->
                      new LambdaFunction(
                          function.logicalId(),
                          function.properties().path("MemorySize").asInt(128),
                          function.properties().path("Timeout").asInt(3)))
              .toList(),
          emfEnabled(),
          notes);
    }

    private Resource one(String type) {
      List<Resource> found = app.resources(type);
      if (found.size() != 1) {
        throw new IllegalArgumentException(
            app.name()
                + " has "
                + found.size()
                + " "
                + type
                + "; the cost model prices an environment of exactly one service");
      }
      return found.getFirst();
    }

    private static int publicAddresses(Resource loadBalancer) {
      JsonNode properties = loadBalancer.properties();
      if ("internal".equals(properties.path("Scheme").asText())
          || "dualstack-without-public-ipv4".equals(properties.path("IpAddressType").asText())) {
        return 0;
      }
      return Math.max(properties.path("Subnets").size(), properties.path("SubnetMappings").size());
    }

    private TaskSize taskSize(Resource service) {
      String id =
          CfnTemplate.reference(service.properties().path("TaskDefinition"))
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          app.name() + ": the service's task definition is not in the template"));
      JsonNode task =
          app.resource(id)
              .orElseThrow(() -> new IllegalArgumentException(app.name() + " has no " + id))
              .properties();
      String architecture = task.path("RuntimePlatform").path("CpuArchitecture").asText("X86_64");
      try {
        return new TaskSize(
            Integer.parseInt(task.path("Cpu").asText()),
            Integer.parseInt(task.path("Memory").asText()),
            Architecture.valueOf(architecture));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            app.name()
                + ": a Fargate task needs Cpu and Memory as numbers and CpuArchitecture X86_64 or"
                + " ARM64: "
                + task.path("Cpu")
                + ", "
                + task.path("Memory")
                + ", "
                + architecture,
            e);
      }
    }

    /**
     * Whether a customized target-tracking metric is the load balancer's request count (of one or
     * more target groups, per task): the same target as {@code ALBRequestCountPerTarget}.
     */
    private static boolean readsRequestCount(JsonNode configuration) {
      for (JsonNode query : configuration.path("CustomizedMetricSpecification").path("Metrics")) {
        JsonNode metric = query.path("MetricStat").path("Metric");
        if (metric.path("Namespace").asText().equals("AWS/ApplicationELB")
            && metric.path("MetricName").asText().equals("RequestCount")) {
          return true;
        }
      }
      return false;
    }

    private Scaling scaling(Resource target) {
      JsonNode properties = target.properties();
      Optional<Integer> cpu = Optional.empty();
      Optional<Integer> requests = Optional.empty();
      for (Resource policy : app.resources("AWS::ApplicationAutoScaling::ScalingPolicy")) {
        JsonNode configuration =
            policy.properties().path("TargetTrackingScalingPolicyConfiguration");
        String metric =
            configuration
                .path("PredefinedMetricSpecification")
                .path("PredefinedMetricType")
                .asText();
        if (metric.equals("ECSServiceAverageCPUUtilization")) {
          cpu = Optional.of(number(configuration.path("TargetValue"), "CPU target"));
        } else if (metric.equals("ALBRequestCountPerTarget") || readsRequestCount(configuration)) {
          requests = Optional.of(number(configuration.path("TargetValue"), "requests per target"));
        }
      }
      if (cpu.isEmpty() && requests.isEmpty()) {
        notes.add(
            "no target tracking on CPU or requests: the service runs its minimum at any load");
      }
      List<ScheduledCapacity.Action> actions = new ArrayList<>();
      for (JsonNode action : properties.path("ScheduledActions")) {
        actions.add(scheduledAction(action));
      }
      return new Scaling(
          number(properties.path("MinCapacity"), "MinCapacity"),
          number(properties.path("MaxCapacity"), "MaxCapacity"),
          cpu,
          requests,
          actions);
    }

    private ScheduledCapacity.Action scheduledAction(JsonNode action) {
      String name = action.path("ScheduledActionName").asText("(unnamed)");
      if (action.has("StartTime") || action.has("EndTime")) {
        throw new IllegalArgumentException(
            "the cost model does not support scheduled action "
                + name
                + " with a StartTime or EndTime: it prices a schedule that repeats every week");
      }
      ZoneId zone;
      try {
        zone =
            action.has("Timezone") ? ZoneId.of(action.path("Timezone").asText()) : ZoneOffset.UTC;
      } catch (DateTimeException e) {
        throw new IllegalArgumentException(
            "scheduled action " + name + " has an unknown time zone " + action.path("Timezone"), e);
      }
      JsonNode bounds = action.path("ScalableTargetAction");
      return new ScheduledCapacity.Action(
          name,
          CronSchedule.parse(action.path("Schedule").asText()),
          zone,
          bounds.has("MinCapacity")
              ? Optional.of(number(bounds.path("MinCapacity"), name + " MinCapacity"))
              : Optional.empty(),
          bounds.has("MaxCapacity")
              ? Optional.of(number(bounds.path("MaxCapacity"), name + " MaxCapacity"))
              : Optional.empty());
    }

    /**
     * A number from the template, or, where the template takes it from a stack parameter that the
     * deploy fills from SSM, the value {@code cdk.json} holds for that setting.
     */
    private int number(JsonNode value, String what) {
      if (value.isNumber() || value.isTextual() && value.asText().matches("\\d+(\\.0+)?")) {
        return (int) Math.round(value.asDouble());
      }
      Optional<String> parameter =
          Optional.ofNullable(value.path("Ref").textValue()).filter(app::hasParameter);
      if (parameter.isPresent()) {
        String name = parameter.get();
        SsmOverridable setting =
            Stream.of(SsmOverridable.values())
                .filter(candidate -> candidate.parameterName().equals(name))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            app.name()
                                + ": "
                                + what
                                + " comes from parameter "
                                + name
                                + ", which is no cdk.json setting"));
        EnvironmentSettings cdkJson =
            settings.orElseThrow(
                () ->
                    new IllegalArgumentException(
                        app.name()
                            + ": "
                            + what
                            + " comes from stack parameter "
                            + name
                            + " (read from SSM at deploy time) and no cdk.json settings were given"));
        int fromCdkJson =
            switch (setting) {
              case MIN_CAPACITY -> cdkJson.minCapacity();
              case MAX_CAPACITY -> cdkJson.maxCapacity();
              case CPU_TARGET_PERCENT -> cdkJson.cpuTargetPercent();
              case REQUESTS_PER_TARGET -> cdkJson.requestsPerTarget();
            };
        notes.add(
            setting.key()
                + " "
                + fromCdkJson
                + " is cdk.json's: the template reads it from SSM at deploy time (stack parameter "
                + name
                + "), which may hold another value");
        return fromCdkJson;
      }
      throw new IllegalArgumentException(
          app.name() + ": " + what + " is neither a number nor a stack parameter: " + value);
    }

    private CapacityStrategy strategy(Resource service) {
      JsonNode strategy = service.properties().path("CapacityProviderStrategy");
      if (!strategy.isArray() || strategy.isEmpty()) {
        strategy =
            app.resources("AWS::ECS::ClusterCapacityProviderAssociations").stream()
                .map(
                    association -> association.properties().path("DefaultCapacityProviderStrategy"))
                .filter(JsonNode::isArray)
                .findFirst()
                .orElse(null);
        String launchType = service.properties().path("LaunchType").asText();
        if (launchType.equals("FARGATE")) {
          return CapacityStrategy.ON_DEMAND;
        }
        if (strategy == null || strategy.isEmpty()) {
          throw new IllegalArgumentException(
              app.name()
                  + ": the service has neither LaunchType FARGATE nor a capacity provider strategy");
        }
      }
      int[] bases = new int[2];
      int[] weights = new int[2];
      for (JsonNode provider : strategy) {
        int index =
            switch (provider.path("CapacityProvider").asText()) {
              case "FARGATE" -> 0;
              case "FARGATE_SPOT" -> 1;
              default ->
                  throw new IllegalArgumentException(
                      app.name()
                          + ": the cost model prices FARGATE and FARGATE_SPOT only, not "
                          + provider.path("CapacityProvider"));
            };
        bases[index] = provider.path("Base").asInt(0);
        weights[index] = provider.path("Weight").asInt(0);
      }
      return new CapacityStrategy(bases[0], weights[0], bases[1], weights[1]);
    }

    private ContainerInsights containerInsights() {
      int clusters = 0;
      for (Resource cluster : app.resources("AWS::ECS::Cluster")) {
        for (JsonNode setting : cluster.properties().path("ClusterSettings")) {
          if (!"containerInsights".equals(setting.path("Name").asText())) {
            continue;
          }
          switch (setting.path("Value").asText()) {
            case "enabled" -> clusters++;
            case "disabled" -> {}
            default ->
                throw new IllegalArgumentException(
                    app.name()
                        + ": Container Insights '"
                        + setting.path("Value").asText()
                        + "' is not modelled (only enabled and disabled; enhanced observability"
                        + " bills per task and container metric)");
          }
        }
      }
      if (clusters == 0) {
        return ContainerInsights.OFF;
      }
      return new ContainerInsights(
          clusters,
          app.resources("AWS::ECS::Service").size(),
          (int)
              app.resources("AWS::ECS::TaskDefinition").stream()
                  .map(task -> task.properties().path("Family").asText(task.logicalId()))
                  .distinct()
                  .count());
    }

    private boolean isAssociated(String webAcl) {
      return app.resources("AWS::WAFv2::WebACLAssociation").stream()
          .anyMatch(
              association ->
                  CfnTemplate.reference(association.properties().path("WebACLArn"))
                      .filter(webAcl::equals)
                      .isPresent());
    }

    private Optional<Integer> accessLogDays(List<Resource> loadBalancers) {
      for (Resource loadBalancer : loadBalancers) {
        JsonNode bucket = null;
        boolean enabled = false;
        for (JsonNode attribute : loadBalancer.properties().path("LoadBalancerAttributes")) {
          switch (attribute.path("Key").asText()) {
            case "access_logs.s3.enabled" ->
                enabled = "true".equals(attribute.path("Value").asText());
            case "access_logs.s3.bucket" -> bucket = attribute.path("Value");
            default -> {}
          }
        }
        if (enabled && bucket != null) {
          return Optional.of(bucketDays(bucket, "load balancer access logs"));
        }
      }
      return Optional.empty();
    }

    /** The days the bucket {@code reference} names keeps objects; a year where it never expires. */
    private int bucketDays(JsonNode reference, String what) {
      Optional<Resource> bucket = CfnTemplate.reference(reference).flatMap(app::resource);
      Optional<Integer> days =
          bucket.stream()
              .flatMap(b -> stream(b.properties().path("LifecycleConfiguration").path("Rules")))
              .filter(rule -> "Enabled".equals(rule.path("Status").asText()))
              .filter(rule -> rule.path("ExpirationInDays").isInt())
              .map(rule -> rule.path("ExpirationInDays").asInt())
              .min(Integer::compare);
      if (days.isEmpty()) {
        notes.add(what + " are kept without expiry: their storage is priced as a year's");
      }
      return days.orElse(365);
    }

    private int healthCheckSeconds(Resource service) {
      for (JsonNode loadBalancer : service.properties().path("LoadBalancers")) {
        Optional<Resource> group =
            CfnTemplate.reference(loadBalancer.path("TargetGroupArn")).flatMap(app::resource);
        if (group.isPresent()) {
          // The load balancer's default for IP targets.
          return group.get().properties().path("HealthCheckIntervalSeconds").asInt(30);
        }
      }
      return 30;
    }

    private int keptImages(CfnTemplate ecr) {
      int kept = 0;
      for (Resource repository : ecr.resources("AWS::ECR::Repository")) {
        String policy =
            repository.properties().path("LifecyclePolicy").path("LifecyclePolicyText").asText("");
        Optional<Integer> count = Optional.empty();
        if (!policy.isEmpty()) {
          try {
            count =
                stream(new ObjectMapper().readTree(policy).path("rules"))
                    .map(rule -> rule.path("selection"))
                    .filter(
                        selection ->
                            "imageCountMoreThan".equals(selection.path("countType").asText()))
                    .map(selection -> selection.path("countNumber").asInt())
                    .max(Integer::compare);
          } catch (IOException e) {
            throw new IllegalArgumentException(ecr.name() + ": unreadable ECR lifecycle policy", e);
          }
        }
        if (count.isPresent()) {
          kept += count.get();
        } else {
          int fromCdkJson =
              settings
                  .map(EnvironmentSettings::keepImages)
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              ecr.name() + ": the repository keeps images without a count limit"));
          notes.add(
              "the repository has no count rule: priced at cdk.json's keepImages " + fromCdkJson);
          kept += fromCdkJson;
        }
      }
      return kept;
    }

    private boolean emfEnabled() {
      List<Boolean> found = new ArrayList<>();
      Consumer<JsonNode> container =
          definition -> {
            for (JsonNode variable : definition.path("Environment")) {
              if ("CLOCKMIRROR_METRICS_EMF_ENABLED".equals(variable.path("Name").asText())) {
                found.add("true".equals(variable.path("Value").asText()));
              }
            }
          };
      app.resources("AWS::ECS::TaskDefinition")
          .forEach(task -> task.properties().path("ContainerDefinitions").forEach(container));
      return found.contains(true);
    }

    private static List<Integer> alarmPeriods(JsonNode alarm) {
      JsonNode metrics = alarm.path("Metrics");
      if (metrics.isArray() && !metrics.isEmpty()) {
        return stream(metrics)
            .filter(metric -> metric.has("MetricStat"))
            .map(metric -> metric.path("MetricStat").path("Period").asInt(60))
            .toList();
      }
      return List.of(alarm.path("Period").asInt(60));
    }

    private static Stream<JsonNode> stream(JsonNode array) {
      List<JsonNode> items = new ArrayList<>();
      array.forEach(items::add);
      return items.stream();
    }
  }
}
