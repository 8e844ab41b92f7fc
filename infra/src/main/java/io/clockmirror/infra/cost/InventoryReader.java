package io.clockmirror.infra.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clockmirror.infra.cost.CfnTemplate.Resource;
import io.clockmirror.infra.cost.Inventory.Architecture;
import io.clockmirror.infra.cost.Inventory.CapacityStrategy;
import io.clockmirror.infra.cost.Inventory.ContainerInsights;
import io.clockmirror.infra.cost.Inventory.LambdaFunction;
import io.clockmirror.infra.cost.Inventory.Scaling;
import io.clockmirror.infra.cost.Inventory.TaskSize;
import io.clockmirror.infra.settings.EnvironmentSettings;
import io.clockmirror.infra.settings.SsmOverridable;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Reads an environment's templates into an {@link Inventory}; one instance per environment. */
final class InventoryReader {
  private final String environment;
  private final CfnTemplate app;
  private final Optional<EnvironmentSettings> settings;
  private final List<String> notes = new ArrayList<>();

  InventoryReader(String environment, CfnTemplate app, Optional<EnvironmentSettings> settings) {
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
        loadBalancers.stream().mapToInt(InventoryReader::publicAddresses).sum(),
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
      JsonNode configuration = policy.properties().path("TargetTrackingScalingPolicyConfiguration");
      String metric =
          configuration.path("PredefinedMetricSpecification").path("PredefinedMetricType").asText();
      if (metric.equals("ECSServiceAverageCPUUtilization")) {
        cpu = Optional.of(number(configuration.path("TargetValue"), "CPU target"));
      } else if (metric.equals("ALBRequestCountPerTarget") || readsRequestCount(configuration)) {
        requests = Optional.of(number(configuration.path("TargetValue"), "requests per target"));
      }
    }
    if (cpu.isEmpty() && requests.isEmpty()) {
      notes.add("no target tracking on CPU or requests: the service runs its minimum at any load");
    }
    List<ScheduledCapacity.Action> actions = new ArrayList<>();
    for (JsonNode action : properties.path("ScheduledActions")) {
      if (action.has("Fn::If")) {
        // An action that exists only for one deploy (a deploy outside office hours keeps the
        // service up until it ends): not part of the weekly schedule.
        notes.add(
            "a deploy outside office hours keeps the service up until the next stop: not"
                + " priced here");
        continue;
      }
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
      zone = action.has("Timezone") ? ZoneId.of(action.path("Timezone").asText()) : ZoneOffset.UTC;
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
              .map(association -> association.properties().path("DefaultCapacityProviderStrategy"))
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
