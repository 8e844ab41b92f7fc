package io.clockmirror.infra;

import static io.clockmirror.infra.PipelineTemplate.stack;
import static io.clockmirror.infra.PipelineTemplate.template;
import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.infra.pipeline.PipelineStack;
import io.clockmirror.infra.pipeline.PipelineStackProps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The one pipeline stack of cdk.json: its name and place, its source parameter, cdk-nag. */
class PipelineStackTest {

  @Test
  void isOneV2PipelineInTheFirstEnvironmentsRegion() {
    template.hasResourceProperties(
        "AWS::CodePipeline::Pipeline",
        Match.objectLike(
            Map.of(
                "Name", "clockmirror-pipeline",
                "PipelineType", "V2",
                "ExecutionMode", "QUEUED")));
    assertThat(stack.getStackName()).isEqualTo("clockmirror-pipeline");
    assertThat(stack.getRegion()).isEqualTo("eu-west-1");
    assertThat(Synth.app().pipeline()).containsSame(stack);
    // Selecting one environment synthesizes its stacks and no pipeline.
    assertThat(Synth.environment("dev").all())
        .extracting(Stack::getStackName)
        .containsExactly("dev-clockmirror-ecr", "dev-clockmirror-app");
  }

  @Test
  void aPlaceholderConnectionSynthesizesButCloudFormationRefusesIt() {
    assertThat(stack.props().usesPlaceholderConnection()).isTrue();
    Map<String, Object> parameter =
        Json.map(Json.map(template.toJSON().get("Parameters")).get("ConnectionArn"));
    assertThat(parameter).containsEntry("Default", PipelineStackProps.PLACEHOLDER_CONNECTION_ARN);
    Map<String, Object> rule =
        Json.map(Json.map(template.toJSON().get("Rules")).get("ConnectionIsConfigured"));
    Map<String, Object> assertion = Json.map(Json.list(rule.get("Assertions")).getFirst());
    assertThat(assertion.get("Assert"))
        .isEqualTo(
            Map.of(
                "Fn::Not",
                List.of(
                    Map.of(
                        "Fn::Equals",
                        List.of(
                            Map.of("Ref", "ConnectionArn"),
                            PipelineStackProps.PLACEHOLDER_CONNECTION_ARN)))));
    assertThat((String) assertion.get("AssertDescription")).contains("-c connectionArn=");
    Annotations.fromStack(stack)
        .hasWarning("*", Match.stringLikeRegexp(".*placeholder connection.*"));
  }

  @Test
  void failedRunsAlertAnEncryptedTopicOfThePipelinesOwn() {
    Map<String, Map<String, Object>> topics = template.findResources("AWS::SNS::Topic");
    assertThat(topics).hasSize(1);
    String topicId = topics.keySet().iterator().next();
    assertThat(Json.map(Json.map(topics.get(topicId)).get("Properties")))
        .containsEntry("TopicName", "clockmirror-pipeline-failures")
        .containsKey("KmsMasterKeyId");
    template.hasResourceProperties(
        "AWS::Events::Rule",
        Match.objectLike(
            Map.of(
                "EventPattern",
                Match.objectLike(
                    Map.of(
                        "source", List.of("aws.codepipeline"),
                        "detail", Map.of("state", List.of("FAILED")))),
                "Targets",
                List.of(Match.objectLike(Map.of("Arn", Map.of("Ref", topicId)))))));
  }

  @Test
  void failedRunsReachEveryAddressTheEnvironmentsAlert() {
    PipelineStack variant = Synth.variantApp().pipeline().orElseThrow();
    Map<String, Map<String, Object>> subscriptions =
        Template.fromStack(variant)
            .findResources(
                "AWS::SNS::Subscription", Map.of("Properties", Map.of("Protocol", "email")));
    assertThat(subscriptions.values())
        .extracting(resource -> Json.map(Json.map(resource).get("Properties")).get("Endpoint"))
        .containsExactlyInAnyOrder("oncall@example.com", "team@example.org");
    assertThat(variant.props().failureSlack()).isPresent();
  }

  @Test
  void cdkNagAwsSolutionsFindsNothingUnsuppressed() {
    assertThat(PipelineTemplate.awsSolutionsFindings(stack)).isEmpty();
  }
}
