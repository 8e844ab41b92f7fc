package io.clockmirror.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IInterfaceVpcEndpointService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.AlarmBehavior;
import software.amazon.awscdk.services.ecs.AwsLogDriverMode;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.DeploymentAlarmConfig;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargatePlatformVersion;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.MountPoint;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.PropagatedTagSource;
import software.amazon.awscdk.services.ecs.Protocol;
import software.amazon.awscdk.services.ecs.RequestCountScalingProps;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.ecs.Volume;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancerRedirectConfig;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeElb;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The running service of one environment: a dedicated VPC, a public load balancer and the Fargate
 * service behind it, with its logs, alarms and auto scaling.
 *
 * <p>The tasks run in isolated subnets: they have no public address and no route to the internet.
 * They reach ECR, S3 (image layers) and CloudWatch Logs through VPC endpoints.
 */
public final class AppStack extends Stack {

  /** Name of the CloudFormation parameter that selects the image the service runs. */
  public static final String IMAGE_TAG_PARAMETER = "ImageTag";

  /** Tags ECR accepts. */
  static final String IMAGE_TAG_PATTERN = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";

  static final int CONTAINER_PORT = 8080;
  static final String READINESS_PATH = "/q/health/ready";

  /**
   * A 0.25 vCPU task starts the JVM in several seconds; the load balancer's verdict is ignored for
   * this long after a task starts.
   */
  static final Duration HEALTH_CHECK_GRACE = Duration.seconds(60);

  /**
   * After SIGTERM the app stays ready-but-draining for 5 s and then finishes in-flight requests;
   * the load balancer needs no longer than that to drain a target.
   */
  static final Duration DEREGISTRATION_DELAY = Duration.seconds(15);

  private final ApplicationLoadBalancer loadBalancer;
  private final FargateService service;

  public AppStack(Construct scope, String id, StackProps stackProps, AppStackProps props) {
    super(scope, id, stackProps);
    EnvironmentSettings settings = props.settings();
    String prefix = settings.prefix();

    CfnParameter imageTag =
        CfnParameter.Builder.create(this, IMAGE_TAG_PARAMETER)
            .type("String")
            .description(
                "Tag of the image in ECR repository "
                    + props.repositoryName()
                    + " that the service runs. Later deploys keep the previous value unless"
                    + " given a new one.")
            .allowedPattern(IMAGE_TAG_PATTERN)
            .defaultValue(props.imageTag().orElse(null))
            .build();

    Bucket logBucket = logBucket(settings);
    Vpc vpc = network(prefix, logBucket);
    SubnetSelection taskSubnets =
        SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();

    SecurityGroup loadBalancerGroup =
        SecurityGroup.Builder.create(this, "LoadBalancerSecurityGroup")
            .vpc(vpc)
            .description(prefix + " load balancer: listener ports from the allowed ranges")
            .allowAllOutbound(false)
            .build();
    SecurityGroup taskGroup =
        SecurityGroup.Builder.create(this, "TaskSecurityGroup")
            .vpc(vpc)
            .description(prefix + " tasks: port " + CONTAINER_PORT + " from the load balancer")
            .allowAllOutbound(false)
            .build();
    taskGroup.addIngressRule(
        loadBalancerGroup, Port.tcp(CONTAINER_PORT), "from the load balancer only");
    loadBalancerGroup.addEgressRule(taskGroup, Port.tcp(CONTAINER_PORT), "to the tasks only");
    // The isolated subnets have no route to the internet: HTTPS can only reach the VPC
    // endpoints and, through the gateway endpoint, S3.
    taskGroup.addEgressRule(
        Peer.anyIpv4(), Port.tcp(443), "HTTPS to the VPC endpoints (ECR, S3, CloudWatch Logs)");
    endpoints(vpc, taskSubnets, taskGroup);

    loadBalancer =
        ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
            .loadBalancerName(prefix)
            .vpc(vpc)
            .internetFacing(true)
            .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
            .securityGroup(loadBalancerGroup)
            .dropInvalidHeaderFields(true)
            .build();
    loadBalancer.logAccessLogs(logBucket, "alb");

    ApplicationTargetGroup targets =
        ApplicationTargetGroup.Builder.create(this, "Targets")
            .vpc(vpc)
            .targetType(TargetType.IP)
            .protocol(ApplicationProtocol.HTTP)
            .port(CONTAINER_PORT)
            .deregistrationDelay(DEREGISTRATION_DELAY)
            .healthCheck(
                HealthCheck.builder()
                    .path(READINESS_PATH)
                    .healthyHttpCodes("200")
                    .interval(Duration.seconds(10))
                    .timeout(Duration.seconds(5))
                    .healthyThresholdCount(2)
                    .unhealthyThresholdCount(3)
                    .build())
            .build();
    String scheme = listeners(settings, loadBalancerGroup, targets);

    Cluster cluster =
        Cluster.Builder.create(this, "Cluster")
            .clusterName(prefix)
            .vpc(vpc)
            .containerInsightsV2(ContainerInsights.ENABLED)
            .build();
    LogGroup logGroup =
        LogGroup.Builder.create(this, "Logs")
            .logGroupName("/ecs/" + prefix)
            .retention(retention(settings.logRetentionDays()))
            // The name is fixed, so a kept log group would block the next deploy after a
            // teardown; the retention already bounds what is lost.
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    IRepository repository =
        Repository.fromRepositoryName(this, "Repository", props.repositoryName());
    FargateTaskDefinition task = taskDefinition(settings, repository, imageTag, logGroup);

    List<Alarm> alarms = alarms(prefix, settings, targets);
    service =
        FargateService.Builder.create(this, "Service")
            .serviceName(prefix)
            .cluster(cluster)
            .taskDefinition(task)
            .platformVersion(FargatePlatformVersion.VERSION1_4)
            .vpcSubnets(taskSubnets)
            .assignPublicIp(false)
            .securityGroups(List.of(taskGroup))
            // No desiredCount: CloudFormation then leaves the running count to auto scaling on
            // every update instead of resetting it.
            .minHealthyPercent(100)
            .maxHealthyPercent(200)
            .healthCheckGracePeriod(HEALTH_CHECK_GRACE)
            .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
            .deploymentAlarms(
                DeploymentAlarmConfig.builder()
                    .alarmNames(alarms.stream().map(Alarm::getAlarmName).toList())
                    .behavior(AlarmBehavior.ROLLBACK_ON_ALARM)
                    .build())
            .propagateTags(PropagatedTagSource.SERVICE)
            .build();
    alarms.forEach(alarm -> service.getNode().addDependency(alarm));
    service.attachToApplicationTargetGroup(targets);
    scaling(settings, targets);

    CfnOutput.Builder.create(this, "ServiceUrl")
        .description("Where the service answers")
        .value(scheme + "://" + loadBalancer.getLoadBalancerDnsName())
        .build();
    CfnOutput.Builder.create(this, "ClusterName").value(cluster.getClusterName()).build();
    CfnOutput.Builder.create(this, "ServiceName").value(service.getServiceName()).build();
    CfnOutput.Builder.create(this, "LogGroupName").value(logGroup.getLogGroupName()).build();
    CfnOutput.Builder.create(this, "AccessLogBucket").value(logBucket.getBucketName()).build();

    suppressFindings(settings, logBucket, loadBalancerGroup);
    NagSuppressions.addResourceSuppressions(
        task.obtainExecutionRole(),
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .appliesTo(List.of("Resource::*"))
                .reason(
                    "ecr:GetAuthorizationToken, needed to pull the image, supports no resource-level"
                        + " permissions; every other statement of the role names its resource.")
                .build()),
        true);
  }

  public ApplicationLoadBalancer loadBalancer() {
    return loadBalancer;
  }

  public FargateService service() {
    return service;
  }

  private Bucket logBucket(EnvironmentSettings settings) {
    return Bucket.Builder.create(this, "AccessLogs")
        // Load balancer access logs can only be written with S3-managed keys.
        .encryption(BucketEncryption.S3_MANAGED)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
        .enforceSsl(true)
        .versioned(false)
        .lifecycleRules(
            List.of(
                LifecycleRule.builder()
                    .id("expire")
                    .expiration(Duration.days(settings.logRetentionDays()))
                    .build()))
        // Access logs are evidence: a teardown keeps them until they expire or are deleted.
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
  }

  private Vpc network(String prefix, Bucket logBucket) {
    SubnetSelection isolated =
        SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
    return Vpc.Builder.create(this, "Vpc")
        .vpcName(prefix)
        .ipAddresses(IpAddresses.cidr("10.40.0.0/16"))
        .maxAzs(2)
        .natGateways(0)
        .subnetConfiguration(
            List.of(
                SubnetConfiguration.builder()
                    .name("public")
                    .subnetType(SubnetType.PUBLIC)
                    .cidrMask(24)
                    .mapPublicIpOnLaunch(false)
                    .build(),
                SubnetConfiguration.builder()
                    .name("app")
                    .subnetType(SubnetType.PRIVATE_ISOLATED)
                    .cidrMask(22)
                    .build()))
        .gatewayEndpoints(
            Map.of(
                "S3",
                GatewayVpcEndpointOptions.builder()
                    .service(GatewayVpcEndpointAwsService.S3)
                    .subnets(List.of(isolated))
                    .build()))
        .flowLogs(
            Map.of(
                "All",
                FlowLogOptions.builder()
                    .destination(FlowLogDestination.toS3(logBucket, "vpc-flow-logs/"))
                    .trafficType(FlowLogTrafficType.ALL)
                    .build()))
        .build();
  }

  /** Interface endpoints the tasks need to pull their image and ship their logs. */
  private void endpoints(Vpc vpc, SubnetSelection subnets, SecurityGroup taskGroup) {
    Map<String, IInterfaceVpcEndpointService> services =
        Map.of(
            "EcrApi", InterfaceVpcEndpointAwsService.ECR,
            "EcrDocker", InterfaceVpcEndpointAwsService.ECR_DOCKER,
            "Logs", InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS);
    services.forEach(
        (name, endpointService) -> {
          InterfaceVpcEndpoint endpoint =
              vpc.addInterfaceEndpoint(
                  name,
                  InterfaceVpcEndpointOptions.builder()
                      .service(endpointService)
                      .subnets(subnets)
                      .privateDnsEnabled(true)
                      // Only the tasks may use the endpoints, not the whole VPC range.
                      .open(false)
                      .build());
          endpoint.getConnections().allowDefaultPortFrom(taskGroup, "from the tasks");
        });
  }

  /**
   * Adds the listeners and opens their ports to the allowed ranges.
   *
   * @return the URL scheme clients use
   */
  private String listeners(
      EnvironmentSettings settings,
      SecurityGroup loadBalancerGroup,
      ApplicationTargetGroup targets) {
    List<Integer> ports;
    String scheme;
    if (settings.certificateArn().isPresent()) {
      loadBalancer.addListener(
          "Https",
          BaseApplicationListenerProps.builder()
              .protocol(ApplicationProtocol.HTTPS)
              .port(443)
              .certificates(List.of(ListenerCertificate.fromArn(settings.certificateArn().get())))
              .open(false)
              .defaultTargetGroups(List.of(targets))
              .build());
      loadBalancer.addRedirect(
          ApplicationLoadBalancerRedirectConfig.builder()
              .sourceProtocol(ApplicationProtocol.HTTP)
              .sourcePort(80)
              .targetProtocol(ApplicationProtocol.HTTPS)
              .targetPort(443)
              .open(false)
              .build());
      ports = List.of(80, 443);
      scheme = "https";
    } else {
      loadBalancer.addListener(
          "Http",
          BaseApplicationListenerProps.builder()
              .protocol(ApplicationProtocol.HTTP)
              .port(80)
              .open(false)
              .defaultTargetGroups(List.of(targets))
              .build());
      ports = List.of(80);
      scheme = "http";
    }
    for (String cidr : settings.allowedCidrs()) {
      for (int port : ports) {
        loadBalancerGroup.addIngressRule(
            Peer.ipv4(cidr), Port.tcp(port), "port " + port + " from " + cidr);
      }
    }
    return scheme;
  }

  private FargateTaskDefinition taskDefinition(
      EnvironmentSettings settings,
      IRepository repository,
      CfnParameter imageTag,
      LogGroup logGroup) {
    FargateTaskDefinition task =
        FargateTaskDefinition.Builder.create(this, "Task")
            .family(settings.prefix())
            .cpu(settings.cpu())
            .memoryLimitMiB(settings.memoryMiB())
            .runtimePlatform(
                RuntimePlatform.builder()
                    .operatingSystemFamily(OperatingSystemFamily.LINUX)
                    .cpuArchitecture(settings.cpuArchitecture().toEcs())
                    .build())
            .build();
    // The root filesystem is read-only; the JVM and Vert.x still need a writable /tmp.
    task.addVolume(Volume.builder().name("tmp").build());
    ContainerDefinition container =
        task.addContainer(
            "App",
            ContainerDefinitionOptions.builder()
                .containerName("clockmirror")
                .image(ContainerImage.fromEcrRepository(repository, imageTag.getValueAsString()))
                .essential(true)
                .readonlyRootFilesystem(true)
                .portMappings(
                    List.of(
                        PortMapping.builder()
                            .name("http")
                            .containerPort(CONTAINER_PORT)
                            .protocol(Protocol.TCP)
                            .build()))
                // The app drains for at most 25 s after SIGTERM (SHUTDOWN_DELAY + TIMEOUT).
                .stopTimeout(Duration.seconds(30))
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
    container.addMountPoints(
        MountPoint.builder().sourceVolume("tmp").containerPath("/tmp").readOnly(false).build());
    return task;
  }

  /** The alarms that roll a deployment back; they also fire outside deployments. */
  private List<Alarm> alarms(
      String prefix, EnvironmentSettings settings, ApplicationTargetGroup targets) {
    MetricOptions sumPerMinute =
        MetricOptions.builder().statistic("Sum").period(Duration.minutes(1)).build();
    MathExpression errorRate =
        MathExpression.Builder.create()
            .label("5xx responses, % of requests")
            .expression(
                "IF(requests > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)")
            .usingMetrics(
                Map.<String, IMetric>of(
                    "target5xx",
                    targets
                        .getMetrics()
                        .httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, sumPerMinute),
                    "elb5xx",
                    loadBalancer.getMetrics().httpCodeElb(HttpCodeElb.ELB_5XX_COUNT, sumPerMinute),
                    "requests",
                    loadBalancer.getMetrics().requestCount(sumPerMinute)))
            .period(Duration.minutes(1))
            .build();
    Alarm errors =
        Alarm.Builder.create(this, "ErrorRateAlarm")
            .alarmName(prefix + "-5xx-rate")
            .alarmDescription(
                "More than " + settings.max5xxPercent() + " % of requests answered with 5xx")
            .metric(errorRate)
            .threshold(settings.max5xxPercent())
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(3)
            .datapointsToAlarm(2)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build();
    Alarm latency =
        Alarm.Builder.create(this, "LatencyAlarm")
            .alarmName(prefix + "-p99-latency")
            .alarmDescription(
                "p99 target response time above " + settings.p99LatencyMillis() + " ms")
            .metric(
                targets
                    .getMetrics()
                    .targetResponseTime(
                        MetricOptions.builder()
                            .statistic("p99")
                            .period(Duration.minutes(1))
                            .build()))
            .threshold(settings.p99LatencyMillis() / 1000.0)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(3)
            .datapointsToAlarm(2)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build();
    Alarm unhealthy =
        Alarm.Builder.create(this, "UnhealthyHostsAlarm")
            .alarmName(prefix + "-unhealthy-hosts")
            .alarmDescription("A task fails the load balancer's readiness check")
            .metric(
                targets
                    .getMetrics()
                    .unhealthyHostCount(
                        MetricOptions.builder()
                            .statistic("Maximum")
                            .period(Duration.minutes(1))
                            .build()))
            .threshold(1)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
            .evaluationPeriods(2)
            .datapointsToAlarm(2)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build();
    return List.of(errors, latency, unhealthy);
  }

  private void scaling(EnvironmentSettings settings, ApplicationTargetGroup targets) {
    ScalableTaskCount scaling =
        service.autoScaleTaskCount(
            EnableScalingProps.builder()
                .minCapacity(setting(settings, SsmOverridable.MIN_CAPACITY, settings.minCapacity()))
                .maxCapacity(setting(settings, SsmOverridable.MAX_CAPACITY, settings.maxCapacity()))
                .build());
    scaling.scaleOnCpuUtilization(
        "Cpu",
        CpuUtilizationScalingProps.builder()
            .targetUtilizationPercent(
                setting(settings, SsmOverridable.CPU_TARGET_PERCENT, settings.cpuTargetPercent()))
            .scaleOutCooldown(Duration.seconds(60))
            .scaleInCooldown(Duration.seconds(300))
            .build());
    scaling.scaleOnRequestCount(
        "Requests",
        RequestCountScalingProps.builder()
            .requestsPerTarget(
                setting(settings, SsmOverridable.REQUESTS_PER_TARGET, settings.requestsPerTarget()))
            .targetGroup(targets)
            .scaleOutCooldown(Duration.seconds(60))
            .scaleInCooldown(Duration.seconds(300))
            .build());
  }

  /**
   * The value from {@code cdk.json}, or, when the environment reads it from SSM, a Number parameter
   * of the stack without a default: the deploy passes the value it read from Parameter Store
   * ({@code ci/ssm-parameters.sh}). A parameter of type {@code AWS::SSM::Parameter::Value} would
   * make CloudFormation read it with the CDK bootstrap deploy role, which may not.
   */
  private Number setting(EnvironmentSettings settings, SsmOverridable setting, int fromContext) {
    if (!settings.ssmOverrides().contains(setting)) {
      return fromContext;
    }
    CfnParameter.Builder parameter =
        CfnParameter.Builder.create(this, setting.parameterName())
            .type("Number")
            .description(
                setting.key()
                    + " from SSM parameter "
                    + settings.ssmParameterName(setting)
                    + ", passed by ci/ssm-parameters.sh at deploy time")
            .minValue(setting.minValue());
    setting.maxValue().ifPresent(parameter::maxValue);
    return parameter.build().getValueAsNumber();
  }

  private static RetentionDays retention(int days) {
    return switch (days) {
      case 1 -> RetentionDays.ONE_DAY;
      case 3 -> RetentionDays.THREE_DAYS;
      case 5 -> RetentionDays.FIVE_DAYS;
      case 7 -> RetentionDays.ONE_WEEK;
      case 14 -> RetentionDays.TWO_WEEKS;
      case 30 -> RetentionDays.ONE_MONTH;
      case 60 -> RetentionDays.TWO_MONTHS;
      case 90 -> RetentionDays.THREE_MONTHS;
      case 120 -> RetentionDays.FOUR_MONTHS;
      case 150 -> RetentionDays.FIVE_MONTHS;
      case 180 -> RetentionDays.SIX_MONTHS;
      case 365 -> RetentionDays.ONE_YEAR;
      case 400 -> RetentionDays.THIRTEEN_MONTHS;
      case 545 -> RetentionDays.EIGHTEEN_MONTHS;
      case 731 -> RetentionDays.TWO_YEARS;
      case 1096 -> RetentionDays.THREE_YEARS;
      case 1827 -> RetentionDays.FIVE_YEARS;
      case 3653 -> RetentionDays.TEN_YEARS;
      default -> throw new IllegalArgumentException("no log retention of " + days + " days");
    };
  }

  /** Accepted cdk-nag findings, each with the reason it is accepted. */
  private static void suppressFindings(
      EnvironmentSettings settings, Bucket logBucket, SecurityGroup loadBalancerGroup) {
    NagSuppressions.addResourceSuppressions(
        logBucket,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-S1")
                .reason(
                    "The bucket is itself the sink of the load balancer's and VPC's access logs;"
                        + " logging access to it would need yet another bucket.")
                .build()),
        true);
    if (settings.allowedCidrs().contains("0.0.0.0/0")) {
      NagSuppressions.addResourceSuppressions(
          loadBalancerGroup,
          List.of(
              NagPackSuppression.builder()
                  .id("AwsSolutions-EC23")
                  .reason(
                      "A public HTTP API: this environment's allowedCidrs opens the load"
                          + " balancer's listener ports to the internet on purpose.")
                  .build()),
          true);
    }
  }
}
