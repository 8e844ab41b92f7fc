package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.infra.ScriptProcess.Run;
import io.clockmirror.infra.app.AppStack;
import io.clockmirror.infra.app.AppStackProps;
import io.clockmirror.infra.settings.EnvironmentSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.CfnListenerRule;

/**
 * A template change never moves production traffic: whatever the live rules forward to (the primary
 * group before the first deployment and after every even one, the alternate after every odd one),
 * the weights CloudFormation would write into the rules on the next update, evaluated from the
 * template with the parameters the deploy reads from the live rules, are the live ones; also when
 * the update changes the rules themselves.
 */
class LiveRuleWeightsTest {

  private static final String PRIMARY = DeployAppScriptTest.PRIMARY;
  private static final String ALTERNATE = DeployAppScriptTest.ALTERNATE;

  private static final String PRODUCTION = "path-pattern";
  private static final String TEST = "http-header";

  @TempDir Path scratch;

  @Test
  void withTrafficOnThePrimaryGroupAnUpdateKeepsItThere() throws Exception {
    Map<String, Integer> live = Map.of(PRIMARY, 100, ALTERNATE, 0);
    Map<String, String> parameters = parametersReadFrom(live);
    assertThat(parameters)
        .containsEntry(AppStack.PRODUCTION_RULE_TARGET_PARAMETER, "primary")
        .containsEntry(AppStack.TEST_RULE_TARGET_PARAMETER, "primary");
    for (Map<String, Object> template : List.of(prod(), prodWithChangedRules())) {
      assertThat(weights(template, PRODUCTION, parameters)).containsExactly(100, 0);
      assertThat(weights(template, TEST, parameters)).containsExactly(100, 0);
    }
  }

  @Test
  void withTrafficOnTheAlternateGroupAnUpdateKeepsItThere() throws Exception {
    Map<String, Integer> live = Map.of(PRIMARY, 0, ALTERNATE, 100);
    Map<String, String> parameters = parametersReadFrom(live);
    assertThat(parameters)
        .containsEntry(AppStack.PRODUCTION_RULE_TARGET_PARAMETER, "alternate")
        .containsEntry(AppStack.TEST_RULE_TARGET_PARAMETER, "alternate");
    for (Map<String, Object> template : List.of(prod(), prodWithChangedRules())) {
      assertThat(weights(template, PRODUCTION, parameters)).containsExactly(0, 100);
      assertThat(weights(template, TEST, parameters)).containsExactly(0, 100);
    }
  }

  @Test
  void withoutTheParametersTheTemplateWouldPutTrafficBackOnThePrimaryGroup() {
    // What the deploy guards against: the parameters' defaults, as a deploy that did not read the
    // live rules would leave them, state the primary group whatever is live.
    assertThat(weights(prod(), PRODUCTION, Map.of())).containsExactly(100, 0);
  }

  /** The stack parameters {@code buildspec/live-target-groups.sh} passes for the live rules. */
  private Map<String, String> parametersReadFrom(Map<String, Integer> live) throws Exception {
    FakeAccount account = new FakeAccount(scratch.resolve("account"));
    account.stackStatus("UPDATE_COMPLETE");
    account.outputs(
        Map.of(
            "ProductionRuleArn",
            DeployAppScriptTest.PRODUCTION_RULE,
            "TestRuleArn",
            DeployAppScriptTest.TEST_RULE,
            "PrimaryTargetGroupArn",
            PRIMARY,
            "AlternateTargetGroupArn",
            ALTERNATE));
    account.rule(DeployAppScriptTest.PRODUCTION_RULE, live);
    account.rule(DeployAppScriptTest.TEST_RULE, live);
    Run run =
        ScriptProcess.run(
            scratch,
            List.of("bash", "buildspec/live-target-groups.sh", "prod"),
            account.environment());
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    Map<String, String> parameters = new HashMap<>();
    for (String argument :
        run.stdout().lines().filter(line -> !line.equals("--parameters")).toList()) {
      String assignment = argument.substring(argument.indexOf(':') + 1);
      parameters.put(
          assignment.substring(0, assignment.indexOf('=')),
          assignment.substring(assignment.indexOf('=') + 1));
    }
    return parameters;
  }

  private static Map<String, Object> prod() {
    return Synth.template(Synth.environment("prod").app()).toJSON();
  }

  /** prod's service stack after a change to both rules: other priorities, another path. */
  private static Map<String, Object> prodWithChangedRules() {
    EnvironmentSettings prod = Synth.environment("prod").settings();
    AppStack stack =
        new AppStack(
            App.Builder.create().context(Synth.CDK_JSON).build(),
            prod.names().appStack(),
            StackProps.builder().env(Environment.builder().region(prod.region()).build()).build(),
            new AppStackProps(prod, prod.names().imageRepository(), Optional.empty()));
    stack.getNode().findAll().stream()
        .filter(CfnListenerRule.class::isInstance)
        .map(CfnListenerRule.class::cast)
        .forEach(
            rule -> {
              int priority = rule.getPriority().intValue();
              rule.setPriority(priority + 10);
            });
    Map<String, Object> template = Synth.template(stack).toJSON();
    assertThat(template.toString()).contains("Priority=11").contains("Priority=20");
    return template;
  }

  /**
   * The weights [primary, alternate] of the production ({@code path-pattern} condition) or test
   * ({@code http-header} condition) listener rule, as CloudFormation evaluates its {@code Fn::If}
   * conditions with {@code parameters} (defaults for the rest).
   */
  static List<Integer> weights(
      Map<String, Object> template, String condition, Map<String, String> parameters) {
    Map<String, Object> rule =
        Json.map(template.get("Resources")).values().stream()
            .map(Json::map)
            .filter(r -> "AWS::ElasticLoadBalancingV2::ListenerRule".equals(r.get("Type")))
            .map(r -> Json.map(r.get("Properties")))
            .filter(p -> p.get("Conditions").toString().contains("Field=" + condition))
            .findFirst()
            .orElseThrow();
    List<Object> groups =
        Json.list(
            Json.map(Json.map(Json.list(rule.get("Actions")).getFirst()).get("ForwardConfig"))
                .get("TargetGroups"));
    return groups.stream()
        .map(group -> (Integer) evaluate(Json.map(group).get("Weight"), template, parameters))
        .toList();
  }

  /** {@code Fn::If}, {@code Fn::Equals} and {@code Ref} to a parameter, as CloudFormation does. */
  private static Object evaluate(
      Object value, Map<String, Object> template, Map<String, String> parameters) {
    if (!(value instanceof Map<?, ?> function)) {
      return value;
    }
    if (function.get("Fn::If") instanceof List<?> branches) {
      boolean condition =
          (Boolean)
              evaluate(
                  Json.map(template.get("Conditions")).get(String.valueOf(branches.get(0))),
                  template,
                  parameters);
      return evaluate(condition ? branches.get(1) : branches.get(2), template, parameters);
    }
    if (function.get("Fn::Equals") instanceof List<?> sides) {
      return evaluate(sides.get(0), template, parameters)
          .equals(evaluate(sides.get(1), template, parameters));
    }
    if (function.get("Ref") instanceof String name) {
      Object declared = Json.map(Json.map(template.get("Parameters")).get(name)).get("Default");
      return parameters.getOrDefault(name, String.valueOf(declared));
    }
    throw new AssertionError("not evaluated here: " + function);
  }
}
