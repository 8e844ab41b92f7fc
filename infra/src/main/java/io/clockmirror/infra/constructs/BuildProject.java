package io.clockmirror.infra.constructs;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.codebuild.BuildEnvironment;
import software.amazon.awscdk.services.codebuild.BuildEnvironmentVariable;
import software.amazon.awscdk.services.codebuild.BuildSpec;
import software.amazon.awscdk.services.codebuild.CloudWatchLoggingOptions;
import software.amazon.awscdk.services.codebuild.LoggingOptions;
import software.amazon.awscdk.services.codebuild.PipelineProject;
import software.amazon.awscdk.services.codebuild.ReportGroup;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * One CodeBuild project of a pipeline action: its buildspec file, its own log group, report groups
 * and role. See {@link BuildProjectProps} for what can be set.
 *
 * <p>Secure defaults: the role is written out statement by statement and handed to the project as
 * an immutable view, so CDK adds no broad grant of its own; it may write its own log group, read
 * the artifacts (write them only when it caches or produces some) and nothing else unless granted.
 * Every wildcard resource carries its reason as a cdk-nag suppression. Builds are encrypted with
 * the store's key and unprivileged unless the props say otherwise.
 */
public final class BuildProject extends Construct {

  private static final String CACHE_OBJECTS_REASON =
      "CodeBuild names the cache objects itself, under this project's own prefix of the artifact"
          + " bucket; the statement reaches that prefix only.";

  private final LogGroup logGroup;
  private final List<ReportGroup> reportGroups = new ArrayList<>();
  private final Role role;
  private final PipelineProject project;

  public BuildProject(Construct scope, String id, BuildProjectProps props) {
    super(scope, id);
    ArtifactStore store = props.store();
    logGroup = LogRetention.group(this, "Logs", props.logGroupName(), props.logRetentionDays());

    List<PolicyStatement> statements = new ArrayList<>();
    statements.add(
        PolicyStatement.Builder.create()
            .sid("WriteBuildLogs")
            .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
            .resources(List.of(logGroup.getLogGroupArn()))
            .build());
    boolean cached = props.cachePrefix().isPresent();
    statements.addAll(store.access(true, props.writesArtifacts() || cached));
    props
        .cachePrefix()
        .ifPresent(
            prefix ->
                statements.add(
                    PolicyStatement.Builder.create()
                        .sid("BuildCache")
                        .actions(List.of("s3:GetObject", "s3:PutObject"))
                        .resources(List.of(store.bucket().arnForObjects(prefix + "/*")))
                        .build()));
    for (BuildProjectProps.Report report : props.reports()) {
      reportGroups.add(
          ReportGroup.Builder.create(this, "Report" + capitalize(report.key()))
              .reportGroupName(report.groupName())
              .type(report.type())
              .removalPolicy(RemovalPolicy.DESTROY)
              .deleteReports(true)
              .build());
    }
    if (!reportGroups.isEmpty()) {
      statements.add(
          PolicyStatement.Builder.create()
              .sid("PublishReports")
              .actions(
                  List.of(
                      "codebuild:BatchPutCodeCoverages",
                      "codebuild:BatchPutTestCases",
                      "codebuild:CreateReport",
                      "codebuild:UpdateReport"))
              .resources(reportGroups.stream().map(ReportGroup::getReportGroupArn).toList())
              .build());
    }
    props.grants().forEach(grant -> statements.add(grant.statement()));

    role =
        Role.Builder.create(this, "Role")
            .assumedBy(new ServicePrincipal("codebuild.amazonaws.com"))
            .description("CodeBuild " + props.projectName())
            .inlinePolicies(
                Map.of("build", PolicyDocument.Builder.create().statements(statements).build()))
            .build();
    suppressWildcards(props);

    PipelineProject.Builder builder =
        PipelineProject.Builder.create(this, "Project")
            .projectName(props.projectName())
            .description(props.description())
            .buildSpec(BuildSpec.fromSourceFilename(props.buildspecFile()))
            .role(role.withoutPolicyUpdates())
            .grantReportGroupPermissions(false)
            .encryptionKey(store.key())
            .timeout(props.timeout())
            .environment(
                BuildEnvironment.builder()
                    .buildImage(props.image())
                    .computeType(props.compute())
                    .privileged(props.privileged())
                    .build())
            .environmentVariables(variables(props.environmentVariables()))
            .logging(
                LoggingOptions.builder()
                    .cloudWatch(CloudWatchLoggingOptions.builder().logGroup(logGroup).build())
                    .build());
    props.cachePrefix().ifPresent(prefix -> builder.cache(store.cache(prefix)));
    project = builder.build();
  }

  private void suppressWildcards(BuildProjectProps props) {
    List<NagPackSuppression> reasons = new ArrayList<>();
    reasons.add(NagResources.wildcard(props.store().nagObjects("*"), ArtifactStore.OBJECTS_REASON));
    props
        .cachePrefix()
        .ifPresent(
            prefix ->
                reasons.add(
                    NagResources.wildcard(
                        props.store().nagObjects(prefix + "/*"), CACHE_OBJECTS_REASON)));
    for (BuildProjectProps.Grant grant : props.grants()) {
      grant
          .wildcardReason()
          .ifPresent(
              reason -> {
                for (String resource : grant.statement().getResources()) {
                  reasons.add(
                      NagResources.wildcard(NagResources.render(Stack.of(this), resource), reason));
                }
              });
    }
    NagSuppressions.addResourceSuppressions(role, reasons, true);
  }

  private static Map<String, BuildEnvironmentVariable> variables(Map<String, String> plain) {
    Map<String, BuildEnvironmentVariable> variables = new LinkedHashMap<>();
    plain.forEach(
        (name, value) ->
            variables.put(name, BuildEnvironmentVariable.builder().value(value).build()));
    return variables;
  }

  private static String capitalize(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  public LogGroup logGroup() {
    return logGroup;
  }

  public List<ReportGroup> reportGroups() {
    return List.copyOf(reportGroups);
  }

  public Role role() {
    return role;
  }

  public PipelineProject project() {
    return project;
  }
}
