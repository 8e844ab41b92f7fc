package io.clockmirror.infra;

import io.clockmirror.infra.constructs.ArtifactStore;
import io.clockmirror.infra.constructs.CfnLint;
import io.clockmirror.infra.constructs.NagResources;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.codebuild.BuildEnvironmentVariable;
import software.amazon.awscdk.services.codebuild.PipelineProject;
import software.amazon.awscdk.services.codepipeline.Artifact;
import software.amazon.awscdk.services.codepipeline.ExecutionMode;
import software.amazon.awscdk.services.codepipeline.IAction;
import software.amazon.awscdk.services.codepipeline.Pipeline;
import software.amazon.awscdk.services.codepipeline.PipelineType;
import software.amazon.awscdk.services.codepipeline.StageProps;
import software.amazon.awscdk.services.codepipeline.actions.CodeBuildAction;
import software.amazon.awscdk.services.codepipeline.actions.CodeStarConnectionsSourceAction;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;

/**
 * The pipeline's stages and actions, and the role the pipeline runs them with: which artifact and
 * which variable flows from which action into which.
 *
 * @param connectionArn the GitHub connection (the stack parameter's value)
 * @param props the pipeline's props
 * @param projects the CodeBuild project of each build action
 */
record PipelineStages(String connectionArn, PipelineStackProps props, Projects projects) {

  /** Name of the Build stage's output; CodeBuild exposes it as {@code $CODEBUILD_SRC_DIR_Image}. */
  static final String IMAGE_ARTIFACT = "Image";

  /** The project of each CodeBuild action, in the order the pipeline runs them. */
  record Projects(
      PipelineProject staticAnalysis,
      PipelineProject unitTest,
      PipelineProject dockerBuild,
      PipelineProject deployEcr,
      PipelineProject deployApp,
      PipelineProject smokeTest) {

    List<PipelineProject> all() {
      return List.of(staticAnalysis, unitTest, dockerBuild, deployEcr, deployApp, smokeTest);
    }
  }

  /** Adds the pipeline, storing its artifacts in {@code store}. */
  Pipeline pipeline(Stack stack, String name, ArtifactStore store) {
    Artifact source = new Artifact("Source");
    Artifact image = new Artifact(IMAGE_ARTIFACT);

    CodeStarConnectionsSourceAction sourceAction =
        CodeStarConnectionsSourceAction.Builder.create()
            .actionName("Source")
            .connectionArn(connectionArn)
            .owner(props.repositoryOwner())
            .repo(props.repositoryName())
            .branch(props.branch())
            .triggerOnPush(true)
            .output(source)
            .variablesNamespace("SourceVariables")
            .build();
    CodeBuildAction staticAnalysis =
        build("StaticAnalysis", projects.staticAnalysis(), source).runOrder(1).build();
    CodeBuildAction unitTest = build("UnitTest", projects.unitTest(), source).runOrder(1).build();
    CodeBuildAction dockerBuild =
        build("DockerBuild", projects.dockerBuild(), source)
            .outputs(List.of(image))
            .variablesNamespace("BuildVariables")
            .environmentVariables(variables("COMMIT_ID", sourceAction.getVariables().getCommitId()))
            .build();
    Map<String, BuildEnvironmentVariable> imageTags =
        variables(
            "IMAGE_VERSION", dockerBuild.variable("IMAGE_VERSION"),
            "IMAGE_TAG", dockerBuild.variable("IMAGE_TAG"));
    CodeBuildAction deployEcr =
        build("DeployECR", projects.deployEcr(), source)
            .extraInputs(List.of(image))
            .runOrder(1)
            .environmentVariables(imageTags)
            .build();
    CodeBuildAction deployApp =
        build("DeployApp", projects.deployApp(), source)
            .runOrder(2)
            .variablesNamespace("DeployAppVariables")
            .environmentVariables(imageTags)
            .build();
    CodeBuildAction smokeTest =
        build("SmokeTest", projects.smokeTest(), source)
            .environmentVariables(
                variables(
                    "SERVICE_URL", deployApp.variable("SERVICE_URL"),
                    "IMAGE_VERSION", dockerBuild.variable("IMAGE_VERSION")))
            .build();

    Role role = role(stack, name, store);
    Pipeline pipeline =
        Pipeline.Builder.create(stack, "Pipeline")
            .pipelineName(name)
            .pipelineType(PipelineType.V2)
            // Every commit is a release candidate: run them one after another, none skipped.
            .executionMode(ExecutionMode.QUEUED)
            .artifactBucket(store.bucket())
            .role(role.withoutPolicyUpdates())
            .usePipelineRoleForActions(true)
            .restartExecutionOnUpdate(false)
            .stages(
                List.of(
                    stage("Source", sourceAction),
                    stage("Test", staticAnalysis, unitTest),
                    stage("Build", dockerBuild),
                    stage("Deploy", deployEcr, deployApp),
                    stage("SmokeTest", smokeTest)))
            .build();
    // The Pipeline construct makes the pipeline depend on the role it is given, which its RoleArn
    // already refers to.
    CfnLint.allowRedundantDependency((CfnResource) pipeline.getNode().getDefaultChild());
    return pipeline;
  }

  private Role role(Stack stack, String pipelineName, ArtifactStore store) {
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
            .resources(projects.all().stream().map(PipelineProject::getProjectArn).toList())
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

  private static CodeBuildAction.Builder build(
      String name, PipelineProject project, Artifact source) {
    return CodeBuildAction.Builder.create().actionName(name).project(project).input(source);
  }

  /**
   * Plain-text action variables in the order given: an unordered map would list them in another
   * order on each synthesis, and every such template would differ from the deployed one.
   */
  private static Map<String, BuildEnvironmentVariable> variables(String... namesAndValues) {
    Map<String, BuildEnvironmentVariable> variables = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      variables.put(
          namesAndValues[i],
          BuildEnvironmentVariable.builder().value(namesAndValues[i + 1]).build());
    }
    return variables;
  }

  private static StageProps stage(String name, IAction... actions) {
    return StageProps.builder().stageName(name).actions(List.of(actions)).build();
  }
}
