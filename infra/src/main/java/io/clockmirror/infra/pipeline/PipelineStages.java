package io.clockmirror.infra.pipeline;

import io.clockmirror.infra.constructs.ArtifactStore;
import io.clockmirror.infra.constructs.CfnLint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import software.amazon.awscdk.services.codepipeline.actions.ManualApprovalAction;
import software.amazon.awscdk.services.iam.Role;

/**
 * The pipeline's stages and actions, and the role the pipeline runs them with: which artifact and
 * which variable flows from which action into which.
 *
 * <p>The image is promoted, never rebuilt: the Build stage records its digest, the first
 * environment's push takes it from there, and every later environment's push takes it only from the
 * previous environment's SmokeTest (its variables and its {@code Passed_<env>} artifact), which
 * exist only once that smoke test passed.
 *
 * @param connectionArn the GitHub connection (the stack parameter's value)
 * @param props the pipeline's props
 * @param projects the CodeBuild project of each build action
 */
public record PipelineStages(String connectionArn, PipelineStackProps props, Projects projects) {

  /** Name of the Build stage's output; CodeBuild exposes it as {@code $CODEBUILD_SRC_DIR_Image}. */
  static final String IMAGE_ARTIFACT = "Image";

  /** What the Build stage, each push and each smoke test hand on about the image. */
  public static final List<String> IMAGE_VARIABLES =
      List.of("IMAGE_VERSION", "IMAGE_TAG", "IMAGE_DIGEST");

  /** The projects of one environment's actions. */
  record EnvironmentProjects(
      PipelineStackProps.Target target,
      PipelineProject deployEcr,
      PipelineProject deployApp,
      PipelineProject smokeTest) {

    EnvironmentProjects {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(deployEcr, "deployEcr");
      Objects.requireNonNull(deployApp, "deployApp");
      Objects.requireNonNull(smokeTest, "smokeTest");
    }
  }

  /** The project of each CodeBuild action, in the order the pipeline runs them. */
  record Projects(
      PipelineProject staticAnalysis,
      PipelineProject unitTest,
      PipelineProject dockerBuild,
      List<EnvironmentProjects> environments) {

    Projects {
      environments = List.copyOf(environments);
    }

    List<PipelineProject> all() {
      List<PipelineProject> all = new ArrayList<>(List.of(staticAnalysis, unitTest, dockerBuild));
      for (EnvironmentProjects environment : environments) {
        all.addAll(
            List.of(environment.deployEcr(), environment.deployApp(), environment.smokeTest()));
      }
      return all;
    }
  }

  /** The artifact in which an environment's SmokeTest records the image that passed it. */
  static String passedArtifact(String environment) {
    return "Passed_" + environment;
  }

  static String deployStage(String environment) {
    return "Deploy-" + environment;
  }

  static String smokeTestStage(String environment) {
    return "SmokeTest-" + environment;
  }

  static String approvalStage(String environment) {
    return "Approve-" + environment;
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

    List<StageProps> stages = new ArrayList<>();
    stages.add(stage("Source", sourceAction));
    stages.add(stage("Test", staticAnalysis, unitTest));
    stages.add(stage("Build", dockerBuild));

    // Where the next push takes the image from: the build, then each passed smoke test.
    CodeBuildAction imageSource = dockerBuild;
    Artifact passedBefore = null;
    for (EnvironmentProjects environment : projects.environments()) {
      String env = environment.target().name();
      if (environment.target().approvalBefore()) {
        stages.add(
            stage(
                approvalStage(env),
                ManualApprovalAction.Builder.create()
                    .actionName("Approve")
                    .additionalInformation(
                        "Deploys "
                            + imageSource.variable("IMAGE_TAG")
                            + " ("
                            + imageSource.variable("IMAGE_DIGEST")
                            + ") to "
                            + env
                            + ".")
                    .build()));
      }
      List<Artifact> pushInputs = new ArrayList<>(List.of(image));
      if (passedBefore != null) {
        pushInputs.add(passedBefore);
      }
      CodeBuildAction deployEcr =
          build("DeployECR", environment.deployEcr(), source)
              .extraInputs(pushInputs)
              .runOrder(1)
              .variablesNamespace("DeployECR-" + env)
              .environmentVariables(imageVariables(imageSource))
              .build();
      CodeBuildAction deployApp =
          build("DeployApp", environment.deployApp(), source)
              .runOrder(2)
              .variablesNamespace("DeployApp-" + env)
              .environmentVariables(imageVariables(deployEcr))
              .build();
      Map<String, BuildEnvironmentVariable> smokeVariables = new LinkedHashMap<>();
      smokeVariables.putAll(variables("SERVICE_URL", deployApp.variable("SERVICE_URL")));
      smokeVariables.putAll(imageVariables(deployEcr));
      Artifact passed = new Artifact(passedArtifact(env));
      CodeBuildAction smokeTest =
          build("SmokeTest", environment.smokeTest(), source)
              .variablesNamespace("SmokeTest-" + env)
              .environmentVariables(smokeVariables)
              .outputs(List.of(passed))
              .build();
      stages.add(stage(deployStage(env), deployEcr, deployApp));
      stages.add(stage(smokeTestStage(env), smokeTest));
      imageSource = smokeTest;
      passedBefore = passed;
    }

    Role role = PipelineRole.of(stack, name, connectionArn, store, projects.all());
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
            .stages(stages)
            .build();
    // The Pipeline construct makes the pipeline depend on the role it is given, which its RoleArn
    // already refers to.
    CfnLint.allowRedundantDependency((CfnResource) pipeline.getNode().getDefaultChild());
    return pipeline;
  }

  private static CodeBuildAction.Builder build(
      String name, PipelineProject project, Artifact source) {
    return CodeBuildAction.Builder.create().actionName(name).project(project).input(source);
  }

  /** The image variables as {@code producer} exported them. */
  private static Map<String, BuildEnvironmentVariable> imageVariables(CodeBuildAction producer) {
    List<String> namesAndValues = new ArrayList<>();
    for (String variable : IMAGE_VARIABLES) {
      namesAndValues.add(variable);
      namesAndValues.add(producer.variable(variable));
    }
    return variables(namesAndValues.toArray(String[]::new));
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
