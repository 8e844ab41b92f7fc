package io.clockmirror.infra.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.codepipeline.IPipeline;
import software.amazon.awscdk.services.events.EventField;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.RuleTargetInput;
import software.amazon.awscdk.services.events.targets.SnsTopic;
import software.amazon.awscdk.services.events.targets.SnsTopicProps;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * Tells the alarm topic when an execution of a pipeline fails: an EventBridge rule on the
 * pipeline's execution state changes to {@code FAILED}, with a message that names the pipeline, the
 * execution and where to look.
 *
 * <p>The topic's policy must let EventBridge publish (an {@link AlarmTopic} does, for rules of its
 * account); the rule adds a grant of its own only when the topic is made in the same stack.
 */
public final class PipelineFailureAlert extends Construct {

  private final Rule rule;

  public PipelineFailureAlert(Construct scope, String id, IPipeline pipeline, ITopic topic) {
    super(scope, id);
    rule =
        Rule.Builder.create(this, "Rule")
            .description(
                "Failed executions of " + pipeline.getPipelineName() + " to the alarm topic")
            .eventPattern(
                EventPattern.builder()
                    .source(List.of("aws.codepipeline"))
                    .detailType(List.of("CodePipeline Pipeline Execution State Change"))
                    .resources(List.of(pipeline.getPipelineArn()))
                    .detail(Map.of("state", List.of("FAILED")))
                    .build())
            .targets(
                List.of(
                    new SnsTopic(
                        topic,
                        SnsTopicProps.builder()
                            .message(
                                RuleTargetInput.fromText(
                                    "Pipeline "
                                        + EventField.fromPath("$.detail.pipeline")
                                        + " execution "
                                        + EventField.fromPath("$.detail.execution-id")
                                        + " FAILED at "
                                        + EventField.getTime()
                                        + " in "
                                        + EventField.getRegion()
                                        + ". Check first: the failed action's log in the"
                                        + " CodePipeline console (execution history), then"
                                        + " its CodeBuild log group."))
                            .build())))
            .build();
  }

  public Rule rule() {
    return rule;
  }
}
