package io.clockmirror.infra.constructs;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalableTarget;
import software.amazon.awscdk.services.applicationautoscaling.CfnScalingPolicy;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.applicationautoscaling.ScalableTarget;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.Dimension;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.MetricStatConfig;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ecs.AlarmBehavior;
import software.amazon.awscdk.services.ecs.AwsLogDriverMode;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.CapacityProviderStrategy;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.DeploymentAlarmConfig;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.DeploymentStrategy;
import software.amazon.awscdk.services.ecs.FargatePlatformVersion;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LoadBalancerTargetOptions;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.MountPoint;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.PropagatedTagSource;
import software.amazon.awscdk.services.ecs.Protocol;
import software.amazon.awscdk.services.ecs.RequestCountScalingProps;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.ecs.TrafficShiftConfig;
import software.amazon.awscdk.services.ecs.Volume;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * One container on Fargate behind a {@link PublicLoadBalancer}: cluster, log group, task
 * definition, service and auto scaling. See {@link FargateAppProps} for what can be set.
 *
 * <p>Secure defaults: the container's root filesystem is read-only (a task volume is mounted at
 * {@code /tmp}); the tasks get no public address and their security group admits only the load
 * balancer; the service neither scales down below its healthy count during a deployment nor keeps a
 * failing one, since the circuit breaker and every rollback alarm roll it back.
 */
public final class FargateApp extends Construct {

  private static final Duration SCALE_OUT_COOLDOWN = Duration.seconds(60);
  private static final Duration SCALE_IN_COOLDOWN = Duration.seconds(300);

  private final SecurityGroup securityGroup;
  private final Cluster cluster;
  private final LogGroup logGroup;
  private final FargateTaskDefinition taskDefinition;
  private final FargateService service;

  public FargateApp(Construct scope, String id, FargateAppProps props) {
    super(scope, id);
    int port = props.container().port();
    PublicLoadBalancer loadBalancer = props.loadBalancer();
    securityGroup =
        SecurityGroup.Builder.create(this, "SecurityGroup")
            .vpc(props.vpc())
            .description(props.name() + " tasks: port " + port + " from the load balancer")
            .allowAllOutbound(false)
            .build();
    securityGroup.addIngressRule(
        loadBalancer.securityGroup(), Port.tcp(port), "from the load balancer only");
    loadBalancer.securityGroup().addEgressRule(securityGroup, Port.tcp(port), "to the tasks only");

    cluster =
        Cluster.Builder.create(this, "Cluster")
            .clusterName(props.name())
            .vpc(props.vpc())
            .containerInsightsV2(
                props.containerInsights() ? ContainerInsights.ENABLED : ContainerInsights.DISABLED)
            .enableFargateCapacityProviders(
                props.capacity() == FargateAppProps.Capacity.FARGATE_SPOT)
            .build();
    if (!props.containerInsights()) {
      NagSuppressions.addResourceSuppressions(
          cluster,
          List.of(
              NagPackSuppression.builder()
                  .id("AwsSolutions-ECS4")
                  .reason(
                      "Container Insights is off on purpose in this environment (cdk.json"
                          + " operations.containerInsights: false) to keep its idle bill low;"
                          + " the load balancer's and ECS's own metrics and the service's logs"
                          + " remain.")
                  .build()),
          true);
    }
    logGroup =
        LogRetention.group(
            this, "Logs", props.container().logGroupName(), props.container().logRetentionDays());
    taskDefinition = taskDefinition(props);

    List<Alarm> alarms = props.rollbackAlarms();
    FargateService.Builder builder =
        FargateService.Builder.create(this, "Service")
            .serviceName(props.name())
            .cluster(cluster)
            .taskDefinition(taskDefinition)
            .platformVersion(FargatePlatformVersion.VERSION1_4)
            .vpcSubnets(props.subnets())
            .assignPublicIp(props.publicAddress())
            .securityGroups(List.of(securityGroup))
            // No desiredCount: CloudFormation then leaves the running count to auto scaling on
            // every update instead of resetting it.
            .minHealthyPercent(100)
            .maxHealthyPercent(200)
            .healthCheckGracePeriod(props.healthCheckGrace())
            .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
            .deploymentAlarms(
                DeploymentAlarmConfig.builder()
                    .alarmNames(alarms.stream().map(Alarm::getAlarmName).toList())
                    .behavior(AlarmBehavior.ROLLBACK_ON_ALARM)
                    .build())
            .propagateTags(PropagatedTagSource.SERVICE);
    if (props.capacity() == FargateAppProps.Capacity.FARGATE_SPOT) {
      // Every task on Spot. An interrupted task gets SIGTERM two minutes before it is stopped;
      // the service drains within its stop timeout, well inside them.
      builder.capacityProviderStrategies(
          List.of(
              CapacityProviderStrategy.builder()
                  .capacityProvider("FARGATE_SPOT")
                  .weight(1)
                  .build()));
    }
    FargateAppProps.Rollout rollout = props.rollout();
    if (rollout.strategy() == DeploymentStrategy.ROLLING) {
      service = builder.build();
      service.attachToApplicationTargetGroup(loadBalancer.targetGroup());
    } else {
      service = shiftingTraffic(builder, rollout);
      service
          .loadBalancerTarget(
              LoadBalancerTargetOptions.builder()
                  .containerName(props.container().name())
                  .containerPort(port)
                  .alternateTarget(rollout.alternateTarget().orElseThrow())
                  .build())
          .attachToApplicationTargetGroup(loadBalancer.targetGroup());
      rollout.gates().forEach(service::addLifecycleHook);
      service.addLifecycleHook(rollout.hook().orElseThrow());
      // aws-cdk-lib makes the service depend on the listener rules its AdvancedConfiguration
      // already references.
      CfnLint.allowRedundantDependency((CfnResource) service.getNode().getDefaultChild());
    }
    scaling(props);

    NagSuppressions.addResourceSuppressions(
        taskDefinition.obtainExecutionRole(),
        List.of(
            NagResources.wildcard(
                "*",
                "ecr:GetAuthorizationToken, needed to pull the image, supports no resource-level"
                    + " permissions; every other statement of the role names its resource.")),
        true);
  }

  /** The service with ECS's own blue/green, canary or linear traffic shifting. */
  private static FargateService shiftingTraffic(
      FargateService.Builder builder, FargateAppProps.Rollout rollout) {
    Duration bake = rollout.bake().orElseThrow();
    builder.deploymentStrategy(rollout.strategy()).bakeTime(bake);
    rollout
        .stepPercent()
        .map(
            percent -> TrafficShiftConfig.builder().stepPercent(percent).stepBakeTime(bake).build())
        .ifPresent(
            step -> {
              if (rollout.strategy() == DeploymentStrategy.CANARY) {
                builder.canaryConfiguration(step);
              } else {
                builder.linearConfiguration(step);
              }
            });
    return builder.build();
  }

  private FargateTaskDefinition taskDefinition(FargateAppProps props) {
    FargateAppProps.TaskSize size = props.size();
    FargateAppProps.Container container = props.container();
    FargateTaskDefinition task =
        FargateTaskDefinition.Builder.create(this, "Task")
            .family(props.name())
            .cpu(size.cpu())
            .memoryLimitMiB(size.memoryMiB())
            .runtimePlatform(
                RuntimePlatform.builder()
                    .operatingSystemFamily(OperatingSystemFamily.LINUX)
                    .cpuArchitecture(size.architecture())
                    .build())
            .build();
    // The root filesystem is read-only; the JVM and Vert.x still need a writable /tmp.
    task.addVolume(Volume.builder().name("tmp").build());
    ContainerDefinition definition =
        task.addContainer(
            "App",
            ContainerDefinitionOptions.builder()
                .containerName(container.name())
                .image(container.image())
                .essential(true)
                .readonlyRootFilesystem(true)
                .portMappings(
                    List.of(
                        PortMapping.builder()
                            .name("http")
                            .containerPort(container.port())
                            .protocol(Protocol.TCP)
                            .build()))
                .stopTimeout(container.stopTimeout())
                .logging(
                    LogDriver.awsLogs(
                        AwsLogDriverProps.builder()
                            .logGroup(logGroup)
                            .streamPrefix("app")
                            // A slow log endpoint must not block request threads.
                            .mode(AwsLogDriverMode.NON_BLOCKING)
                            .maxBufferSize(Size.mebibytes(25))
                            .build()))
                .build());
    definition.addMountPoints(
        MountPoint.builder().sourceVolume("tmp").containerPath("/tmp").readOnly(false).build());
    return task;
  }

  /**
   * Target tracking on CPU and on requests per task (over every serving target group); out after 1
   * minute, in after 5.
   */
  private void scaling(FargateAppProps props) {
    FargateAppProps.Scaling settings = props.scaling();
    ScalableTaskCount scaling =
        service.autoScaleTaskCount(
            EnableScalingProps.builder()
                .minCapacity(settings.minCapacity())
                .maxCapacity(settings.maxCapacity())
                .build());
    props.schedule().ifPresent(schedule -> officeHours(scaling, schedule, settings));
    scaling.scaleOnCpuUtilization(
        "Cpu",
        CpuUtilizationScalingProps.builder()
            .targetUtilizationPercent(settings.cpuTargetPercent())
            .scaleOutCooldown(SCALE_OUT_COOLDOWN)
            .scaleInCooldown(SCALE_IN_COOLDOWN)
            .build());
    ServingTargetGroups groups = props.targetGroups();
    if (groups.alternate().isEmpty()) {
      scaling.scaleOnRequestCount(
          "Requests",
          RequestCountScalingProps.builder()
              .requestsPerTarget(settings.requestsPerTarget())
              .targetGroup(groups.primary())
              .scaleOutCooldown(SCALE_OUT_COOLDOWN)
              .scaleInCooldown(SCALE_IN_COOLDOWN)
              .build());
    } else {
      requestsOverBothGroups(scaling, groups, settings.requestsPerTarget());
    }
  }

  /**
   * The office-hours schedule as scheduled actions of the scalable target: to zero at {@code stop},
   * back to the scaling bounds at {@code start}, and, while a deploy outside office hours asks for
   * it ({@code awakeUntil}), back to the bounds every minute until then. Written at the
   * CloudFormation level: the deploy's wake-up is a list element only when its parameter is set.
   */
  private void officeHours(
      ScalableTaskCount scaling,
      FargateAppProps.Schedule schedule,
      FargateAppProps.Scaling bounds) {
    CfnScalableTarget target =
        (CfnScalableTarget) scaling.getNode().findChild("Target").getNode().getDefaultChild();
    CfnCondition awake =
        CfnCondition.Builder.create(this, "AwakeForADeploy")
            .expression(Fn.conditionNot(Fn.conditionEquals(schedule.awakeUntil(), "")))
            .build();
    target.addPropertyOverride(
        "ScheduledActions",
        List.of(
            scheduledAction(
                "office-hours-start",
                schedule.start(),
                schedule.timeZone(),
                bounds.minCapacity(),
                bounds.maxCapacity()),
            scheduledAction("office-hours-stop", schedule.stop(), schedule.timeZone(), 0, 0),
            Fn.conditionIf(
                awake.getLogicalId(),
                withEndTime(
                    scheduledAction(
                        "awake-for-a-deploy",
                        "rate(1 minute)",
                        schedule.timeZone(),
                        bounds.minCapacity(),
                        bounds.maxCapacity()),
                    schedule.awakeUntil()),
                Aws.NO_VALUE)));
  }

  private static Map<String, Object> scheduledAction(
      String name, String expression, String timeZone, Object min, Object max) {
    Map<String, Object> action = new LinkedHashMap<>();
    action.put("ScheduledActionName", name);
    action.put("Schedule", expression);
    action.put("Timezone", timeZone);
    action.put("ScalableTargetAction", orderedMap("MinCapacity", min, "MaxCapacity", max));
    return action;
  }

  private static Map<String, Object> withEndTime(Map<String, Object> action, String endTime) {
    Map<String, Object> bounded = new LinkedHashMap<>(action);
    bounded.put("EndTime", endTime);
    return bounded;
  }

  private static Map<String, Object> orderedMap(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }

  /**
   * Target tracking of the requests per running task over both target groups. ECS moves production
   * traffic to the other group on every deployment, so the predefined {@code
   * ALBRequestCountPerTarget}, which reads one group, would see no requests after every other
   * deployment. The sum of both groups' request counts (the idle one counts 0) divided by the
   * service's running tasks follows whichever group is live. aws-cdk-lib renders only single
   * metrics for target tracking, so the policy is written at the CloudFormation level.
   */
  private void requestsOverBothGroups(
      ScalableTaskCount scaling, ServingTargetGroups groups, Number requestsPerTarget) {
    List<CfnScalingPolicy.TargetTrackingMetricDataQueryProperty> queries = new ArrayList<>();
    groups
        .byId(
            group ->
                group.requestCount(
                    MetricOptions.builder().statistic("Sum").period(Duration.minutes(1)).build()))
        .forEach((id, metric) -> queries.add(query(id, (Metric) metric, "Sum")));
    queries.add(query("tasks", OperationsAlarms.runningTasks(service), "Average"));
    queries.add(
        CfnScalingPolicy.TargetTrackingMetricDataQueryProperty.builder()
            .id("perTask")
            .label("Requests per running task per minute, both target groups")
            .expression(
                "IF(FILL(tasks, 0) > 0, (FILL(primary, 0) + FILL(alternate, 0)) / FILL(tasks, 0),"
                    + " FILL(primary, 0) + FILL(alternate, 0))")
            .returnData(true)
            .build());
    ScalableTarget target = (ScalableTarget) scaling.getNode().findChild("Target");
    Construct scope = new Construct(scaling, "Requests");
    CfnScalingPolicy.Builder.create(scope, "Resource")
        .policyName(software.amazon.awscdk.Names.uniqueId(scope))
        .policyType("TargetTrackingScaling")
        .scalingTargetId(target.getScalableTargetId())
        .targetTrackingScalingPolicyConfiguration(
            CfnScalingPolicy.TargetTrackingScalingPolicyConfigurationProperty.builder()
                .targetValue(requestsPerTarget)
                .scaleOutCooldown(SCALE_OUT_COOLDOWN.toSeconds())
                .scaleInCooldown(SCALE_IN_COOLDOWN.toSeconds())
                .customizedMetricSpecification(
                    CfnScalingPolicy.CustomizedMetricSpecificationProperty.builder()
                        .metrics(List.copyOf(queries))
                        .build())
                .build())
        .build();
  }

  /** One metric of a target-tracking query, not itself a result. */
  private static CfnScalingPolicy.TargetTrackingMetricDataQueryProperty query(
      String id, Metric metric, String statistic) {
    MetricStatConfig stat = metric.toMetricConfig().getMetricStat();
    List<CfnScalingPolicy.TargetTrackingMetricDimensionProperty> dimensions = new ArrayList<>();
    for (Dimension dimension : stat.getDimensions()) {
      dimensions.add(
          CfnScalingPolicy.TargetTrackingMetricDimensionProperty.builder()
              .name(dimension.getName())
              .value(String.valueOf(dimension.getValue()))
              .build());
    }
    return CfnScalingPolicy.TargetTrackingMetricDataQueryProperty.builder()
        .id(id)
        .metricStat(
            CfnScalingPolicy.TargetTrackingMetricStatProperty.builder()
                .metric(
                    CfnScalingPolicy.TargetTrackingMetricProperty.builder()
                        .namespace(stat.getNamespace())
                        .metricName(stat.getMetricName())
                        .dimensions(dimensions)
                        .build())
                .stat(statistic)
                .build())
        .returnData(false)
        .build();
  }

  public SecurityGroup securityGroup() {
    return securityGroup;
  }

  public Cluster cluster() {
    return cluster;
  }

  public LogGroup logGroup() {
    return logGroup;
  }

  public FargateTaskDefinition taskDefinition() {
    return taskDefinition;
  }

  public FargateService service() {
    return service;
  }
}
