package io.clockmirror.infra.app;

import io.clockmirror.infra.constructs.DeployHook;
import io.clockmirror.infra.constructs.FargateAppProps;
import io.clockmirror.infra.constructs.PublicLoadBalancer;
import io.clockmirror.infra.constructs.SignatureGate;
import io.clockmirror.infra.constructs.TrafficShiftRoutes;
import io.clockmirror.infra.settings.CdkJsonContext;
import io.clockmirror.infra.settings.DeploymentSettings;
import io.clockmirror.infra.settings.EnvironmentSettings;
import io.clockmirror.infra.settings.Names;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ecs.DeploymentStrategy;
import software.amazon.awscdk.services.ecs.IDeploymentLifecycleHookTarget;

/**
 * How an environment's service rolls a new revision out, per its {@code deployment} setting: a
 * rolling update, or a traffic-shifting strategy whose {@link DeployHook} tests the new revision
 * through the test listener rule before production traffic reaches it. Adds to the stack's own
 * scope, so the resources keep the logical IDs they have in the app stack.
 */
public final class AppRollout {

  /** The {@code deploy-hook} module's deployment file, relative to the repository root. */
  static final String DEPLOY_HOOK_JAR = "deploy-hook/target/deploy-hook.jar";

  private AppRollout() {}

  /** The routes a traffic-shifting strategy needs; none for a rolling update. */
  static Optional<TrafficShiftRoutes> routes(
      Stack stack, EnvironmentSettings settings, PublicLoadBalancer loadBalancer) {
    if (!settings.deployment().strategy().shiftsTraffic()) {
      return Optional.empty();
    }
    return Optional.of(
        new TrafficShiftRoutes(
            stack,
            "TrafficShift",
            new TrafficShiftRoutes.Props(
                settings.names().testTrafficSecret(),
                loadBalancer,
                AppParameters.ruleTarget(
                        stack, AppStack.PRODUCTION_RULE_TARGET_PARAMETER, "production")
                    .getValueAsString(),
                AppParameters.ruleTarget(stack, AppStack.TEST_RULE_TARGET_PARAMETER, "test")
                    .getValueAsString())));
  }

  /**
   * The service's rollout: rolling without routes, else the strategy with the test hook, which
   * expects the new revision to report {@code imageTag} (the stack's {@value
   * AppStack#IMAGE_TAG_PARAMETER}): the tag names one build, the version every build of a release.
   */
  static FargateAppProps.Rollout of(
      Stack stack,
      AppStackProps props,
      PublicLoadBalancer loadBalancer,
      Optional<TrafficShiftRoutes> routes,
      String imageTag) {
    return routes
        .map(route -> shifting(stack, props, loadBalancer, route, imageTag))
        .orElseGet(FargateAppProps.Rollout::rolling);
  }

  private static FargateAppProps.Rollout shifting(
      Stack stack,
      AppStackProps props,
      PublicLoadBalancer loadBalancer,
      TrafficShiftRoutes routes,
      String imageTag) {
    EnvironmentSettings settings = props.settings();
    Names names = settings.names();
    DeploymentSettings deployment = settings.deployment();
    DeployHook hook =
        new DeployHook(
            stack,
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
                    imageTag)));
    List<IDeploymentLifecycleHookTarget> gates = new ArrayList<>();
    if (settings.signedImagesOnly()) {
      gates.add(signatureGate(stack, props).lifecycleTarget());
    }
    return new FargateAppProps.Rollout(
        DeploymentStrategy.valueOf(deployment.strategy().name()),
        deployment.stepPercent(),
        deployment.bakeMinutes().map(Duration::minutes),
        Optional.of(routes.alternateTarget()),
        Optional.of(hook.lifecycleTarget()),
        gates);
  }

  /**
   * The gate that refuses, before the new revision starts a task, an image the pipeline's build did
   * not sign; it reads the key in the pipeline's region and account.
   */
  private static SignatureGate signatureGate(Stack stack, AppStackProps props) {
    Names names = props.settings().names();
    AppStackProps.SigningKeyLocation key = props.signingKey();
    return new SignatureGate(
        stack,
        "SignatureGate",
        new SignatureGate.Props(
            names.signatureGate(),
            names.signatureGateLogGroup(),
            props.settings().logRetentionDays(),
            deployHookJar(),
            names.service(),
            names.service(),
            props.repositoryName(),
            Names.imageSigningKeyAlias(),
            key.region(),
            key.account().orElse(stack.getAccount())));
  }

  /**
   * The deploy hook's jar, found from the repository root: the directory above the {@code cdk.json}
   * that the app reads, whether the CDK CLI runs it from {@code infra/} or a test does.
   */
  public static Path deployHookJar() {
    return CdkJsonContext.file().toAbsolutePath().getParent().getParent().resolve(DEPLOY_HOOK_JAR);
  }
}
