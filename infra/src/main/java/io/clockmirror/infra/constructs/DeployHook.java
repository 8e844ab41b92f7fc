package io.clockmirror.infra.constructs;

import io.github.cdklabs.cdknag.NagSuppressions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ecs.DeploymentLifecycleLambdaTarget;
import software.amazon.awscdk.services.ecs.DeploymentLifecycleStage;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
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
      if (!LogRetention.isOffered(logRetentionDays)) {
        throw new IllegalArgumentException("no log retention of " + logRetentionDays + " days");
      }
      if (!Files.isRegularFile(code)) {
        throw new IllegalArgumentException(
            "the deploy hook's code "
                + code
                + " is missing: build it first (./mvnw -pl deploy-hook package)");
      }
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
    logGroup = LogRetention.group(this, "Logs", props.logGroupName(), props.logRetentionDays());
    // The log group's own ARN attribute already ends in ":*"; written out, cdk-nag can name it.
    String logStreams = LogRetention.groupArn(Stack.of(this), props.logGroupName() + ":*");
    Role role =
        Role.Builder.create(this, "Role")
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .description("The deploy hook writes its own logs and nothing else")
            .inlinePolicies(
                Map.of(
                    "WriteOwnLogs",
                    allow(List.of("logs:CreateLogStream", "logs:PutLogEvents"), logStreams)))
            .build();
    NagSuppressions.addResourceSuppressions(
        role,
        List.of(
            NagResources.wildcard(
                NagResources.render(Stack.of(this), logStreams),
                "Log streams are created per function instance with names Lambda chooses; the"
                    + " statement is limited to the hook's own log group.")));

    function =
        Function.Builder.create(this, "Function")
            .functionName(props.functionName())
            .description("Tests a new revision through the test listener rule")
            .runtime(Runtime.JAVA_25)
            .architecture(Architecture.X86_64)
            .handler(HANDLER)
            .code(Code.fromAsset(props.code().toString()))
            .memorySize(512)
            .timeout(TIMEOUT)
            .role(role)
            .logGroup(logGroup)
            .environment(props.checks().environment())
            .build();
    // aws-cdk-lib makes the function depend on the role whose ARN it already references.
    CfnLint.allowRedundantDependency((CfnResource) function.getNode().getDefaultChild());

    invokeRole =
        Role.Builder.create(this, "InvokeRole")
            .assumedBy(new ServicePrincipal("ecs.amazonaws.com"))
            .description("ECS runs the deploy hook")
            .inlinePolicies(
                Map.of(
                    "InvokeTheHook",
                    allow(List.of("lambda:InvokeFunction"), function.getFunctionArn())))
            .build();
    lifecycleTarget =
        DeploymentLifecycleLambdaTarget.Builder.create(function, "TestTrafficHook")
            .lifecycleStages(List.of(DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT))
            .role(invokeRole)
            .build();
  }

  /** A policy of one statement: {@code actions} on {@code resource}. */
  private static PolicyDocument allow(List<String> actions, String resource) {
    return PolicyDocument.Builder.create()
        .statements(
            List.of(
                PolicyStatement.Builder.create()
                    .effect(Effect.ALLOW)
                    .actions(actions)
                    .resources(List.of(resource))
                    .build()))
        .build();
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
