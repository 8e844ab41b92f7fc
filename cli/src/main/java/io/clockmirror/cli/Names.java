package io.clockmirror.cli;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The names this command looks for in AWS, for one environment: the same scheme as infra's {@code
 * settings/Names}, kept here as a small table rather than a dependency on the infra module (which
 * brings the whole CDK). {@code NamesTest} checks every entry against a synthesized template.
 *
 * @param environment the environment's name in {@code infra/cdk.json}
 */
public record Names(String environment) {

  /** The stack {@code cdk bootstrap} makes, once per account and region. */
  public static final String BOOTSTRAP_STACK = "CDKToolkit";

  public static final String PIPELINE_STACK = "clockmirror-pipeline";

  /** The container in the task definition. */
  public static final String CONTAINER = "clockmirror";

  public static final String REPOSITORY_URI_OUTPUT = "RepositoryUri";
  public static final String SERVICE_URL_OUTPUT = "ServiceUrl";
  public static final String CLUSTER_OUTPUT = "ClusterName";
  public static final String SERVICE_OUTPUT = "ServiceName";
  public static final String LOG_GROUP_OUTPUT = "LogGroupName";

  public static final String IMAGE_TAG_PARAMETER = "ImageTag";
  public static final String IMAGE_VERSION_PARAMETER = "ImageVersion";

  /** Outputs of an environment whose strategy shifts traffic between two target groups. */
  public static final String PRODUCTION_RULE_OUTPUT = "ProductionRuleArn";

  public static final String PRIMARY_TARGET_GROUP_OUTPUT = "PrimaryTargetGroupArn";
  public static final String ALTERNATE_TARGET_GROUP_OUTPUT = "AlternateTargetGroupArn";

  /**
   * The service-linked roles the first cluster and its scaling need (docs/deploy.md): service
   * principal and the role IAM names for it.
   */
  public record ServiceLinkedRole(String service, String roleName) {}

  public static final List<ServiceLinkedRole> SERVICE_LINKED_ROLES =
      List.of(
          new ServiceLinkedRole("ecs.amazonaws.com", "AWSServiceRoleForECS"),
          new ServiceLinkedRole(
              "ecs.application-autoscaling.amazonaws.com",
              "AWSServiceRoleForApplicationAutoScaling_ECSService"));

  private static final Pattern ENVIRONMENT = Pattern.compile("[a-z][a-z0-9]{0,11}");

  public Names {
    Objects.requireNonNull(environment, "environment");
    if (!ENVIRONMENT.matcher(environment).matches()) {
      throw new IllegalArgumentException("not an environment name: " + environment);
    }
  }

  public String prefix() {
    return environment + "-clockmirror";
  }

  public String ecrStack() {
    return prefix() + "-ecr";
  }

  public String appStack() {
    return prefix() + "-app";
  }

  public String repository() {
    return prefix();
  }

  /** Load balancer, cluster and service all carry the plain prefix. */
  public String loadBalancer() {
    return prefix();
  }

  public String cluster() {
    return prefix();
  }

  public String service() {
    return prefix();
  }

  public String containerLogGroup() {
    return "/ecs/" + prefix();
  }

  /** Every alarm of the environment starts with this. */
  public String alarmPrefix() {
    return prefix() + "-";
  }

  /**
   * The log group Container Insights writes for the cluster. ECS makes it, not CloudFormation, so
   * it outlives the app stack.
   */
  public String containerInsightsLogGroup() {
    return "/aws/ecs/containerinsights/" + cluster() + "/performance";
  }
}
