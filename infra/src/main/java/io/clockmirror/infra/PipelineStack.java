package io.clockmirror.infra;

import io.clockmirror.infra.constructs.ArtifactStore;
import io.clockmirror.infra.constructs.BuildProject;
import io.clockmirror.infra.constructs.BuildProjectProps;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.codebuild.ComputeType;
import software.amazon.awscdk.services.codebuild.IBuildImage;
import software.amazon.awscdk.services.codebuild.LinuxArmBuildImage;
import software.amazon.awscdk.services.codebuild.LinuxBuildImage;
import software.amazon.awscdk.services.codebuild.PipelineProject;
import software.amazon.awscdk.services.codebuild.ReportGroupType;
import software.amazon.awscdk.services.codepipeline.Pipeline;
import software.constructs.Construct;

/**
 * The delivery pipeline of one environment: Source → Test (StaticAnalysis ∥ UnitTest) → Build
 * (DockerBuild) → Deploy (DeployECR, DeployApp) → SmokeTest. Every CodeBuild action is a {@link
 * BuildProject} running a buildspec file of the repository ({@code buildspec/NAME.yml}); all of
 * them share one {@link ArtifactStore}. {@link PipelineStages} wires the actions.
 *
 * <p>Roles are written out statement by statement: the constructs receive immutable views of them,
 * so the broad grants CDK would otherwise add (wildcard S3 and KMS actions) never reach the
 * template. Deployments run through the CDK bootstrap roles ({@link DeployPermissions}).
 */
public final class PipelineStack extends Stack {

  /** Managed build image with Corretto 25 ({@code runtime-versions: java: corretto25}). */
  static final String X86_64_BUILD_IMAGE = "aws/codebuild/amazonlinux-x86_64-standard:5.0";

  /** Graviton build image, used for the image build when the service runs on ARM64. */
  static final String ARM64_BUILD_IMAGE = "aws/codebuild/amazonlinux-aarch64-standard:3.0";

  /** Name of the Build stage's output; CodeBuild exposes it as {@code $CODEBUILD_SRC_DIR_Image}. */
  static final String IMAGE_ARTIFACT = PipelineStages.IMAGE_ARTIFACT;

  private final PipelineStackProps props;
  private final Names names;
  private final ArtifactStore store;
  private final Map<String, PipelineProject> projects = new LinkedHashMap<>();
  private final Pipeline pipeline;

  public PipelineStack(
      Construct scope, String id, StackProps stackProps, PipelineStackProps props) {
    super(scope, id, stackProps);
    this.props = props;
    this.names = props.names();
    String connectionArn = ConnectionParameter.add(this, props).getValueAsString();
    store =
        new ArtifactStore(
            this,
            "Artifacts",
            new ArtifactStore.Props(
                "Encrypts the " + names.prefix() + " pipeline artifacts and build caches", 90));

    // Each project's compute size, image, privileges and grants, in the order the pipeline runs.
    IBuildImage x86 = LinuxBuildImage.fromCodeBuildImageId(X86_64_BUILD_IMAGE);
    PipelineProject staticAnalysis =
        add(
            "static-analysis",
            "StaticAnalysis",
            Caching.S3,
            project -> project.compute(ComputeType.MEDIUM).image(x86));
    PipelineProject unitTest =
        add(
            "unit-test",
            "UnitTest",
            Caching.S3,
            project ->
                project
                    .compute(ComputeType.MEDIUM)
                    .image(x86)
                    .report("junit", names.reportGroup("unit-test", "junit"), ReportGroupType.TEST)
                    .report(
                        "coverage",
                        names.reportGroup("unit-test", "coverage"),
                        ReportGroupType.CODE_COVERAGE));
    PipelineProject dockerBuild =
        add(
            "docker-build",
            "DockerBuild",
            Caching.NONE,
            project ->
                project
                    .compute(ComputeType.MEDIUM)
                    .image(imageBuildImage(x86))
                    .privileged(true)
                    .writesArtifacts(true));
    PipelineProject deployEcr =
        add(
            "deploy-ecr",
            "DeployEcr",
            Caching.S3,
            project ->
                project
                    .compute(ComputeType.SMALL)
                    .image(x86)
                    // Loading, tagging and pushing the image talk to a Docker daemon, which
                    // CodeBuild runs only in privileged mode.
                    .privileged(true)
                    .grant(
                        DeployPermissions.assumeCdkBootstrapRoles(this),
                        DeployPermissions.BOOTSTRAP_ROLES_REASON)
                    .grant(DeployPermissions.ecrLogin(), DeployPermissions.ECR_LOGIN_REASON)
                    .grant(DeployPermissions.pushTo(this, props.imageRepositoryName())));
    PipelineProject deployApp =
        add(
            "deploy-app",
            "DeployApp",
            Caching.S3,
            project ->
                project
                    .compute(ComputeType.SMALL)
                    .image(x86)
                    .grant(
                        DeployPermissions.assumeCdkBootstrapRoles(this),
                        DeployPermissions.BOOTSTRAP_ROLES_REASON)
                    .grant(
                        DeployPermissions.readSsmOverrides(this, props.names()),
                        DeployPermissions.READ_SSM_OVERRIDES_REASON));
    PipelineProject smokeTest =
        add(
            "smoke-test",
            "SmokeTest",
            Caching.NONE,
            project -> project.compute(ComputeType.SMALL).image(x86));

    pipeline =
        new PipelineStages(
                connectionArn,
                props,
                new PipelineStages.Projects(
                    staticAnalysis, unitTest, dockerBuild, deployEcr, deployApp, smokeTest))
            .pipeline(this, names.pipeline(), store);

    CfnOutput.Builder.create(this, "PipelineName")
        .description(
            "CodePipeline that delivers " + props.branch() + " to " + props.environmentName())
        .value(pipeline.getPipelineName())
        .build();
    CfnOutput.Builder.create(this, "ArtifactBucketName")
        .value(store.bucket().getBucketName())
        .build();
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  public ArtifactStore artifactStore() {
    return store;
  }

  public PipelineStackProps props() {
    return props;
  }

  /** The CodeBuild project of each action, by buildspec name ({@code unit-test}, ...). */
  public Map<String, PipelineProject> projects() {
    return Map.copyOf(projects);
  }

  /** Whether a project keeps its dependencies in an S3 cache between builds. */
  private enum Caching {
    S3,
    NONE
  }

  /**
   * Adds the project that runs {@code buildspec/<buildspec>.yml}: what every project of this
   * pipeline shares (names, environment, artifact store), then what {@code configure} sets.
   */
  private PipelineProject add(
      String buildspec,
      String id,
      Caching caching,
      UnaryOperator<BuildProjectProps.Builder> configure) {
    BuildProjectProps.Builder builder =
        BuildProjectProps.builder()
            .projectName(names.buildProject(buildspec))
            .description(
                "clockmirror " + props.environmentName() + ": " + names.buildspecFile(buildspec))
            .buildspecFile(names.buildspecFile(buildspec))
            .logGroupName(names.buildLogGroup(buildspec))
            .environmentVariable("ENV_NAME", props.environmentName())
            .store(store);
    if (caching == Caching.S3) {
      builder.cachePrefix(names.buildCachePrefix(buildspec));
    }
    PipelineProject project =
        new BuildProject(this, id, configure.apply(builder).build()).project();
    projects.put(buildspec, project);
    return project;
  }

  /** The image must run on the task's processor family, so it is built on that family. */
  private IBuildImage imageBuildImage(IBuildImage x86) {
    return switch (props.imageArchitecture()) {
      case X86_64 -> x86;
      case ARM64 -> LinuxArmBuildImage.fromCodeBuildImageId(ARM64_BUILD_IMAGE);
    };
  }
}
