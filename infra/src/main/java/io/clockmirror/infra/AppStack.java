package io.clockmirror.infra;

import io.clockmirror.infra.constructs.AlarmTopic;
import io.clockmirror.infra.constructs.DeployHook;
import io.clockmirror.infra.constructs.DeploymentAlarms;
import io.clockmirror.infra.constructs.FargateApp;
import io.clockmirror.infra.constructs.FargateAppProps;
import io.clockmirror.infra.constructs.LogBucket;
import io.clockmirror.infra.constructs.LogQueries;
import io.clockmirror.infra.constructs.Network;
import io.clockmirror.infra.constructs.OperationsAlarms;
import io.clockmirror.infra.constructs.PublicLoadBalancer;
import io.clockmirror.infra.constructs.ServiceDashboard;
import io.clockmirror.infra.constructs.TrafficShiftRoutes;
import io.clockmirror.infra.constructs.WebFirewall;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.DeploymentStrategy;
import software.constructs.Construct;

/**
 * The running service of one environment: a {@link Network} of its own, a {@link
 * PublicLoadBalancer}, the {@link DeploymentAlarms} and the {@link FargateApp} behind it, all
 * logging access to one {@link LogBucket}.
 *
 * <p>The tasks run in isolated subnets: they have no public address and no route to the internet.
 * They reach ECR, S3 (image layers) and CloudWatch Logs through VPC endpoints.
 */
public final class AppStack extends Stack {

  /** Name of the CloudFormation parameter that selects the image the service runs. */
  public static final String IMAGE_TAG_PARAMETER = "ImageTag";

  /** Name of the CloudFormation parameter that names the build version the image reports. */
  public static final String IMAGE_VERSION_PARAMETER = "ImageVersion";

  /** The versions {@code buildspec/project-version.sh} accepts: MAJOR.MINOR.PATCH[-pre.release]. */
  static final String IMAGE_VERSION_PATTERN =
      "(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?";

  /** The {@code deploy-hook} module's deployment file, relative to the repository root. */
  static final String DEPLOY_HOOK_JAR = "deploy-hook/target/deploy-hook.jar";

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

  /** The app drains for at most 25 s after SIGTERM (SHUTDOWN_DELAY + TIMEOUT). */
  static final Duration STOP_TIMEOUT = Duration.seconds(30);

  private final PublicLoadBalancer loadBalancer;
  private final FargateApp app;

  public AppStack(Construct scope, String id, StackProps stackProps, AppStackProps props) {
    super(scope, id, stackProps);
    EnvironmentSettings settings = props.settings();
    Names names = settings.names();
    CfnParameter imageTag = AppParameters.imageTag(this, props.repositoryName(), props.imageTag());
    CfnParameter imageVersion = AppParameters.imageVersion(this);

    LogBucket accessLogs =
        new LogBucket(
            this,
            "AccessLogs",
            new LogBucket.Props(
                settings.logRetentionDays(),
                Optional.of("expire"),
                "The bucket is itself the sink of the load balancer's and VPC's access logs;"
                    + " logging access to it would need yet another bucket."));
    Network network =
        new Network(this, "Network", new Network.Props(names.service(), accessLogs.bucket()));
    loadBalancer =
        new PublicLoadBalancer(
            this,
            "LoadBalancer",
            new PublicLoadBalancer.Props(
                names.service(),
                network.vpc(),
                settings.allowedCidrs(),
                settings.certificateArn(),
                accessLogs.bucket(),
                CONTAINER_PORT,
                READINESS_PATH,
                DEREGISTRATION_DELAY));
    DeploymentSettings deployment = settings.deployment();
    Optional<TrafficShiftRoutes> routes =
        deployment.strategy().shiftsTraffic()
            ? Optional.of(
                new TrafficShiftRoutes(
                    this,
                    "TrafficShift",
                    new TrafficShiftRoutes.Props(names.testTrafficSecret(), loadBalancer)))
            : Optional.empty();
    DeploymentAlarms alarms =
        new DeploymentAlarms(
            this,
            "Alarms",
            new DeploymentAlarms.Props(
                names::alarm,
                loadBalancer,
                settings.max5xxPercent(),
                settings.p99LatencyMillis(),
                routes.map(TrafficShiftRoutes::alternateTargetGroup)));
    FargateAppProps.Scaling scaling = AppParameters.scaling(this, settings);
    ContainerImage image =
        ContainerImage.fromEcrRepository(
            Repository.fromRepositoryName(this, "Repository", props.repositoryName()),
            imageTag.getValueAsString());
    app =
        new FargateApp(
            this,
            "App",
            new FargateAppProps(
                names.service(),
                new FargateAppProps.TaskSize(
                    settings.cpu(), settings.memoryMiB(), settings.cpuArchitecture().toEcs()),
                new FargateAppProps.Container(
                    names.container(),
                    image,
                    CONTAINER_PORT,
                    STOP_TIMEOUT,
                    names.containerLogGroup(),
                    settings.logRetentionDays()),
                network.vpc(),
                Network.isolatedSubnets(),
                loadBalancer,
                HEALTH_CHECK_GRACE,
                alarms.all(),
                scaling,
                routes
                    .map(route -> rollout(deployment, route, names, settings, imageVersion))
                    .orElseGet(FargateAppProps.Rollout::rolling)));
    network.allowEndpointsFrom(app.securityGroup(), "from the tasks");
    operations(settings, alarms, scaling);

    CfnOutput.Builder.create(this, "ServiceUrl")
        .description("Where the service answers")
        .value(loadBalancer.url())
        .build();
    CfnOutput.Builder.create(this, "DeployedVersion")
        .description("Build version of the image the service was last deployed with")
        .value(imageVersion.getValueAsString())
        .build();
    CfnOutput.Builder.create(this, "ClusterName").value(app.cluster().getClusterName()).build();
    CfnOutput.Builder.create(this, "ServiceName").value(app.service().getServiceName()).build();
    CfnOutput.Builder.create(this, "LogGroupName").value(app.logGroup().getLogGroupName()).build();
    CfnOutput.Builder.create(this, "AccessLogBucket")
        .value(accessLogs.bucket().getBucketName())
        .build();
  }

  /** A strategy that shifts traffic, with the hook that tests the new revision first. */
  private FargateAppProps.Rollout rollout(
      DeploymentSettings deployment,
      TrafficShiftRoutes routes,
      Names names,
      EnvironmentSettings settings,
      CfnParameter imageVersion) {
    DeployHook hook =
        new DeployHook(
            this,
            "DeployHook",
            new DeployHook.Props(
                names.deployHook(),
                names.deployHookLogGroup(),
                settings.logRetentionDays(),
                deployHookJar(),
                new DeployHook.Checks(
                    loadBalancer.url(),
                    TrafficShiftRoutes.TEST_HEADER_NAME,
                    routes.headerValue(),
                    imageVersion.getValueAsString())));
    return new FargateAppProps.Rollout(
        DeploymentStrategy.valueOf(deployment.strategy().name()),
        deployment.stepPercent(),
        deployment.bakeMinutes().map(Duration::minutes),
        Optional.of(routes.alternateTarget()),
        Optional.of(hook.lifecycleTarget()));
  }

  /**
   * The deploy hook's jar, found from the repository root: the directory above the {@code cdk.json}
   * that the app reads, whether the CDK CLI runs it from {@code infra/} or a test does.
   */
  static Path deployHookJar() {
    return Path.of(System.getProperty(InfraApp.CDK_JSON_PROPERTY, "cdk.json"))
        .toAbsolutePath()
        .getParent()
        .getParent()
        .resolve(DEPLOY_HOOK_JAR);
  }

  /**
   * What an operator sees and is woken by: the service's metrics setting, the alarm topic, the web
   * firewall, the notifying alarms, saved log queries and the dashboard.
   */
  private void operations(
      EnvironmentSettings settings, DeploymentAlarms alarms, FargateAppProps.Scaling scaling) {
    Names names = settings.names();
    OperationsSettings operations = settings.operations();
    operations
        .serviceMetrics()
        .configure(app.taskDefinition().getDefaultContainer(), settings.name());
    AlarmTopic topic =
        new AlarmTopic(
            this,
            "AlarmTopic",
            new AlarmTopic.Props(
                names.alarmTopic(),
                names.alarmTopicKeyAlias(),
                names.alarm(""),
                operations.alarmEmails(),
                operations.slack().map(slack -> slack.channel(names.chatChannel()))));
    OperationsSettings.Waf waf = operations.waf();
    Optional<WebFirewall> firewall =
        waf.enabled()
            ? Optional.of(
                new WebFirewall(
                    this,
                    "Firewall",
                    new WebFirewall.Props(
                        names.webAcl(),
                        loadBalancer,
                        waf.rateLimitPer5Minutes(),
                        names.wafLogGroup(),
                        waf.logRetentionDays())))
            : Optional.empty();
    OperationsAlarms notifying =
        new OperationsAlarms(
            this,
            "Notify",
            new OperationsAlarms.Props(
                names::alarm,
                topic.topic(),
                alarms,
                app.service(),
                scaling.maxCapacity(),
                operations.highCpu().percent(),
                operations.highCpu().minutes(),
                firewall,
                waf.blockedRequestsAlarm()));
    new LogQueries(this, "Queries", new LogQueries.Props(names::logQuery, app.logGroup()));
    new ServiceDashboard(
        this,
        "Dashboard",
        new ServiceDashboard.Props(
            names.dashboard(),
            settings.name(),
            loadBalancer,
            app.service(),
            scaling.minCapacity(),
            scaling.maxCapacity(),
            operations.serviceMetrics(),
            notifying.all(),
            firewall,
            app.logGroup(),
            LogQueries.QUERIES.get("errors")));
    CfnOutput.Builder.create(this, "AlarmTopicArn").value(topic.topic().getTopicArn()).build();
  }

  public PublicLoadBalancer loadBalancer() {
    return loadBalancer;
  }

  public FargateApp app() {
    return app;
  }
}
