package io.clockmirror.infra.constructs;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ecs.DeploymentLifecycleLambdaTarget;
import software.amazon.awscdk.services.ecs.DeploymentLifecycleStage;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The Java Lambda function that tests a new revision through the test listener rule before ECS
 * gives it production traffic, and the lifecycle hook that runs it: after the test traffic has
 * moved to the new revision ({@code POST_TEST_TRAFFIC_SHIFT}), before any production traffic does.
 * Its answer {@code FAILED} (or none) makes ECS roll the deployment back.
 *
 * <p>The function runs outside the VPC: the load balancer is internet-facing and the tasks'
 * isolated subnets have no route out, so it calls the load balancer's public address with the
 * secret header that the test listener rule matches on. Its own role may write its own log group
 * and nothing else; ECS invokes it through a second role that may invoke this function only.
 */
public final class DeployHook extends Construct {

  /** The handler of the {@code deploy-hook} module. */
  public static final String HANDLER = "io.clockmirror.deployhook.TestTrafficHook::handleRequest";

  /** ECS waits for the answer; the checks' retries fit well inside. */
  public static final Duration TIMEOUT = Duration.minutes(3);

  /**
   * What the hook needs to know.
   *
   * @param functionName the function's name
   * @param logGroupName its log group
   * @param logRetentionDays days its logs are kept
   * @param code the deployment file of the {@code deploy-hook} module (a jar with every
   *     dependency); it must exist when the stack is synthesized
   * @param checks what the checks call and expect
   */
  public record Props(
      String functionName, String logGroupName, int logRetentionDays, Path code, Checks checks) {

    public Props {
      Objects.requireNonNull(functionName, "functionName");
      Objects.requireNonNull(logGroupName, "logGroupName");
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(checks, "checks");
      LambdaHook.check(logRetentionDays, code);
    }
  }

  /**
   * The function's environment; values may be deploy-time tokens.
   *
   * @param testUrl base URL of the load balancer, no trailing slash
   * @param headerName header the test listener rule matches on
   * @param headerValue its value (a dynamic reference, resolved by CloudFormation)
   * @param expectedImageTag the image tag the new revision must report: the image being deployed
   */
  public record Checks(
      String testUrl, String headerName, String headerValue, String expectedImageTag) {

    /** Seconds each request may take. */
    static final int CHECK_TIMEOUT_SECONDS = 5;

    /** Readiness is polled this often, this many seconds apart: a minute for the new tasks. */
    static final int READY_ATTEMPTS = 12;

    static final int READY_INTERVAL_SECONDS = 5;

    public Checks {
      Objects.requireNonNull(testUrl, "testUrl");
      Objects.requireNonNull(headerName, "headerName");
      Objects.requireNonNull(headerValue, "headerValue");
      Objects.requireNonNull(expectedImageTag, "expectedImageTag");
    }

    Map<String, String> environment() {
      Map<String, String> environment = new LinkedHashMap<>();
      environment.put("TEST_URL", testUrl);
      environment.put("TEST_HEADER_NAME", headerName);
      environment.put("TEST_HEADER_VALUE", headerValue);
      environment.put("EXPECTED_IMAGE_TAG", expectedImageTag);
      environment.put("CHECK_TIMEOUT_SECONDS", String.valueOf(CHECK_TIMEOUT_SECONDS));
      environment.put("READY_ATTEMPTS", String.valueOf(READY_ATTEMPTS));
      environment.put("READY_INTERVAL_SECONDS", String.valueOf(READY_INTERVAL_SECONDS));
      return environment;
    }
  }

  private final LogGroup logGroup;
  private final Function function;
  private final Role invokeRole;
  private final DeploymentLifecycleLambdaTarget lifecycleTarget;

  public DeployHook(Construct scope, String id, Props props) {
    super(scope, id);
    LambdaHook.Parts parts =
        LambdaHook.add(
            this,
            new LambdaHook.Spec(
                props.functionName(),
                props.logGroupName(),
                props.logRetentionDays(),
                props.code(),
                HANDLER,
                "Tests a new revision through the test listener rule",
                "The deploy hook writes its own logs and nothing else",
                TIMEOUT,
                props.checks().environment(),
                Map.of(),
                "ECS runs the deploy hook",
                "TestTrafficHook",
                DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT));
    logGroup = parts.logGroup();
    function = parts.function();
    invokeRole = parts.invokeRole();
    lifecycleTarget = parts.lifecycleTarget();
  }

  public Function function() {
    return function;
  }

  public LogGroup logGroup() {
    return logGroup;
  }

  /** The role ECS invokes the function with. */
  public Role invokeRole() {
    return invokeRole;
  }

  /** What {@code FargateService.addLifecycleHook} is given. */
  public DeploymentLifecycleLambdaTarget lifecycleTarget() {
    return lifecycleTarget;
  }
}
