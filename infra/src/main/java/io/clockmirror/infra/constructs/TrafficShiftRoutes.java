package io.clockmirror.infra.constructs;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.ecs.AlternateTarget;
import software.amazon.awscdk.services.ecs.IAlternateTarget;
import software.amazon.awscdk.services.ecs.ListenerRuleConfiguration;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListenerRule;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.elasticloadbalancingv2.WeightedTargetGroup;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * The load balancer side of a deployment that runs the new revision beside the old one (ECS
 * blue/green, canary, linear): a second target group, the production listener rule whose weights
 * ECS moves between the two, a test listener rule that sends requests carrying a secret header to
 * the new revision before any production traffic does, and the role ECS edits them with.
 *
 * <p>Both rules sit on the serving listener, whose default action still forwards to the first
 * target group: ECS fails a deployment whose listener mixes forward and non-forward actions, and
 * the production rule matches every path, so the default is never reached.
 */
public final class TrafficShiftRoutes extends Construct {

  /** Header the test listener rule matches on. */
  public static final String TEST_HEADER_NAME = "X-Clockmirror-Test-Traffic";

  /** Rules are evaluated lowest first: the test rule must win over the catch-all. */
  static final int TEST_RULE_PRIORITY = 1;

  static final int PRODUCTION_RULE_PRIORITY = 10;

  /** Where a rule forwards: the value of the stack parameter that states it. */
  public enum Live {
    /**
     * All traffic to the first target group: before the first deployment, and after each even one.
     */
    PRIMARY,
    /** All traffic to the alternate target group: after each odd deployment. */
    ALTERNATE;

    /** The parameter value that names this group. */
    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * What the routes need to know.
   *
   * @param secretName name of the generated Secrets Manager secret holding the header's value
   * @param loadBalancer the load balancer whose serving listener gets the rules
   * @param productionTarget where the production rule forwards today: a {@link Live#value()}, in
   *     practice a stack parameter the deploy sets from the live rule, so that a template change
   *     never moves production traffic
   * @param testTarget the same for the test rule
   */
  public record Props(
      String secretName,
      PublicLoadBalancer loadBalancer,
      String productionTarget,
      String testTarget) {

    public Props {
      Objects.requireNonNull(secretName, "secretName");
      Objects.requireNonNull(loadBalancer, "loadBalancer");
      Objects.requireNonNull(productionTarget, "productionTarget");
      Objects.requireNonNull(testTarget, "testTarget");
    }
  }

  private final ApplicationTargetGroup alternateTargetGroup;
  private final Secret headerSecret;
  private final ApplicationListenerRule productionRule;
  private final ApplicationListenerRule testRule;
  private final Role infrastructureRole;
  private final IAlternateTarget alternateTarget;

  public TrafficShiftRoutes(Construct scope, String id, Props props) {
    super(scope, id);
    PublicLoadBalancer loadBalancer = props.loadBalancer();
    ApplicationTargetGroup primary = loadBalancer.targetGroup();
    alternateTargetGroup = loadBalancer.addAlternateTargetGroup();
    headerSecret =
        Secret.Builder.create(this, "TestHeader")
            .secretName(props.secretName())
            .description(
                "Value of the "
                    + TEST_HEADER_NAME
                    + " header that routes a request to the revision under test")
            .generateSecretString(
                SecretStringGenerator.builder()
                    .passwordLength(40)
                    .excludePunctuation(true)
                    .includeSpace(false)
                    .build())
            .build();
    NagSuppressions.addResourceSuppressions(
        headerSecret,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-SMG4")
                .reason(
                    "CloudFormation copies the value into the listener rule and the hook's"
                        + " environment at deploy time; a rotation would leave both stale until"
                        + " the next deploy, which generates nothing new either. The value only"
                        + " opens the route to a revision of the same public API.")
                .build()));

    productionRule =
        ApplicationListenerRule.Builder.create(this, "ProductionRule")
            .listener(loadBalancer.listener())
            .priority(PRODUCTION_RULE_PRIORITY)
            .conditions(List.of(ListenerCondition.pathPatterns(List.of("/*"))))
            .action(bothTargetGroups(primary, "ProductionOnAlternate", props.productionTarget()))
            .build();
    testRule =
        ApplicationListenerRule.Builder.create(this, "TestRule")
            .listener(loadBalancer.listener())
            .priority(TEST_RULE_PRIORITY)
            .conditions(
                List.of(ListenerCondition.httpHeader(TEST_HEADER_NAME, List.of(headerValue()))))
            .action(bothTargetGroups(primary, "TestOnAlternate", props.testTarget()))
            .build();

    for (ApplicationListenerRule rule : List.of(productionRule, testRule)) {
      // aws-cdk-lib tags listener rules, but cfn-lint 1.51's schema of the resource has no Tags:
      // rules cost nothing, so they stay untagged rather than depend on which of the two is right.
      ((CfnResource) rule.getNode().getDefaultChild()).addPropertyDeletionOverride("Tags");
    }
    infrastructureRole = infrastructureRole(loadBalancer, primary);
    alternateTarget =
        AlternateTarget.Builder.create("AlternateTarget")
            .alternateTargetGroup(alternateTargetGroup)
            .productionListener(ListenerRuleConfiguration.applicationListenerRule(productionRule))
            .testListener(ListenerRuleConfiguration.applicationListenerRule(testRule))
            .role(infrastructureRole)
            .build();
  }

  /**
   * All traffic to the group {@code live} names, the other at weight 0. ECS moves the weights
   * during a deployment and leaves all traffic on the new revision's group; CloudFormation writes
   * the weights the template states whenever it updates the rule, so the template states the live
   * group (a condition on {@code live}) and an update of the rule leaves the traffic where it is.
   */
  private ListenerAction bothTargetGroups(
      ApplicationTargetGroup primary, String conditionId, String live) {
    CfnCondition onAlternate =
        CfnCondition.Builder.create(this, conditionId)
            .expression(Fn.conditionEquals(live, Live.ALTERNATE.value()))
            .build();
    return ListenerAction.weightedForward(
        List.of(
            WeightedTargetGroup.builder()
                .targetGroup(primary)
                .weight(Token.asNumber(Fn.conditionIf(onAlternate.getLogicalId(), 0, 100)))
                .build(),
            WeightedTargetGroup.builder()
                .targetGroup(alternateTargetGroup)
                .weight(Token.asNumber(Fn.conditionIf(onAlternate.getLogicalId(), 100, 0)))
                .build()));
  }

  /**
   * The statements of AWS's {@code AmazonECSInfrastructureRolePolicyForLoadBalancers}, each
   * narrowed to this service's target groups, listener and rules.
   */
  private Role infrastructureRole(PublicLoadBalancer loadBalancer, ApplicationTargetGroup primary) {
    Role role =
        Role.Builder.create(this, "InfrastructureRole")
            .assumedBy(new ServicePrincipal("ecs.amazonaws.com"))
            .description("ECS moves traffic between the service's two target groups")
            .inlinePolicies(
                Map.of(
                    "LoadBalancerTrafficShift",
                    PolicyDocument.Builder.create()
                        .statements(
                            List.of(
                                statement(
                                    "ReadTheLoadBalancer",
                                    List.of(
                                        "elasticloadbalancing:DescribeListeners",
                                        "elasticloadbalancing:DescribeRules",
                                        "elasticloadbalancing:DescribeTargetGroups",
                                        "elasticloadbalancing:DescribeTargetHealth"),
                                    List.of("*")),
                                statement(
                                    "RegisterTasksInEitherTargetGroup",
                                    List.of(
                                        "elasticloadbalancing:RegisterTargets",
                                        "elasticloadbalancing:DeregisterTargets"),
                                    List.of(
                                        primary.getTargetGroupArn(),
                                        alternateTargetGroup.getTargetGroupArn())),
                                statement(
                                    "MoveTheWeightsOfTheTwoRules",
                                    List.of("elasticloadbalancing:ModifyRule"),
                                    List.of(
                                        productionRule.getListenerRuleArn(),
                                        testRule.getListenerRuleArn())),
                                statement(
                                    "ModifyTheServingListener",
                                    List.of("elasticloadbalancing:ModifyListener"),
                                    List.of(loadBalancer.listener().getListenerArn()))))
                        .build()))
            .build();
    NagSuppressions.addResourceSuppressions(
        role,
        List.of(
            NagResources.wildcard(
                "*",
                "The elasticloadbalancing Describe actions ECS reads the listener and target"
                    + " groups with support no resource-level permissions; every other"
                    + " statement names this service's own resources.")));
    return role;
  }

  private static PolicyStatement statement(String sid, List<String> actions, List<String> on) {
    return PolicyStatement.Builder.create()
        .sid(sid)
        .effect(Effect.ALLOW)
        .actions(actions)
        .resources(on)
        .build();
  }

  /**
   * The header's value as a CloudFormation dynamic reference: CloudFormation resolves it while
   * deploying, so the value is in neither the template nor the synthesized output.
   */
  public String headerValue() {
    return headerSecret.getSecretValue().unsafeUnwrap();
  }

  public ApplicationTargetGroup alternateTargetGroup() {
    return alternateTargetGroup;
  }

  public ApplicationListenerRule productionRule() {
    return productionRule;
  }

  public ApplicationListenerRule testRule() {
    return testRule;
  }

  public Role infrastructureRole() {
    return infrastructureRole;
  }

  /** What the service's load balancer target is given so that ECS shifts traffic itself. */
  public IAlternateTarget alternateTarget() {
    return alternateTarget;
  }
}
