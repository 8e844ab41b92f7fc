package io.clockmirror.infra.settings;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Every name the stacks give to something in AWS, for one environment. Stack names, resource names,
 * log group names and the patterns of names made outside this app are built here and only here, so
 * a rename is one edit.
 *
 * @param environment the environment's name ({@code dev}); it prefixes every resource name
 */
public record Names(String environment) {

  /**
   * Qualifier of the CDK bootstrap stack the deploy actions use ({@code cdk bootstrap}'s default).
   */
  public static final String BOOTSTRAP_QUALIFIER = "hnb659fds";

  /**
   * A CodeConnections (or older CodeStar Connections) connection ARN. The same text validates the
   * context value and becomes the CloudFormation parameter's {@code AllowedPattern}.
   */
  public static final String CONNECTION_ARN_PATTERN =
      "arn:aws[a-z-]*:(codeconnections|codestar-connections):[a-z0-9-]+:[0-9]{12}:connection/[0-9a-f-]{36}";

  private static final Pattern ENVIRONMENT = Pattern.compile("[a-z][a-z0-9]{0,11}");

  public Names {
    checkEnvironment(environment);
  }

  /** Fails unless {@code environment} can prefix every resource name. */
  public static void checkEnvironment(String environment) {
    Objects.requireNonNull(environment, "environment");
    if (!ENVIRONMENT.matcher(environment).matches()) {
      throw new IllegalArgumentException("name must match " + ENVIRONMENT + ": " + environment);
    }
  }

  /** Prefix of every resource name: {@code dev-clockmirror}. */
  public String prefix() {
    return environment + "-clockmirror";
  }

  public String ecrStack() {
    return prefix() + "-ecr";
  }

  public String appStack() {
    return prefix() + "-app";
  }

  /** The ECR repository; the service stack and the pipeline find it by this name. */
  public String imageRepository() {
    return prefix();
  }

  /** The VPC, load balancer, cluster, service and task family all carry the plain prefix. */
  public String service() {
    return prefix();
  }

  /** The container inside the task definition. */
  public String container() {
    return "clockmirror";
  }

  public String containerLogGroup() {
    return "/ecs/" + prefix();
  }

  /** A CloudWatch alarm of the service, e.g. {@code dev-clockmirror-5xx-rate}. */
  public String alarm(String what) {
    return prefix() + "-" + what;
  }

  /** The SSM parameter that overrides {@code setting} for this environment. */
  public String ssmParameter(SsmOverridable setting) {
    return ssmPath() + setting.key();
  }

  /** The Parameter Store path under which this environment's overrides live, with its slashes. */
  public String ssmPath() {
    return "/clockmirror/" + environment + "/";
  }

  /** The CodeBuild project that runs {@code buildspec/<buildspec>.yml}. */
  public String buildProject(String buildspec) {
    return prefix() + "-" + buildspec;
  }

  /** The buildspec file, relative to the repository root. */
  public String buildspecFile(String buildspec) {
    return "buildspec/" + buildspec + ".yml";
  }

  public String buildLogGroup(String buildspec) {
    return "/aws/codebuild/" + buildProject(buildspec);
  }

  /** CodeBuild files a buildspec's report {@code <key>} into the group {@code <project>-<key>}. */
  public String reportGroup(String buildspec, String key) {
    return buildProject(buildspec) + "-" + key;
  }

  /**
   * The roles {@code cdk bootstrap} made in {@code account} and {@code region} (deploy,
   * file-publishing, image-publishing, lookup); the wildcard stands for the role kind only.
   */
  public static String bootstrapRoles(String account, String region) {
    return "cdk-" + BOOTSTRAP_QUALIFIER + "-*-" + account + "-" + region;
  }

  // The one delivery pipeline, shared by every environment: its names carry no environment.

  /** The pipeline stack, deployed once, in the first environment's region. */
  public static String pipelineStack() {
    return "clockmirror-pipeline";
  }

  public static String pipeline() {
    return "clockmirror-pipeline";
  }

  /** The topic that hears of the pipeline's failed runs. */
  public static String pipelineFailureTopic() {
    return pipeline() + "-failures";
  }

  /** A CodeBuild project that runs once per commit for every environment. */
  public static String sharedBuildProject(String buildspec) {
    return "clockmirror-" + buildspec;
  }

  public static String sharedBuildLogGroup(String buildspec) {
    return "/aws/codebuild/" + sharedBuildProject(buildspec);
  }

  public static String sharedReportGroup(String buildspec, String key) {
    return sharedBuildProject(buildspec) + "-" + key;
  }

  /** Key prefix of a project's build cache in the artifact bucket. */
  public static String buildCachePrefix(String projectName) {
    return "codebuild-cache/" + projectName;
  }

  // Deployment strategies: the test-traffic hook and what it needs.

  /** The Lambda function ECS runs before a new revision gets production traffic. */
  public String deployHook() {
    return prefix() + "-deploy-hook";
  }

  public String deployHookLogGroup() {
    return "/aws/lambda/" + deployHook();
  }

  /** The Lambda function ECS runs before a new revision starts a task: the signature gate. */
  public String signatureGate() {
    return prefix() + "-signature-gate";
  }

  public String signatureGateLogGroup() {
    return "/aws/lambda/" + signatureGate();
  }

  /**
   * The alias of the one KMS key the pipeline's build signs images with (in the pipeline's account
   * and region; docs/supply-chain.md).
   */
  public static String imageSigningKeyAlias() {
    return "alias/clockmirror-image-signing";
  }

  /**
   * The repositories the registry's enhanced scanning covers: every environment's of this project,
   * and nothing else of the account's.
   */
  public static String scannedRepositories() {
    return "*-clockmirror";
  }

  /** The rule that matches Amazon Inspector's CRITICAL findings for the environment's images. */
  public String criticalFindingsRule() {
    return prefix() + "-critical-image-findings";
  }

  /** The generated value that the test listener rule's header must carry. */
  public String testTrafficSecret() {
    return prefix() + "-test-traffic-header";
  }

  // --- Operations: dashboard, alarm topic, web ACL, saved queries

  /** The environment's CloudWatch dashboard. */
  public String dashboard() {
    return prefix();
  }

  /** The SNS topic every alarm of the environment notifies. */
  public String alarmTopic() {
    return prefix() + "-alarms";
  }

  /** Alias of the KMS key that encrypts the alarm topic. */
  public String alarmTopicKeyAlias() {
    return "alias/" + alarmTopic();
  }

  /** The AWS Chatbot channel configuration that forwards the alarm topic to Slack. */
  public String chatChannel() {
    return alarmTopic();
  }

  /** The WAF web ACL in front of the load balancer; also its metric name. */
  public String webAcl() {
    return prefix();
  }

  /** WAF delivers logs only to log groups whose name starts with {@code aws-waf-logs-}. */
  public String wafLogGroup() {
    return "aws-waf-logs-" + prefix();
  }

  /** A saved Logs Insights query; the slash files it in a folder named after the environment. */
  public String logQuery(String what) {
    return prefix() + "/" + what;
  }
}
