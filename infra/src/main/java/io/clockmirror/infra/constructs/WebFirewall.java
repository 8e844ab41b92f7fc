package io.clockmirror.infra.constructs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.wafv2.CfnLoggingConfiguration;
import software.amazon.awscdk.services.wafv2.CfnWebACL;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

/**
 * An AWS WAF web ACL in front of a {@link PublicLoadBalancer}: a rate limit per client IP, then the
 * AWS managed known-bad-inputs and common rule sets; anything else is allowed.
 *
 * <p>Blocked requests get the load balancer's own {@code 403} and never reach a target, so they
 * show in {@code HTTPCode_ELB_4XX_Count}, not in the target or load balancer 5xx counts the
 * deployment alarms read. Only blocked and counted requests are logged (to a log group whose name
 * starts with {@code aws-waf-logs-}, as WAF requires); allowed ones would cost a log line each.
 */
public final class WebFirewall extends Construct {

  /** Every rule's name with its priority: evaluated lowest first, the first block wins. */
  public static final Map<String, Integer> PRIORITIES =
      Map.of(
          "RateLimitPerClientIp", 0,
          "AWSManagedRulesKnownBadInputsRuleSet", 1,
          "AWSManagedRulesCommonRuleSet", 2);

  /**
   * What the firewall needs to know.
   *
   * @param name the web ACL's name, also its CloudWatch metric name
   * @param loadBalancer the load balancer it guards
   * @param rateLimitPer5Minutes requests one client IP may send in any 5 minutes
   * @param logGroupName where blocked and counted requests are logged; starts with {@code
   *     aws-waf-logs-}
   * @param logRetentionDays days those logs are kept; a period CloudWatch Logs offers
   */
  public record Props(
      String name,
      PublicLoadBalancer loadBalancer,
      long rateLimitPer5Minutes,
      String logGroupName,
      int logRetentionDays) {

    public Props {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(loadBalancer, "loadBalancer");
      Objects.requireNonNull(logGroupName, "logGroupName");
      if (rateLimitPer5Minutes < 10 || rateLimitPer5Minutes > 2_000_000_000L) {
        throw new IllegalArgumentException(
            "WAF rate limits are 10..2000000000: " + rateLimitPer5Minutes);
      }
      if (!logGroupName.startsWith("aws-waf-logs-")) {
        throw new IllegalArgumentException(
            "WAF logs only to groups named aws-waf-logs-*: " + logGroupName);
      }
      if (!LogRetention.isOffered(logRetentionDays)) {
        throw new IllegalArgumentException("no log retention of " + logRetentionDays + " days");
      }
    }
  }

  private final CfnWebACL webAcl;
  private final LogGroup logGroup;
  private final String name;

  public WebFirewall(Construct scope, String id, Props props) {
    super(scope, id);
    name = props.name();
    webAcl =
        CfnWebACL.Builder.create(this, "WebAcl")
            .name(props.name())
            .description("Rate limit per client IP and AWS managed rules for " + props.name())
            .scope("REGIONAL")
            .defaultAction(
                CfnWebACL.DefaultActionProperty.builder()
                    .allow(CfnWebACL.AllowActionProperty.builder().build())
                    .build())
            .visibilityConfig(visibility(props.name()))
            .rules(
                List.of(
                    rateLimit(props.rateLimitPer5Minutes()),
                    managed("AWSManagedRulesKnownBadInputsRuleSet"),
                    managed("AWSManagedRulesCommonRuleSet")))
            .build();
    CfnWebACLAssociation.Builder.create(this, "Association")
        .resourceArn(props.loadBalancer().loadBalancer().getLoadBalancerArn())
        .webAclArn(webAcl.getAttrArn())
        .build();

    logGroup = LogRetention.group(this, "Logs", props.logGroupName(), props.logRetentionDays());
    // WAF wants the group's ARN without the ":*" that LogGroup#getLogGroupArn ends with.
    String destination = LogRetention.groupArn(Stack.of(this), logGroup.getLogGroupName());
    CfnLoggingConfiguration.Builder.create(this, "Logging")
        .resourceArn(webAcl.getAttrArn())
        .logDestinationConfigs(List.of(destination))
        .loggingFilter(loggingFilter())
        .build();
  }

  /**
   * Keep only blocked and counted requests. The property is free-form JSON to CloudFormation, so it
   * is written as maps (the typed builder's keys would stay camelCase), ordered ones: with {@code
   * Map.of} the keys change places from one synthesis to the next.
   */
  private static Map<String, Object> loggingFilter() {
    Map<String, Object> filter = new LinkedHashMap<>();
    filter.put("Behavior", "KEEP");
    filter.put("Requirement", "MEETS_ANY");
    filter.put(
        "Conditions",
        List.of(
            Map.of("ActionCondition", Map.of("Action", "BLOCK")),
            Map.of("ActionCondition", Map.of("Action", "COUNT"))));
    Map<String, Object> logging = new LinkedHashMap<>();
    logging.put("DefaultBehavior", "DROP");
    logging.put("Filters", List.of(filter));
    return logging;
  }

  private static CfnWebACL.RuleProperty rateLimit(long limit) {
    String rule = "RateLimitPerClientIp";
    return CfnWebACL.RuleProperty.builder()
        .name(rule)
        .priority(PRIORITIES.get(rule))
        .statement(
            CfnWebACL.StatementProperty.builder()
                .rateBasedStatement(
                    CfnWebACL.RateBasedStatementProperty.builder()
                        .aggregateKeyType("IP")
                        .limit(limit)
                        .evaluationWindowSec(300)
                        .build())
                .build())
        .action(
            CfnWebACL.RuleActionProperty.builder()
                .block(CfnWebACL.BlockActionProperty.builder().build())
                .build())
        .visibilityConfig(visibility(rule))
        .build();
  }

  private static CfnWebACL.RuleProperty managed(String ruleGroup) {
    return CfnWebACL.RuleProperty.builder()
        .name(ruleGroup)
        .priority(PRIORITIES.get(ruleGroup))
        .statement(
            CfnWebACL.StatementProperty.builder()
                .managedRuleGroupStatement(
                    CfnWebACL.ManagedRuleGroupStatementProperty.builder()
                        .vendorName("AWS")
                        .name(ruleGroup)
                        .build())
                .build())
        // The group's own actions apply (block); "count" here would only watch.
        .overrideAction(CfnWebACL.OverrideActionProperty.builder().none(Map.of()).build())
        .visibilityConfig(visibility(ruleGroup))
        .build();
  }

  private static CfnWebACL.VisibilityConfigProperty visibility(String metricName) {
    return CfnWebACL.VisibilityConfigProperty.builder()
        .cloudWatchMetricsEnabled(true)
        .metricName(metricName)
        .sampledRequestsEnabled(true)
        .build();
  }

  /** Requests the web ACL blocked (every rule together), summed per 5 minutes. */
  public Metric blockedRequests() {
    return Metric.Builder.create()
        .namespace("AWS/WAFV2")
        .metricName("BlockedRequests")
        .dimensionsMap(Map.of("WebACL", name, "Rule", "ALL", "Region", Stack.of(this).getRegion()))
        .statistic("Sum")
        .period(Duration.minutes(5))
        .build();
  }

  /** Requests the web ACL let through, summed per 5 minutes. */
  public Metric allowedRequests() {
    return Metric.Builder.create()
        .namespace("AWS/WAFV2")
        .metricName("AllowedRequests")
        .dimensionsMap(Map.of("WebACL", name, "Rule", "ALL", "Region", Stack.of(this).getRegion()))
        .statistic("Sum")
        .period(Duration.minutes(5))
        .build();
  }

  public CfnWebACL webAcl() {
    return webAcl;
  }

  public LogGroup logGroup() {
    return logGroup;
  }
}
