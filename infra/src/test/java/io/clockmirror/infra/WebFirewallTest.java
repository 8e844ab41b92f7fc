package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The web ACL in front of prod's load balancer, and its absence in dev. */
class WebFirewallTest {

  private static final Template DEV = AppTemplate.dev();
  private static final Template PROD = Synth.template(Synth.environment("prod").app());

  @Test
  void devHasNoFirewall() {
    DEV.resourceCountIs("AWS::WAFv2::WebACL", 0);
    DEV.resourceCountIs("AWS::WAFv2::WebACLAssociation", 0);
    DEV.resourceCountIs("AWS::WAFv2::LoggingConfiguration", 0);
  }

  @Test
  void prodsLoadBalancerIsGuardedByARegionalWebAclThatAllowsByDefault() {
    PROD.hasResourceProperties(
        "AWS::WAFv2::WebACL",
        Match.objectLike(
            Map.of(
                "Name",
                "prod-clockmirror",
                "Scope",
                "REGIONAL",
                "DefaultAction",
                Map.of("Allow", Map.of()),
                "VisibilityConfig",
                Map.of(
                    "CloudWatchMetricsEnabled", true,
                    "MetricName", "prod-clockmirror",
                    "SampledRequestsEnabled", true))));
    PROD.hasResourceProperties(
        "AWS::WAFv2::WebACLAssociation",
        Map.of(
            "ResourceArn", Map.of("Ref", logicalId("AWS::ElasticLoadBalancingV2::LoadBalancer")),
            "WebACLArn", Map.of("Fn::GetAtt", List.of(logicalId("AWS::WAFv2::WebACL"), "Arn"))));
  }

  @Test
  void theRateLimitComesFirstThenKnownBadInputsThenTheCommonRuleSet() {
    List<Object> rules = rules();

    assertThat(rules)
        .extracting(rule -> Json.map(rule).get("Priority") + " " + Json.map(rule).get("Name"))
        .containsExactly(
            "0 RateLimitPerClientIp",
            "1 AWSManagedRulesKnownBadInputsRuleSet",
            "2 AWSManagedRulesCommonRuleSet");
    assertThat(rules.get(0))
        .isEqualTo(
            Map.of(
                "Name", "RateLimitPerClientIp",
                "Priority", 0,
                "Statement",
                    Map.of(
                        "RateBasedStatement",
                        Map.of(
                            "AggregateKeyType", "IP", "Limit", 2000, "EvaluationWindowSec", 300)),
                "Action", Map.of("Block", Map.of()),
                "VisibilityConfig",
                    Map.of(
                        "CloudWatchMetricsEnabled", true,
                        "MetricName", "RateLimitPerClientIp",
                        "SampledRequestsEnabled", true)));
    for (Object rule : rules.subList(1, 3)) {
      Map<String, Object> managed = Json.map(rule);
      assertThat(managed.get("Statement"))
          .isEqualTo(
              Map.of(
                  "ManagedRuleGroupStatement",
                  Map.of("VendorName", "AWS", "Name", managed.get("Name"))));
      assertThat(managed.get("OverrideAction")).isEqualTo(Map.of("None", Map.of()));
      assertThat(Json.map(managed.get("VisibilityConfig")))
          .containsEntry("CloudWatchMetricsEnabled", true)
          .containsEntry("MetricName", managed.get("Name"));
    }
  }

  @Test
  void theVariantsRateLimitIsItsOwn() {
    Template variant = Synth.template(Synth.variant().app());
    Map<String, Object> acl =
        AppTemplate.properties(
            variant.findResources("AWS::WAFv2::WebACL").values().iterator().next());

    assertThat(Json.map(Json.map(Json.list(acl.get("Rules")).get(0)).get("Statement")))
        .isEqualTo(
            Map.of(
                "RateBasedStatement",
                Map.of("AggregateKeyType", "IP", "Limit", 500, "EvaluationWindowSec", 300)));
  }

  @Test
  void blockedAndCountedRequestsAreLoggedToAnAwsWafLogsGroupWithRetention() {
    String logs =
        PROD.findResources(
                "AWS::Logs::LogGroup",
                Match.objectLike(
                    Map.of(
                        "Properties",
                        Match.objectLike(Map.of("LogGroupName", "aws-waf-logs-prod-clockmirror")))))
            .keySet()
            .iterator()
            .next();
    PROD.hasResourceProperties(
        "AWS::Logs::LogGroup",
        Map.of("LogGroupName", "aws-waf-logs-prod-clockmirror", "RetentionInDays", 90));
    Map<String, String> account = Map.of("Ref", "AWS::AccountId");
    PROD.hasResourceProperties(
        "AWS::WAFv2::LoggingConfiguration",
        Map.of(
            "ResourceArn", Map.of("Fn::GetAtt", List.of(logicalId("AWS::WAFv2::WebACL"), "Arn")),
            "LogDestinationConfigs",
                List.of(
                    Map.of(
                        "Fn::Join",
                        List.of(
                            "",
                            List.of(
                                "arn:aws:logs:eu-west-1:",
                                account,
                                ":log-group:",
                                Map.of("Ref", logs))))),
            "LoggingFilter",
                Map.of(
                    "DefaultBehavior",
                    "DROP",
                    "Filters",
                    List.of(
                        Map.of(
                            "Behavior",
                            "KEEP",
                            "Requirement",
                            "MEETS_ANY",
                            "Conditions",
                            List.of(
                                Map.of("ActionCondition", Map.of("Action", "BLOCK")),
                                Map.of("ActionCondition", Map.of("Action", "COUNT"))))))));
  }

  /**
   * A blocked request is answered by the load balancer with WAF's default 403 (the ACL defines no
   * custom response), so it is counted in {@code HTTPCode_ELB_4XX_Count} and never reaches a
   * target. The rollback alarm's 5xx rate adds only target and load balancer 5xx counts: nothing
   * WAF blocks can raise it.
   */
  @Test
  void requestsTheFirewallBlocksDoNotCountInTheDeploymentAlarms5xxRate() {
    assertThat(PROD.toJSON().toString()).doesNotContain("CustomResponse");
    Map<String, Object> alarm =
        AppTemplate.properties(
            PROD.findResources(
                    "AWS::CloudWatch::Alarm",
                    Match.objectLike(
                        Map.of(
                            "Properties",
                            Match.objectLike(Map.of("AlarmName", "prod-clockmirror-5xx-rate")))))
                .values()
                .iterator()
                .next());
    Map<String, String> metricById = new java.util.TreeMap<>();
    String expression = null;
    for (Object query : Json.list(alarm.get("Metrics"))) {
      Map<String, Object> q = Json.map(query);
      if (q.get("Expression") != null) {
        expression = String.valueOf(q.get("Expression"));
      } else {
        Map<String, Object> metric = Json.map(Json.map(q.get("MetricStat")).get("Metric"));
        metricById.put(String.valueOf(q.get("Id")), String.valueOf(metric.get("MetricName")));
      }
    }

    assertThat(expression).contains("primary5xx").contains("elb5xx").doesNotContain("4xx");
    assertThat(metricById)
        .containsEntry("primary5xx", "HTTPCode_Target_5XX_Count")
        .containsEntry("elb5xx", "HTTPCode_ELB_5XX_Count")
        .doesNotContainValue("HTTPCode_ELB_4XX_Count")
        .doesNotContainValue("HTTPCode_Target_4XX_Count");
  }

  private static List<Object> rules() {
    Map<String, Object> acl =
        AppTemplate.properties(PROD.findResources("AWS::WAFv2::WebACL").values().iterator().next());
    return Json.list(acl.get("Rules"));
  }

  private static String logicalId(String type) {
    Map<String, Map<String, Object>> found = PROD.findResources(type);
    assertThat(found).hasSize(1);
    return found.keySet().iterator().next();
  }
}
