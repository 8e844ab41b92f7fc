package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.infra.constructs.AlarmTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;

/**
 * Least privilege: no statement that allows anything grants a wildcard action, in any policy of any
 * stack (IAM roles and policies, bucket policies, repository policies, key and topic policies).
 */
class IamPolicyTest {

  /**
   * The one wildcard allowed, because AWS documents exactly it: the key policy SNS asks for when
   * CloudWatch or EventBridge publish to an encrypted topic (AlarmTopic.PUBLISH_KEY_ACTIONS).
   */
  private static final Set<String> DOCUMENTED =
      Set.copyOf(
          AlarmTopic.PUBLISH_KEY_ACTIONS.stream().filter(action -> action.contains("*")).toList());

  @Test
  void noAllowStatementGrantsAWildcardAction() {
    List<String> allowed = new ArrayList<>();
    List<String> wildcards = new ArrayList<>();
    for (Stack stack : Synth.allStacks()) {
      for (Map<?, ?> statement : statements(Synth.template(stack).toJSON())) {
        assertThat(statement.containsKey("NotAction"))
            .as("NotAction in a statement of %s", stack.getStackName())
            .isFalse();
        if (!"Allow".equals(statement.get("Effect"))) {
          continue;
        }
        for (String action : actions(statement.get("Action"))) {
          allowed.add(action);
          if (action.contains("*") && !DOCUMENTED.contains(action)) {
            wildcards.add(stack.getStackName() + ": " + action);
          }
        }
      }
    }
    assertThat(allowed)
        .as("the walk found the task execution role's grants")
        .contains("ecr:BatchGetImage", "logs:PutLogEvents", "s3:PutObject");
    assertThat(allowed)
        .as(
            "the walk found prod's deploy hook role, its invoke role and the ECS infrastructure role")
        .contains(
            "logs:CreateLogStream",
            "lambda:InvokeFunction",
            "elasticloadbalancing:ModifyRule",
            "elasticloadbalancing:RegisterTargets");
    assertThat(allowed)
        .as("the walk found the alarm topic's key and topic policies")
        .contains("kms:GenerateDataKey*", "kms:PutKeyPolicy", "sns:Publish");
    assertThat(wildcards).isEmpty();
  }

  @Test
  void theWalkFindsAWildcardWhereThereIsOne() {
    Map<String, Object> template =
        Map.of(
            "Resources",
            Map.of(
                "Policy",
                Map.of(
                    "Properties",
                    Map.of(
                        "PolicyDocument",
                        Map.of(
                            "Statement",
                            List.of(Map.of("Effect", "Allow", "Action", List.of("s3:*"))))))));

    assertThat(statements(template))
        .flatExtracting(statement -> actions(statement.get("Action")))
        .containsExactly("s3:*");
  }

  /** Every policy statement anywhere in a template. */
  static List<Map<?, ?>> statements(Object node) {
    List<Map<?, ?>> found = new ArrayList<>();
    collect(node, found);
    return found;
  }

  private static void collect(Object node, List<Map<?, ?>> found) {
    if (node instanceof Map<?, ?> map) {
      if (map.get("Statement") instanceof List<?> statements) {
        statements.stream()
            .filter(Map.class::isInstance)
            .map(statement -> (Map<?, ?>) statement)
            .forEach(found::add);
      }
      map.values().forEach(value -> collect(value, found));
    } else if (node instanceof List<?> list) {
      list.forEach(value -> collect(value, found));
    }
  }

  private static List<String> actions(Object action) {
    if (action instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    return action == null ? List.of() : List.of(String.valueOf(action));
  }
}
