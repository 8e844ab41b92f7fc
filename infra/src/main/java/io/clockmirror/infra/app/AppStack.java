package io.clockmirror.infra.app;

import io.clockmirror.infra.constructs.DeploymentAlarms;
import io.clockmirror.infra.constructs.FargateApp;
import io.clockmirror.infra.constructs.FargateAppProps;
import io.clockmirror.infra.constructs.LogBucket;
import io.clockmirror.infra.constructs.Network;
import io.clockmirror.infra.constructs.PublicLoadBalancer;
import io.clockmirror.infra.constructs.ServingTargetGroups;
import io.clockmirror.infra.constructs.TrafficShiftRoutes;
import io.clockmirror.infra.settings.CostSettings;
import io.clockmirror.infra.settings.EnvironmentSettings;
import io.clockmirror.infra.settings.Names;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.ContainerImage;
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

  /** Keeps a service with office hours up for a deploy outside them. */
  public static final String AWAKE_UNTIL_PARAMETER = "AwakeUntil";

  /** Where the production listener rule forwards today (traffic-shifting strategies only). */
  public static final String PRODUCTION_RULE_TARGET_PARAMETER = "ProductionRuleTarget";

  /** Where the test listener rule forwards today (traffic-shifting strategies only). */
  public static final String TEST_RULE_TARGET_PARAMETER = "TestRuleTarget";

  /** The versions {@code buildspec/project-version.sh} accepts: MAJOR.MINOR.PATCH[-pre.release]. */
  public static final String IMAGE_VERSION_PATTERN =
      "(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?";

  /** Tags ECR accepts. */
  public static final String IMAGE_TAG_PATTERN = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";

  public static final int CONTAINER_PORT = 8080;
  public static final String READINESS_PATH = "/q/health/ready";

  /**
   * A 0.25 vCPU task starts the JVM in several seconds; the load balancer's verdict is ignored for
   * this long after a task starts.
   */
  public static final Duration HEALTH_CHECK_GRACE = Duration.seconds(60);

  /**
   * After SIGTERM the app stays ready-but-draining for 5 s and then finishes in-flight requests;
   * the load balancer needs no longer than that to drain a target.
   */
  public static final Duration DEREGISTRATION_DELAY = Duration.seconds(15);

  /** The app drains for at most 25 s after SIGTERM (SHUTDOWN_DELAY + TIMEOUT). */
  public static final Duration STOP_TIMEOUT = Duration.seconds(30);

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
    CostSettings cost = settings.cost();
    Network network =
        new Network(
            this,
            "Network",
            new Network.Props(names.service(), accessLogs.bucket(), cost.network()));
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
    Optional<TrafficShiftRoutes> routes = AppRollout.routes(this, settings, loadBalancer);
    ServingTargetGroups targetGroups =
        new ServingTargetGroups(
            loadBalancer.targetGroup(), routes.map(TrafficShiftRoutes::alternateTargetGroup));
    DeploymentAlarms alarms =
        new DeploymentAlarms(
            this,
            "Alarms",
            new DeploymentAlarms.Props(
                names::alarm,
                loadBalancer,
                settings.max5xxPercent(),
                settings.p99LatencyMillis(),
                targetGroups,
                cost.officeHours().isPresent()));
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
                network.taskSubnets(),
                network.tasksNeedPublicAddresses(),
                cost.capacity(),
                cost.officeHours().map(hours -> AppParameters.schedule(this, hours)),
                settings.operations().containerInsights(),
                loadBalancer,
                targetGroups,
                HEALTH_CHECK_GRACE,
                alarms.all(),
                scaling,
                AppRollout.of(this, props, loadBalancer, routes, imageTag.getValueAsString())));
    network.allowTasks(app.securityGroup(), "from the tasks");
    AppOperations.add(this, settings, loadBalancer, targetGroups, app, alarms, scaling);

    CfnOutput.Builder.create(this, "ServiceUrl")
        .description("Where the service answers")
        .value(loadBalancer.url())
        .build();
    CfnOutput.Builder.create(this, "DeployedVersion")
        .description("Build version of the image the service was last deployed with")
        .value(imageVersion.getValueAsString())
        .build();
    routes.ifPresent(
        route -> {
          // What the deploy reads the live rules from, and what a status report names.
          output("ProductionRuleArn", route.productionRule().getListenerRuleArn());
          output("TestRuleArn", route.testRule().getListenerRuleArn());
          output("PrimaryTargetGroupArn", loadBalancer.targetGroup().getTargetGroupArn());
          output("AlternateTargetGroupArn", route.alternateTargetGroup().getTargetGroupArn());
        });
    CfnOutput.Builder.create(this, "ClusterName").value(app.cluster().getClusterName()).build();
    CfnOutput.Builder.create(this, "ServiceName").value(app.service().getServiceName()).build();
    CfnOutput.Builder.create(this, "LogGroupName").value(app.logGroup().getLogGroupName()).build();
    CfnOutput.Builder.create(this, "AccessLogBucket")
        .value(accessLogs.bucket().getBucketName())
        .build();
  }

  private void output(String name, String value) {
    CfnOutput.Builder.create(this, name).value(value).build();
  }

  public PublicLoadBalancer loadBalancer() {
    return loadBalancer;
  }

  public FargateApp app() {
    return app;
  }
}
