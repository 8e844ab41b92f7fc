package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.s3.Bucket;

/** The cdk-nag AWS Solutions rules that {@link InfraApp} applies to every stack. */
class CdkNagTest {

  private static final Object AWS_SOLUTIONS = Match.stringLikeRegexp("AwsSolutions-.*");

  @Test
  void everyStackOfEveryEnvironmentPassesWithoutUnsuppressedErrorsOrWarnings() {
    assertAll(
        Synth.allStacks().stream()
            .<Executable>map(
                stack ->
                    () -> {
                      Synth.template(stack);
                      Annotations annotations = Annotations.fromStack(stack);
                      annotations.hasNoError("*", AWS_SOLUTIONS);
                      annotations.hasNoWarning("*", AWS_SOLUTIONS);
                    }));
  }

  @Test
  void theCheckFindsAViolationWhereThereIsOne() {
    App app = new App();
    Stack stack = new Stack(app, "Plain");
    Bucket.Builder.create(stack, "Bucket").build();
    Aspects.of(app).add(new AwsSolutionsChecks());

    Annotations annotations = Annotations.fromStack(stack);

    assertThatThrownBy(() -> annotations.hasNoError("*", AWS_SOLUTIONS))
        .hasMessageContaining("AwsSolutions-S10");
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
        .containsExactlyInAnyOrder(
            "AwsSolutions-S1",
            "AwsSolutions-EC23",
            "AwsSolutions-IAM5",
            "AwsSolutions-SMG4",
            "AwsSolutions-ECS2",
            // dev turns Container Insights off for its idle bill (cdk.json).
            "AwsSolutions-ECS4");
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
}
