package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.services.s3.Bucket;

/** The cdk-nag AWS Solutions rules that {@link InfraApp} applies to every stack. */
class CdkNagTest {

  private static final Object AWS_SOLUTIONS = Match.stringLikeRegexp("AwsSolutions-.*");

  @Test
  void everyStackOfEveryEnvironmentPassesWithoutUnsuppressedErrorsOrWarnings() {
    List<String> findings = new ArrayList<>();
    for (Stack stack : Synth.allStacks()) {
      Synth.template(stack);
      Annotations annotations = Annotations.fromStack(stack);
      annotations.findError("*", AWS_SOLUTIONS).stream()
          .map(CdkNagTest::describe)
          .forEach(findings::add);
      annotations.findWarning("*", AWS_SOLUTIONS).stream()
          .map(CdkNagTest::describe)
          .forEach(findings::add);
    }
    assertThat(findings).isEmpty();
  }

  @Test
  void theCheckFindsAViolationWhereThereIsOne() {
    App app = new App();
    Stack stack = new Stack(app, "Plain");
    Bucket.Builder.create(stack, "Bucket").build();
    Aspects.of(app).add(new AwsSolutionsChecks());

    List<SynthesisMessage> errors = Annotations.fromStack(stack).findError("*", AWS_SOLUTIONS);

    assertThat(errors)
        .extracting(CdkNagTest::describe)
        .anyMatch(m -> m.contains("AwsSolutions-S10"));
  }

  @Test
  void everySuppressionIsKnownAndGivesItsReason() {
    Set<String> suppressed = new TreeSet<>();
    for (Stack stack : Synth.allStacks()) {
      for (Map.Entry<String, Map<String, Object>> resource :
          Synth.template(stack).toJSON().entrySet().stream()
              .filter(entry -> entry.getKey().equals("Resources"))
              .flatMap(entry -> resources(entry.getValue()).entrySet().stream())
              .toList()) {
        for (Map<String, Object> rule : suppressions(resource.getValue())) {
          suppressed.add(String.valueOf(rule.get("id")));
          assertThat(String.valueOf(rule.get("reason")))
              .as("reason for %s on %s", rule.get("id"), resource.getKey())
              .hasSizeGreaterThan(40);
        }
      }
    }
    assertThat(suppressed)
        .containsExactlyInAnyOrder("AwsSolutions-S1", "AwsSolutions-EC23", "AwsSolutions-IAM5");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> resources(Object value) {
    return (Map<String, Map<String, Object>>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> suppressions(Map<String, Object> resource) {
    if (resource.get("Metadata") instanceof Map<?, ?> metadata
        && metadata.get("cdk_nag") instanceof Map<?, ?> nag
        && nag.get("rules_to_suppress") instanceof List<?> rules) {
      return (List<Map<String, Object>>) rules;
    }
    return List.of();
  }

  private static String describe(SynthesisMessage message) {
    return message.getId() + ": " + message.getEntry().getData();
  }
}
