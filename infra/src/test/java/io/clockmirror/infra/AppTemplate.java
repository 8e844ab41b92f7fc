package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Queries on the service stack of a rolling environment in the constructs' default shape (dev's
 * settings with isolated subnets, on-demand tasks, Container Insights and a dashboard: {@link
 * Synth#rollingIsolated()}) that the tests of those constructs share. dev's own cheap choices are
 * tested in DevCostChoicesTest.
 */
final class AppTemplate {

  private static final Template template = Synth.template(Synth.rollingIsolated());

  private AppTemplate() {}

  static Template rolling() {
    return template;
  }

  /** Logical ids of the route tables of the isolated subnets. */
  static List<String> isolatedRouteTables() {
    List<String> isolated = subnetsOfType("Isolated");
    return template.findResources("AWS::EC2::SubnetRouteTableAssociation").values().stream()
        .map(AppTemplate::properties)
        .filter(props -> isolated.contains(ref(props.get("SubnetId"))))
        .map(props -> String.valueOf(ref(props.get("RouteTableId"))))
        .toList();
  }

  static String logicalId(String type) {
    return logicalId(template, type);
  }

  /** The logical id of the one resource of {@code type} in {@code stack}. */
  static String logicalId(Template stack, String type) {
    Map<String, Map<String, Object>> found = stack.findResources(type);
    assertThat(found).as(type).hasSize(1);
    return found.keySet().iterator().next();
  }

  static String logicalId(String type, String descriptionPart) {
    return template
        .findResources(
            type,
            Match.objectLike(
                Map.of(
                    "Properties",
                    Match.objectLike(
                        Map.of(
                            "GroupDescription",
                            Match.stringLikeRegexp(".*" + descriptionPart + ".*"))))))
        .keySet()
        .stream()
        .reduce(
            (a, b) -> {
              throw new AssertionError("more than one " + type + " matches " + descriptionPart);
            })
        .orElseThrow();
  }

  static String alarm(String name) {
    return alarm(template, name);
  }

  /** The logical id of the alarm named {@code name} in {@code stack}. */
  static String alarm(Template stack, String name) {
    return stack
        .findResources(
            "AWS::CloudWatch::Alarm",
            Match.objectLike(Map.of("Properties", Match.objectLike(Map.of("AlarmName", name)))))
        .keySet()
        .iterator()
        .next();
  }

  /**
   * Fails unless the service of {@code stack} rolls a deployment back on its circuit breaker and on
   * {@code environment}'s three deployment alarms, and on nothing else.
   */
  static void rollsBackOnTheCircuitBreakerAndEveryAlarm(Template stack, String environment) {
    stack.hasResourceProperties(
        "AWS::ECS::Service",
        Match.objectLike(
            Map.of(
                "DeploymentConfiguration",
                Match.objectLike(
                    Map.of(
                        "DeploymentCircuitBreaker",
                        Map.of("Enable", true, "Rollback", true),
                        "Alarms",
                        Map.of(
                            "Enable",
                            true,
                            "Rollback",
                            true,
                            "AlarmNames",
                            List.of(
                                Map.of("Ref", alarm(stack, environment + "-clockmirror-5xx-rate")),
                                Map.of(
                                    "Ref", alarm(stack, environment + "-clockmirror-p99-latency")),
                                Map.of(
                                    "Ref",
                                    alarm(
                                        stack,
                                        environment + "-clockmirror-unhealthy-hosts")))))))));
  }

  /**
   * Fails unless the task definition of {@code stack} has exactly one container and it has at least
   * {@code properties}.
   */
  static void hasContainer(Template stack, Map<String, ?> properties) {
    stack.hasResourceProperties(
        "AWS::ECS::TaskDefinition",
        Match.objectLike(Map.of("ContainerDefinitions", List.of(Match.objectLike(properties)))));
  }

  /** The service URL of {@code stack}: http:// and its load balancer's DNS name. */
  static Map<String, Object> serviceUrl(Template stack) {
    return Map.of(
        "Fn::Join",
        List.of(
            "",
            List.of(
                "http://",
                Map.of(
                    "Fn::GetAtt",
                    List.of(
                        logicalId(stack, "AWS::ElasticLoadBalancingV2::LoadBalancer"),
                        "DNSName")))));
  }

  /** Logical ids of the VPC's subnets of one kind ({@code Public} or {@code Isolated}). */
  static List<String> subnetsOfType(String kind) {
    return subnetsOfType(template, kind);
  }

  /** Logical ids of the subnets of one kind in {@code stack}. */
  static List<String> subnetsOfType(Template stack, String kind) {
    return stack
        .findResources(
            "AWS::EC2::Subnet",
            Match.objectLike(
                Map.of(
                    "Properties",
                    Match.objectLike(
                        Map.of(
                            "Tags",
                            Match.arrayWith(
                                List.of(Map.of("Key", "aws-cdk:subnet-type", "Value", kind))))))))
        .keySet()
        .stream()
        .sorted()
        .toList();
  }

  static List<Map<String, String>> refs(List<String> logicalIds) {
    return logicalIds.stream().map(id -> Map.of("Ref", id)).toList();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> properties(Map<String, Object> resource) {
    return (Map<String, Object>) resource.get("Properties");
  }

  static Object ref(Object value) {
    return value instanceof Map<?, ?> map ? map.get("Ref") : value;
  }
}
