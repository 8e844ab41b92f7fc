package io.clockmirror.infra.pipeline;

import io.clockmirror.infra.settings.Names;
import java.util.List;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.CfnRule;
import software.amazon.awscdk.CfnRuleAssertion;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;

/**
 * The pipeline's GitHub connection as a stack parameter, so that CloudFormation itself can refuse
 * the placeholder: a rule assertion fails {@code cdk deploy} before any resource is touched.
 */
final class ConnectionParameter {

  static final String NAME = "ConnectionArn";

  private ConnectionParameter() {}

  static CfnParameter add(Stack stack, PipelineStackProps props) {
    CfnParameter connection =
        CfnParameter.Builder.create(stack, NAME)
            .type("String")
            .description("CodeConnections connection to GitHub (cdk deploy -c connectionArn=...)")
            .defaultValue(props.connectionArn())
            .allowedPattern(Names.CONNECTION_ARN_PATTERN)
            .build();
    CfnRule.Builder.create(stack, "ConnectionIsConfigured")
        .assertions(
            List.of(
                CfnRuleAssertion.builder()
                    .assertValue(
                        Fn.conditionNot(
                            Fn.conditionEquals(
                                connection.getValueAsString(),
                                PipelineStackProps.PLACEHOLDER_CONNECTION_ARN)))
                    .assertDescription(
                        "ConnectionArn is the synth-only placeholder. Create a GitHub connection"
                            + " (CodePipeline console, Settings > Connections), then deploy with"
                            + " cdk deploy "
                            + Names.pipelineStack()
                            + " -c connectionArn=<its ARN>.")
                    .build()))
        .build();
    if (props.usesPlaceholderConnection()) {
      Annotations.of(stack)
          .addWarningV2(
              "clockmirror:placeholder-connection",
              "no -c connectionArn given: synthesized with the placeholder connection, which"
                  + " CloudFormation will refuse to deploy");
    }
    return connection;
  }
}
