package io.clockmirror.infra.constructs;

import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ecs.AlarmBehavior;
import software.amazon.awscdk.services.ecs.AwsLogDriverMode;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
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
            .containerInsightsV2(ContainerInsights.ENABLED)
            .build();
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
            .assignPublicIp(false)
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

  /** Target tracking on CPU and on requests per task; out after 1 minute, in after 5. */
  private void scaling(FargateAppProps props) {
    FargateAppProps.Scaling settings = props.scaling();
    ScalableTaskCount scaling =
        service.autoScaleTaskCount(
            EnableScalingProps.builder()
                .minCapacity(settings.minCapacity())
                .maxCapacity(settings.maxCapacity())
                .build());
    scaling.scaleOnCpuUtilization(
        "Cpu",
        CpuUtilizationScalingProps.builder()
            .targetUtilizationPercent(settings.cpuTargetPercent())
            .scaleOutCooldown(Duration.seconds(60))
            .scaleInCooldown(Duration.seconds(300))
            .build());
    scaling.scaleOnRequestCount(
        "Requests",
        RequestCountScalingProps.builder()
            .requestsPerTarget(settings.requestsPerTarget())
            .targetGroup(props.loadBalancer().targetGroup())
            .scaleOutCooldown(Duration.seconds(60))
            .scaleInCooldown(Duration.seconds(300))
            .build());
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
