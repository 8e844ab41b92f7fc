package io.clockmirror.infra.app;

import io.clockmirror.infra.constructs.FargateAppProps;
import io.clockmirror.infra.constructs.TrafficShiftRoutes;
import io.clockmirror.infra.settings.EnvironmentSettings;
import io.clockmirror.infra.settings.SsmOverridable;
import java.util.Arrays;
import java.util.Optional;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Stack;

/**
 * The values of the service stack that are chosen at deploy time rather than at synthesis: the
 * image the service runs, and the scaling settings an environment reads from SSM Parameter Store.
 * Every CloudFormation parameter of that stack is made here.
 */
final class AppParameters {

  private AppParameters() {}

  /** The {@value AppStack#IMAGE_TAG_PARAMETER} parameter; later deploys keep its last value. */
  static CfnParameter imageTag(Stack stack, String repositoryName, Optional<String> defaultTag) {
    return CfnParameter.Builder.create(stack, AppStack.IMAGE_TAG_PARAMETER)
        .type("String")
        .description(
            "Tag of the image in ECR repository "
                + repositoryName
                + " that the service runs. Later deploys keep the previous value unless"
                + " given a new one.")
        .allowedPattern(AppStack.IMAGE_TAG_PATTERN)
        .defaultValue(defaultTag.orElse(null))
        .build();
  }

  /**
   * The {@value AppStack#IMAGE_VERSION_PARAMETER} parameter: the build version the image reports,
   * which the test of a new revision expects. The deploy passes it with the tag; it has no default,
   * so a deploy that forgets it fails before anything changes.
   */
  static CfnParameter imageVersion(Stack stack) {
    return CfnParameter.Builder.create(stack, AppStack.IMAGE_VERSION_PARAMETER)
        .type("String")
        .description(
            "Build version (/q/info build.version) of the image that ImageTag names; the test of"
                + " a new revision expects it")
        .allowedPattern(AppStack.IMAGE_VERSION_PATTERN)
        .build();
  }

  /**
   * Where a listener rule of a traffic-shifting deployment forwards today ({@code primary} or
   * {@code alternate} target group). The deploy reads it from the live rule ({@code
   * buildspec/live-target-groups.sh}) and passes it, so the rule's weights in the template are the
   * live ones and an update of the rule moves no traffic; the default suits a stack whose rules do
   * not exist yet.
   */
  static CfnParameter ruleTarget(Stack stack, String name, String rule) {
    return CfnParameter.Builder.create(stack, name)
        .type("String")
        .description(
            "Target group the "
                + rule
                + " listener rule forwards to today; the deploy reads it from the live rule so"
                + " that a template change never moves traffic")
        .allowedValues(
            Arrays.stream(TrafficShiftRoutes.Live.values())
                .map(TrafficShiftRoutes.Live::value)
                .toList())
        .defaultValue(TrafficShiftRoutes.Live.PRIMARY.value())
        .build();
  }

  /** The scaling settings: from {@code cdk.json}, or from SSM where the environment says so. */
  static FargateAppProps.Scaling scaling(Stack stack, EnvironmentSettings settings) {
    return new FargateAppProps.Scaling(
        setting(stack, settings, SsmOverridable.MIN_CAPACITY, settings.minCapacity()),
        setting(stack, settings, SsmOverridable.MAX_CAPACITY, settings.maxCapacity()),
        setting(stack, settings, SsmOverridable.CPU_TARGET_PERCENT, settings.cpuTargetPercent()),
        setting(stack, settings, SsmOverridable.REQUESTS_PER_TARGET, settings.requestsPerTarget()));
  }

  /**
   * The value from {@code cdk.json}, or, when the environment reads it from SSM, a Number parameter
   * of the stack without a default: the deploy passes the value it read from Parameter Store
   * ({@code buildspec/ssm-parameters.sh}). A parameter of type {@code AWS::SSM::Parameter::Value}
   * would make CloudFormation read it with the CDK bootstrap deploy role, which may not.
   */
  private static Number setting(
      Stack stack, EnvironmentSettings settings, SsmOverridable setting, int fromContext) {
    if (!settings.ssmOverrides().contains(setting)) {
      return fromContext;
    }
    CfnParameter.Builder parameter =
        CfnParameter.Builder.create(stack, setting.parameterName())
            .type("Number")
            .description(
                setting.key()
                    + " from SSM parameter "
                    + settings.names().ssmParameter(setting)
                    + ", passed by buildspec/ssm-parameters.sh at deploy time")
            .minValue(setting.minValue());
    setting.maxValue().ifPresent(parameter::maxValue);
    return parameter.build().getValueAsNumber();
  }
}
