package io.clockmirror.infra.pipeline;

import io.clockmirror.infra.constructs.ArtifactStore;
import io.clockmirror.infra.constructs.NagResources;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.codebuild.PipelineProject;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;

/**
 * The role CodePipeline runs the pipeline and its actions with, written out statement by statement:
 * the GitHub connection, the artifact store, and starting exactly the pipeline's CodeBuild
 * projects.
 */
final class PipelineRole {

  private PipelineRole() {}

  static Role of(
      Stack stack,
      String pipelineName,
      String connectionArn,
      ArtifactStore store,
      List<PipelineProject> projects) {
    List<PolicyStatement> statements = new ArrayList<>();
    statements.add(
        PolicyStatement.Builder.create()
            .sid("UseTheGitHubConnection")
            // The ARN's service prefix decides which of the two names IAM checks.
            .actions(List.of("codeconnections:UseConnection", "codestar-connections:UseConnection"))
            .resources(List.of(connectionArn))
            .build());
    statements.addAll(store.access(true, true));
    statements.add(
        PolicyStatement.Builder.create()
            .sid("SourceUploads")
            // The connection source action stores the commit with a bucket-owner ACL.
            .actions(List.of("s3:PutObjectAcl"))
            .resources(List.of(store.bucket().arnForObjects("*")))
            .build());
    statements.add(
        PolicyStatement.Builder.create()
            .sid("ArtifactStoreKey")
            .actions(List.of("kms:DescribeKey"))
            .resources(List.of(store.key().getKeyArn()))
            .build());
    statements.add(
        PolicyStatement.Builder.create()
            .sid("RunTheBuildActions")
            .actions(
                List.of("codebuild:BatchGetBuilds", "codebuild:StartBuild", "codebuild:StopBuild"))
            .resources(projects.stream().map(PipelineProject::getProjectArn).toList())
            .build());
    Role role =
        Role.Builder.create(stack, "PipelineRole")
            .assumedBy(new ServicePrincipal("codepipeline.amazonaws.com"))
            .description("CodePipeline " + pipelineName)
            .inlinePolicies(
                Map.of("pipeline", PolicyDocument.Builder.create().statements(statements).build()))
            .build();
    NagSuppressions.addResourceSuppressions(
        role,
        List.of(NagResources.wildcard(store.nagObjects("*"), ArtifactStore.OBJECTS_REASON)),
        true);
    return role;
  }
}
