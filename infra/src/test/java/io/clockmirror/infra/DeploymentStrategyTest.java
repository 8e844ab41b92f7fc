package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.infra.app.AppRollout;
import io.clockmirror.infra.app.AppStack;
import io.clockmirror.infra.settings.DeploymentSettings;
import io.clockmirror.infra.settings.DeploymentSettings.Strategy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The prod service stack's canary deployment as {@code cdk.json} sets it (10 %, bake 5 minutes):
 * strategy, step, the second target group, both listener rules, the role ECS moves traffic with,
 * and the hook that tests the new revision before production traffic; and the other strategies.
 */
class DeploymentStrategyTest {

  private static final String RULE = "AWS::ElasticLoadBalancingV2::ListenerRule";
  private static final String TARGET_GROUP = "AWS::ElasticLoadBalancingV2::TargetGroup";

  private static Template template;

  @BeforeAll
  static void synthesize() {
    template = Synth.template(Synth.environment("prod").app());
  }

  @Test
  void prodDeploysACanaryOfTenPercentBakedFiveMinutes() {
    serviceHas(template, Map.of("DeploymentController", Match.absent()));
    deploysWith(
        template,
        Map.of(
            "Strategy",
            "CANARY",
            "BakeTimeInMinutes",
            5,
            "CanaryConfiguration",
            Map.of("CanaryPercent", 10, "CanaryBakeTimeInMinutes", 5),
            "LinearConfiguration",
            Match.absent()));
  }

  @Test
  void theCircuitBreakerAndEveryAlarmStillRollTheDeploymentBack() {
    AppTemplate.rollsBackOnTheCircuitBreakerAndEveryAlarm(template, "prod");
  }

  @Test
  void theServiceNamesBothTargetGroupsBothRulesAndTheInfrastructureRole() {
    serviceHas(
        template,
        Map.of(
            "LoadBalancers",
            List.of(
                Map.of(
                    "ContainerName",
                    "clockmirror",
                    "ContainerPort",
                    8080,
                    "TargetGroupArn",
                    Map.of("Ref", primaryTargetGroup()),
                    "AdvancedConfiguration",
                    Map.of(
                        "AlternateTargetGroupArn",
                        Map.of("Ref", alternateTargetGroup()),
                        "ProductionListenerRule",
                        Map.of("Ref", rule(10)),
                        "TestListenerRule",
                        Map.of("Ref", rule(1)),
                        "RoleArn",
                        Map.of("Fn::GetAtt", List.of(infrastructureRole(), "Arn")))))));
  }

  @Test
  void theHookRunsAfterTestTrafficReachesTheNewRevisionBeforeProductionTraffic() {
    deploysWith(
        template,
        Map.of(
            "LifecycleHooks",
            List.of(
                Map.of(
                    "HookTargetArn",
                    Map.of("Fn::GetAtt", List.of(gateFunction(), "Arn")),
                    "RoleArn",
                    Map.of(
                        "Fn::GetAtt",
                        List.of(
                            logicalIdStartingWith("AWS::IAM::Role", "SignatureGateInvokeRole"),
                            "Arn")),
                    "LifecycleStages",
                    List.of("PRE_SCALE_UP")),
                Map.of(
                    "HookTargetArn",
                    Map.of("Fn::GetAtt", List.of(function(), "Arn")),
                    "RoleArn",
                    Map.of("Fn::GetAtt", List.of(invokeRole(), "Arn")),
                    "LifecycleStages",
                    List.of("POST_TEST_TRAFFIC_SHIFT")))));
  }

  @Test
  void theProductionRuleTakesEveryPathAndSendsAllTrafficToTheGroupTheDeploySaysIsLive() {
    assertThat(properties(RULE, rule(10)))
        .containsEntry("Priority", 10)
        .containsEntry("ListenerArn", Map.of("Ref", listener()))
        .containsEntry(
            "Conditions",
            List.of(
                Map.of(
                    "Field", "path-pattern", "PathPatternConfig", Map.of("Values", List.of("/*")))))
        .containsEntry(
            "Actions",
            List.of(forwardToBoth(onAlternate(AppStack.PRODUCTION_RULE_TARGET_PARAMETER))));
  }

  @Test
  void theRulesCarryNoTagsWhichCfnLintsSchemaDoesNotKnow() {
    assertThat(properties(RULE, rule(10))).doesNotContainKey("Tags");
    assertThat(properties(RULE, rule(1))).doesNotContainKey("Tags");
    assertThat(properties(TARGET_GROUP, alternateTargetGroup())).containsKey("Tags");
  }

  @Test
  void theTestRuleWinsForRequestsCarryingTheGeneratedHeader() {
    Map<String, Object> testRule = properties(RULE, rule(1));
    assertThat(testRule)
        .containsEntry("Priority", 1)
        .containsEntry("ListenerArn", Map.of("Ref", listener()))
        .containsEntry(
            "Actions", List.of(forwardToBoth(onAlternate(AppStack.TEST_RULE_TARGET_PARAMETER))));
    Map<String, Object> condition = Json.map(Json.list(testRule.get("Conditions")).getFirst());
    assertThat(condition).containsEntry("Field", "http-header");
    Map<String, Object> header = Json.map(condition.get("HttpHeaderConfig"));
    assertThat(header).containsEntry("HttpHeaderName", "X-Clockmirror-Test-Traffic");
    assertThat(Json.list(header.get("Values"))).singleElement().isEqualTo(headerValueReference());
  }

  @Test
  void theHeaderValueIsGeneratedBySecretsManagerAndOnlyReferencedInTheTemplate() {
    template.hasResourceProperties(
        "AWS::SecretsManager::Secret",
        Match.objectLike(
            Map.of(
                "Name",
                "prod-clockmirror-test-traffic-header",
                "GenerateSecretString",
                Match.objectLike(
                    Map.of(
                        "PasswordLength",
                        40,
                        "ExcludePunctuation",
                        true,
                        "IncludeSpace",
                        false)))));
    assertThat(headerValueReference().toString())
        .contains("{{resolve:secretsmanager:")
        .contains("Ref=" + logicalId("AWS::SecretsManager::Secret"));
  }

  @Test
  void theAlternateTargetGroupChecksHealthExactlyLikeThePrimaryOne() {
    Map<String, Object> primary = properties(TARGET_GROUP, primaryTargetGroup());
    Map<String, Object> alternate = properties(TARGET_GROUP, alternateTargetGroup());

    assertThat(alternate).isEqualTo(primary);
    assertThat(primary)
        .containsEntry("HealthCheckPath", "/q/health/ready")
        .containsEntry("TargetType", "ip")
        .containsEntry("Port", 8080);
  }

  @Test
  void ecsMovesTrafficWithARoleLimitedToThisServicesGroupsRulesAndListener() {
    Map<String, Object> role = properties("AWS::IAM::Role", infrastructureRole());
    assertThat(role.get("AssumeRolePolicyDocument").toString()).contains("ecs.amazonaws.com");
    assertThat(role).doesNotContainKey("ManagedPolicyArns");
    List<Object> statements =
        Json.list(
            Json.map(Json.map(Json.list(role.get("Policies")).getFirst()).get("PolicyDocument"))
                .get("Statement"));
    assertThat(statements)
        .extracting(statement -> Json.map(statement).get("Sid"))
        .containsExactly(
            "ReadTheLoadBalancer",
            "RegisterTasksInEitherTargetGroup",
            "MoveTheWeightsOfTheTwoRules",
            "ModifyTheServingListener");
    assertThat(Json.list(Json.map(statements.get(1)).get("Resource")))
        .containsExactlyInAnyOrder(
            Map.of("Ref", primaryTargetGroup()), Map.of("Ref", alternateTargetGroup()));
    assertThat(Json.list(Json.map(statements.get(2)).get("Resource")))
        .containsExactlyInAnyOrder(Map.of("Ref", rule(10)), Map.of("Ref", rule(1)));
    assertThat(Json.map(statements.get(3)).get("Resource")).isEqualTo(Map.of("Ref", listener()));
  }

  @Test
  void theHookIsTheJavaFunctionOfTheDeployHookModule() {
    template.hasResourceProperties(
        "AWS::Lambda::Function",
        Match.objectLike(
            Map.of(
                "FunctionName",
                "prod-clockmirror-deploy-hook",
                "Runtime",
                "java25",
                "Handler",
                "io.clockmirror.deployhook.TestTrafficHook::handleRequest",
                "Timeout",
                180,
                "LoggingConfig",
                Map.of("LogGroup", Map.of("Ref", hookLogGroup())),
                "VpcConfig",
                Match.absent())));
    template.hasResourceProperties(
        "AWS::Logs::LogGroup",
        Match.objectLike(
            Map.of(
                "LogGroupName",
                "/aws/lambda/prod-clockmirror-deploy-hook",
                "RetentionInDays",
                90)));
  }

  @Test
  void theHookJarIsFoundFromTheRepositoryRootAndShippedAsIs() {
    assertThat(AppRollout.deployHookJar())
        .isEqualTo(Repo.ROOT.resolve("deploy-hook/target/deploy-hook.jar"))
        .isRegularFile();
    assertThat(Json.map(properties("AWS::Lambda::Function", function()).get("Code")).get("S3Key"))
        .asString()
        .endsWith(".jar");
  }

  @Test
  void theHookCallsTheLoadBalancerWithTheHeaderAndExpectsTheDeployedImageTag() {
    Map<String, Object> variables =
        Json.map(
            Json.map(properties("AWS::Lambda::Function", function()).get("Environment"))
                .get("Variables"));

    assertThat(variables)
        .containsOnlyKeys(
            "TEST_URL",
            "TEST_HEADER_NAME",
            "TEST_HEADER_VALUE",
            "EXPECTED_IMAGE_TAG",
            "CHECK_TIMEOUT_SECONDS",
            "READY_ATTEMPTS",
            "READY_INTERVAL_SECONDS")
        .containsEntry("TEST_URL", AppTemplate.serviceUrl(template))
        .containsEntry("TEST_HEADER_NAME", "X-Clockmirror-Test-Traffic")
        .containsEntry("TEST_HEADER_VALUE", headerValueReference())
        .containsEntry("EXPECTED_IMAGE_TAG", Map.of("Ref", AppStack.IMAGE_TAG_PARAMETER))
        .containsEntry("CHECK_TIMEOUT_SECONDS", "5")
        .containsEntry("READY_ATTEMPTS", "12")
        .containsEntry("READY_INTERVAL_SECONDS", "5");
  }

  @Test
  void theHookMayWriteOnlyItsLogsAndEcsMayInvokeOnlyTheHook() {
    Map<String, Object> hookRole =
        properties(
            "AWS::IAM::Role", ref(properties("AWS::Lambda::Function", function()).get("Role")));
    assertThat(hookRole.get("AssumeRolePolicyDocument").toString())
        .contains("lambda.amazonaws.com");
    assertThat(hookRole).doesNotContainKey("ManagedPolicyArns");
    assertThat(onlyStatement(hookRole))
        .containsEntry("Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"))
        .satisfies(
            statement ->
                assertThat(statement.get("Resource").toString())
                    .contains(":log-group:/aws/lambda/prod-clockmirror-deploy-hook:*"));

    Map<String, Object> invoke = properties("AWS::IAM::Role", invokeRole());
    assertThat(invoke.get("AssumeRolePolicyDocument").toString()).contains("ecs.amazonaws.com");
    assertThat(onlyStatement(invoke))
        .containsEntry("Action", "lambda:InvokeFunction")
        .containsEntry("Resource", Map.of("Fn::GetAtt", List.of(function(), "Arn")));
  }

  @Test
  void everyAlarmReadsBothTargetGroupsSoItSeesTheNewRevisionInEither() {
    String primary = targetGroupFullName(primaryTargetGroup());
    String alternate = targetGroupFullName(alternateTargetGroup());
    for (String name :
        List.of(
            "prod-clockmirror-5xx-rate",
            "prod-clockmirror-p99-latency",
            "prod-clockmirror-unhealthy-hosts")) {
      String alarm = properties("AWS::CloudWatch::Alarm", alarm(name)).toString();
      assertThat(alarm).as(name).contains(primary).contains(alternate);
    }
    assertThat(properties("AWS::CloudWatch::Alarm", alarm("prod-clockmirror-5xx-rate")).toString())
        .contains("FILL(primary5xx, 0) + FILL(alternate5xx, 0) + FILL(elb5xx, 0)");
    assertThat(
            properties("AWS::CloudWatch::Alarm", alarm("prod-clockmirror-p99-latency")).toString())
        .contains(
            "MAX([FILL(targetresponsetime_primary, 0), FILL(targetresponsetime_alternate, 0)])")
        .contains("Stat=p99");
  }

  @Test
  void scalingOnRequestsReadsBothGroupsPerRunningTaskWhicheverIsLive() {
    Map<String, Object> policy =
        properties(
            "AWS::ApplicationAutoScaling::ScalingPolicy",
            logicalIdStartingWith(
                "AWS::ApplicationAutoScaling::ScalingPolicy", "AppServiceTaskCountRequests"));
    Map<String, Object> tracking = Json.map(policy.get("TargetTrackingScalingPolicyConfiguration"));
    assertThat(tracking)
        .containsEntry("TargetValue", 6000)
        .doesNotContainKey("PredefinedMetricSpecification");
    List<Object> queries =
        Json.list(Json.map(tracking.get("CustomizedMetricSpecification")).get("Metrics"));
    Map<String, String> metricById = new LinkedHashMap<>();
    String expression = null;
    for (Object query : queries) {
      Map<String, Object> q = Json.map(query);
      if (q.get("Expression") != null) {
        expression = String.valueOf(q.get("Expression"));
        assertThat(q).containsEntry("ReturnData", true);
      } else {
        Map<String, Object> stat = Json.map(q.get("MetricStat"));
        metricById.put(
            String.valueOf(q.get("Id")),
            Json.map(stat.get("Metric")).get("MetricName") + " " + stat.get("Stat"));
        assertThat(q).containsEntry("ReturnData", false);
      }
    }
    assertThat(metricById)
        .containsExactly(
            Map.entry("primary", "RequestCount Sum"),
            Map.entry("alternate", "RequestCount Sum"),
            Map.entry("tasks", "RunningTaskCount Average"));
    assertThat(expression)
        .isEqualTo(
            "IF(FILL(tasks, 0) > 0, (FILL(primary, 0) + FILL(alternate, 0)) / FILL(tasks, 0),"
                + " FILL(primary, 0) + FILL(alternate, 0))");
    assertThat(queries.toString())
        .contains(targetGroupFullName(primaryTargetGroup()))
        .contains(targetGroupFullName(alternateTargetGroup()));
  }

  @Test
  void theImageVersionParameterIsRequiredAndAnOutput() {
    Map<String, Object> parameter =
        Json.map(
            template
                .findParameters(AppStack.IMAGE_VERSION_PARAMETER, Match.anyValue())
                .get(AppStack.IMAGE_VERSION_PARAMETER));
    assertThat(parameter)
        .containsEntry("Type", "String")
        .containsEntry("AllowedPattern", AppStack.IMAGE_VERSION_PATTERN)
        .doesNotContainKey("Default");
    assertThat("1.0.0").matches(AppStack.IMAGE_VERSION_PATTERN);
    assertThat("2.13.0-rc.1").matches(AppStack.IMAGE_VERSION_PATTERN);
    assertThat("1.0").doesNotMatch(AppStack.IMAGE_VERSION_PATTERN);
    template.hasOutput(
        "DeployedVersion",
        Match.objectLike(Map.of("Value", Map.of("Ref", AppStack.IMAGE_VERSION_PARAMETER))));
  }

  @Test
  void linearMovesTrafficInStepsWithABakeBetween() {
    Template linear =
        Synth.template(
            Synth.appWithDeployment(
                new DeploymentSettings(Strategy.LINEAR, Optional.of(20), Optional.of(6))));
    deploysWith(
        linear,
        Map.of(
            "Strategy",
            "LINEAR",
            "BakeTimeInMinutes",
            6,
            "LinearConfiguration",
            Map.of("StepPercent", 20, "StepBakeTimeInMinutes", 6),
            "CanaryConfiguration",
            Match.absent(),
            "LifecycleHooks",
            List.of(
                Match.objectLike(Map.of("LifecycleStages", List.of("PRE_SCALE_UP"))),
                Match.objectLike(Map.of("LifecycleStages", List.of("POST_TEST_TRAFFIC_SHIFT"))))));
  }

  @Test
  void blueGreenMovesEverythingAtOnceAfterTheTest() {
    Template blueGreen =
        Synth.template(
            Synth.appWithDeployment(
                new DeploymentSettings(Strategy.BLUE_GREEN, Optional.empty(), Optional.of(15))));
    deploysWith(
        blueGreen,
        Map.of(
            "Strategy",
            "BLUE_GREEN",
            "BakeTimeInMinutes",
            15,
            "LinearConfiguration",
            Match.absent(),
            "CanaryConfiguration",
            Match.absent(),
            "LifecycleHooks",
            List.of(
                Match.objectLike(Map.of("LifecycleStages", List.of("PRE_SCALE_UP"))),
                Match.objectLike(Map.of("LifecycleStages", List.of("POST_TEST_TRAFFIC_SHIFT"))))));
    serviceHas(
        blueGreen,
        Map.of(
            "LoadBalancers",
            List.of(
                Match.objectLike(Map.of("AdvancedConfiguration", Match.objectLike(Map.of()))))));
    blueGreen.resourceCountIs(TARGET_GROUP, 2);
    blueGreen.resourceCountIs(RULE, 2);
  }

  @Test
  void devStaysARollingUpdateBehindOneTargetGroup() {
    Template dev = AppTemplate.rolling();
    deploysWith(
        dev,
        Map.of(
            "Strategy",
            Match.absent(),
            "BakeTimeInMinutes",
            Match.absent(),
            "LifecycleHooks",
            Match.absent()));
    serviceHas(
        dev,
        Map.of(
            "LoadBalancers",
            List.of(Match.objectLike(Map.of("AdvancedConfiguration", Match.absent())))));
    dev.resourceCountIs(TARGET_GROUP, 1);
    dev.resourceCountIs(RULE, 0);
    dev.resourcePropertiesCountIs(
        "AWS::Lambda::Function", Match.objectLike(Map.of("Runtime", "java25")), 0);
    dev.resourceCountIs("AWS::SecretsManager::Secret", 0);
    // Every app stack declares ImageVersion, because the deploy passes it to every environment.
    assertThat(dev.findParameters(AppStack.IMAGE_VERSION_PARAMETER, Match.anyValue())).hasSize(1);
  }

  /**
   * Both groups, all traffic to the one the rule's condition (the live target the deploy passes)
   * names: the primary unless the parameter says alternate.
   */
  private static Map<String, Object> forwardToBoth(String condition) {
    return Map.of(
        "Type",
        "forward",
        "ForwardConfig",
        Map.of(
            "TargetGroups",
            List.of(
                Map.of(
                    "TargetGroupArn",
                    Map.of("Ref", primaryTargetGroup()),
                    "Weight",
                    Map.of("Fn::If", List.of(condition, 0, 100))),
                Map.of(
                    "TargetGroupArn",
                    Map.of("Ref", alternateTargetGroup()),
                    "Weight",
                    Map.of("Fn::If", List.of(condition, 100, 0))))));
  }

  /** The condition that the parameter {@code parameter} names the alternate group. */
  private static String onAlternate(String parameter) {
    Map<String, Object> conditions = Json.map(template.toJSON().get("Conditions"));
    List<String> found =
        conditions.entrySet().stream()
            .filter(
                condition ->
                    condition
                        .getValue()
                        .equals(
                            Map.of("Fn::Equals", List.of(Map.of("Ref", parameter), "alternate"))))
            .map(Map.Entry::getKey)
            .toList();
    assertThat(found).as(parameter).hasSize(1);
    return found.getFirst();
  }

  private static Object headerValueReference() {
    return Json.map(
            Json.map(properties("AWS::Lambda::Function", function()).get("Environment"))
                .get("Variables"))
        .get("TEST_HEADER_VALUE");
  }

  private static Map<String, Object> onlyStatement(Map<String, Object> role) {
    Map<String, Object> policy = Json.map(Json.list(role.get("Policies")).getFirst());
    List<Object> statements = Json.list(Json.map(policy.get("PolicyDocument")).get("Statement"));
    assertThat(statements).hasSize(1);
    return Json.map(statements.getFirst());
  }

  private static String targetGroupFullName(String targetGroup) {
    return "{Fn::GetAtt=[" + targetGroup + ", TargetGroupFullName]}";
  }

  private static String primaryTargetGroup() {
    return logicalIdStartingWith(TARGET_GROUP, "LoadBalancerTargets");
  }

  private static String alternateTargetGroup() {
    return logicalIdStartingWith(TARGET_GROUP, "LoadBalancerAlternateTargets");
  }

  private static String infrastructureRole() {
    return logicalIdStartingWith("AWS::IAM::Role", "TrafficShiftInfrastructureRole");
  }

  private static String invokeRole() {
    return logicalIdStartingWith("AWS::IAM::Role", "DeployHookInvokeRole");
  }

  private static String gateFunction() {
    return logicalIdStartingWith("AWS::Lambda::Function", "SignatureGateFunction");
  }

  private static String function() {
    return logicalIdStartingWith("AWS::Lambda::Function", "DeployHookFunction");
  }

  private static String hookLogGroup() {
    return logicalIdStartingWith("AWS::Logs::LogGroup", "DeployHookLogs");
  }

  private static String listener() {
    return logicalId("AWS::ElasticLoadBalancingV2::Listener");
  }

  private static String rule(int priority) {
    return template
        .findResources(
            RULE,
            Match.objectLike(Map.of("Properties", Match.objectLike(Map.of("Priority", priority)))))
        .keySet()
        .stream()
        .reduce(
            (a, b) -> {
              throw new AssertionError("two rules of priority " + priority);
            })
        .orElseThrow();
  }

  /** Fails unless the service of {@code stack} has at least {@code properties}. */
  private static void serviceHas(Template stack, Map<String, ?> properties) {
    stack.hasResourceProperties("AWS::ECS::Service", Match.objectLike(properties));
  }

  /** Fails unless the service of {@code stack} deploys with at least {@code configuration}. */
  private static void deploysWith(Template stack, Map<String, ?> configuration) {
    serviceHas(stack, Map.of("DeploymentConfiguration", Match.objectLike(configuration)));
  }

  private static String alarm(String name) {
    return AppTemplate.alarm(template, name);
  }

  private static String logicalId(String type) {
    return AppTemplate.logicalId(template, type);
  }

  private static String logicalIdStartingWith(String type, String prefix) {
    List<String> found =
        template.findResources(type).keySet().stream().filter(id -> id.startsWith(prefix)).toList();
    assertThat(found).as("%s %s*", type, prefix).hasSize(1);
    return found.getFirst();
  }

  private static Map<String, Object> properties(String type, String logicalId) {
    return Json.map(Json.map(template.findResources(type).get(logicalId)).get("Properties"));
  }

  private static String ref(Object value) {
    if (value instanceof Map<?, ?> map && map.get("Fn::GetAtt") instanceof List<?> getAtt) {
      return String.valueOf(getAtt.getFirst());
    }
    throw new AssertionError("not a GetAtt: " + value);
  }
}
