package io.clockmirror.infra.constructs;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * What every ECS lifecycle hook of this project is made of, added to the hook's own construct: its
 * log group ({@code Logs}), a role that writes those logs plus the hook's own grants ({@code
 * Role}), the Java function from the {@code deploy-hook} module's deployment file ({@code
 * Function}, outside the VPC), the role ECS invokes it with, which may invoke that function only
 * ({@code InvokeRole}), and the lifecycle target for one stage.
 */
final class LambdaHook {

  /**
   * One hook.
   *
   * @param grants further inline policies of the function's role, by name, each with the reason for
   *     any wildcard resource it holds (or none)
   */
  record Spec(
      String functionName,
      String logGroupName,
      int logRetentionDays,
      Path code,
      String handler,
      String description,
      String roleDescription,
      Duration timeout,
      Map<String, String> environment,
      Map<String, Grants> grants,
      String invokeRoleDescription,
      String targetId,
      DeploymentLifecycleStage stage) {}

  /** An inline policy's statements and the cdk-nag reasons for the wildcards among them. */
  record Grants(List<PolicyStatement> statements, List<NagPackSuppression> wildcardReasons) {}

  record Parts(
      LogGroup logGroup,
      Role role,
      Function function,
      Role invokeRole,
      DeploymentLifecycleLambdaTarget lifecycleTarget) {}

  private LambdaHook() {}

  /** A retention CloudWatch Logs offers, and the deployment file built before synthesis. */
  static void check(int logRetentionDays, Path code) {
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

  static Parts add(Construct hook, Spec spec) {
    LogGroup logGroup =
        LogRetention.group(hook, "Logs", spec.logGroupName(), spec.logRetentionDays());
    // The log group's own ARN attribute already ends in ":*"; written out, cdk-nag can name it.
    String logStreams = LogRetention.groupArn(Stack.of(hook), spec.logGroupName() + ":*");
    Map<String, PolicyDocument> policies = new LinkedHashMap<>();
    policies.put(
        "WriteOwnLogs",
        document(List.of(allow(List.of("logs:CreateLogStream", "logs:PutLogEvents"), logStreams))));
    List<NagPackSuppression> reasons = new ArrayList<>();
    reasons.add(
        NagResources.wildcard(
            NagResources.render(Stack.of(hook), logStreams),
            "Log streams are created per function instance with names Lambda chooses; the"
                + " statement is limited to the hook's own log group."));
    spec.grants()
        .forEach(
            (name, grants) -> {
              policies.put(name, document(grants.statements()));
              reasons.addAll(grants.wildcardReasons());
            });
    Role role =
        Role.Builder.create(hook, "Role")
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .description(spec.roleDescription())
            .inlinePolicies(policies)
            .build();
    NagSuppressions.addResourceSuppressions(role, reasons);

    Function function =
        Function.Builder.create(hook, "Function")
            .functionName(spec.functionName())
            .description(spec.description())
            .runtime(Runtime.JAVA_25)
            .architecture(Architecture.X86_64)
            .handler(spec.handler())
            .code(Code.fromAsset(spec.code().toString()))
            .memorySize(512)
            .timeout(spec.timeout())
            .role(role)
            .logGroup(logGroup)
            .environment(spec.environment())
            .build();
    // aws-cdk-lib makes the function depend on the role whose ARN it already references.
    CfnLint.allowRedundantDependency((CfnResource) function.getNode().getDefaultChild());

    Role invokeRole =
        Role.Builder.create(hook, "InvokeRole")
            .assumedBy(new ServicePrincipal("ecs.amazonaws.com"))
            .description(spec.invokeRoleDescription())
            .inlinePolicies(
                Map.of(
                    "InvokeTheHook",
                    document(
                        List.of(
                            allow(List.of("lambda:InvokeFunction"), function.getFunctionArn())))))
            .build();
    DeploymentLifecycleLambdaTarget target =
        DeploymentLifecycleLambdaTarget.Builder.create(function, spec.targetId())
            .lifecycleStages(List.of(spec.stage()))
            .role(invokeRole)
            .build();
    return new Parts(logGroup, role, function, invokeRole, target);
  }

  /** One statement: {@code actions} on {@code resource}. */
  static PolicyStatement allow(List<String> actions, String resource) {
    return PolicyStatement.Builder.create()
        .effect(Effect.ALLOW)
        .actions(actions)
        .resources(List.of(resource))
        .build();
  }

  private static PolicyDocument document(List<PolicyStatement> statements) {
    return PolicyDocument.Builder.create().statements(statements).build();
  }
}
