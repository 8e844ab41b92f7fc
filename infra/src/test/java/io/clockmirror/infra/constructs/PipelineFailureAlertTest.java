package io.clockmirror.infra.constructs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.codepipeline.Artifact;
import software.amazon.awscdk.services.codepipeline.Pipeline;
import software.amazon.awscdk.services.codepipeline.StageProps;
import software.amazon.awscdk.services.codepipeline.actions.ManualApprovalAction;
import software.amazon.awscdk.services.codepipeline.actions.S3SourceAction;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;

/** The EventBridge rule that reports a pipeline's failed executions, on a small pipeline. */
class PipelineFailureAlertTest {

  @Test
  void failedExecutionsOfThePipelineGoToTheTopicWithAMessageThatSaysWhereToLook() {
    Stack stack = stack();
    Pipeline pipeline = pipeline(stack);
    Topic topic = Topic.Builder.create(stack, "Topic").build();

    new PipelineFailureAlert(stack, "Alert", pipeline, topic);
    Template template = Template.fromStack(stack);

    String pipelineId =
        template.findResources("AWS::CodePipeline::Pipeline").keySet().iterator().next();
    String topicId = template.findResources("AWS::SNS::Topic").keySet().iterator().next();
    template.hasResourceProperties(
        "AWS::Events::Rule",
        Match.objectLike(
            Map.of(
                "State",
                "ENABLED",
                "EventPattern",
                Map.of(
                    "source", List.of("aws.codepipeline"),
                    "detail-type", List.of("CodePipeline Pipeline Execution State Change"),
                    "resources",
                        List.of(
                            Map.of(
                                "Fn::Join",
                                List.of(
                                    "",
                                    List.of(
                                        "arn:",
                                        Map.of("Ref", "AWS::Partition"),
                                        ":codepipeline:eu-west-1:123456789012:",
                                        Map.of("Ref", pipelineId))))),
                    "detail", Map.of("state", List.of("FAILED"))),
                "Targets",
                List.of(
                    Match.objectLike(
                        Map.of(
                            "Arn",
                            Map.of("Ref", topicId),
                            "InputTransformer",
                            Match.objectLike(
                                Map.of(
                                    "InputPathsMap",
                                    Match.objectLike(
                                        Map.of(
                                            "detail-pipeline", "$.detail.pipeline",
                                            "detail-execution-id", "$.detail.execution-id")),
                                    "InputTemplate",
                                    Match.stringLikeRegexp(
                                        ".*Pipeline <detail-pipeline> execution"
                                            + " <detail-execution-id> FAILED.*Check first.*")))))))));
    template.resourceCountIs("AWS::Events::Rule", 1);
  }

  @Test
  void aTopicFromElsewhereIsTargetedByItsArn() {
    Stack stack = stack();
    Pipeline pipeline = pipeline(stack);
    String arn = "arn:aws:sns:eu-west-1:123456789012:dev-clockmirror-alarms";
    ITopic topic = Topic.fromTopicArn(stack, "Imported", arn);

    PipelineFailureAlert alert = new PipelineFailureAlert(stack, "Alert", pipeline, topic);
    Template template = Template.fromStack(stack);

    template.hasResourceProperties(
        "AWS::Events::Rule",
        Match.objectLike(Map.of("Targets", List.of(Match.objectLike(Map.of("Arn", arn))))));
    template.resourceCountIs("AWS::SNS::TopicPolicy", 0);
    assertThat(alert.rule().getRuleArn()).isNotBlank();
  }

  private static Stack stack() {
    return new Stack(
        new App(),
        "Probe",
        StackProps.builder()
            .env(Environment.builder().account("123456789012").region("eu-west-1").build())
            .build());
  }

  private static Pipeline pipeline(Stack stack) {
    Artifact source = Artifact.artifact("source");
    return Pipeline.Builder.create(stack, "Pipeline")
        .stages(
            List.of(
                StageProps.builder()
                    .stageName("Source")
                    .actions(
                        List.of(
                            S3SourceAction.Builder.create()
                                .actionName("Source")
                                .bucket(
                                    Bucket.Builder.create(stack, "Sources").versioned(true).build())
                                .bucketKey("source.zip")
                                .output(source)
                                .build()))
                    .build(),
                StageProps.builder()
                    .stageName("Approve")
                    .actions(
                        List.of(
                            ManualApprovalAction.Builder.create().actionName("Approve").build()))
                    .build()))
        .build();
  }
}
