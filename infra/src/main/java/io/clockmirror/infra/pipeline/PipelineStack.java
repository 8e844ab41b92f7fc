package io.clockmirror.infra.pipeline;

import io.clockmirror.infra.constructs.AlarmTopic;
import io.clockmirror.infra.constructs.ArtifactStore;
import io.clockmirror.infra.constructs.BuildProject;
import io.clockmirror.infra.constructs.BuildProjectProps;
import io.clockmirror.infra.constructs.ImageSigningKey;
import io.clockmirror.infra.constructs.PipelineFailureAlert;
import io.clockmirror.infra.settings.DeployTimeout;
import io.clockmirror.infra.settings.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
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
 * The one delivery pipeline: Source → Test (StaticAnalysis ∥ UnitTest) → Build (the image, once) →
 * for each environment in order: [Approve] → Deploy (DeployECR, DeployApp) → SmokeTest. Every
 * CodeBuild action is a {@link BuildProject} running a buildspec file of the repository ({@code
 * buildspec/NAME.yml}); the three that run once per commit are shared, the deploy and smoke-test
 * projects are one per environment, each with that environment's rights only. All of them share one
 * {@link ArtifactStore}. {@link PipelineStages} wires the actions.
 *
 * <p>Roles are written out statement by statement: the constructs receive immutable views of them,
 * so the broad grants CDK would otherwise add (wildcard S3 and KMS actions) never reach the
 * template. Deployments run through the CDK bootstrap roles of each environment's account and
 * region ({@link DeployPermissions}).
 */
public final class PipelineStack extends Stack {

  /** Managed build image with Corretto 25 ({@code runtime-versions: java: corretto25}). */
  public static final String X86_64_BUILD_IMAGE = "aws/codebuild/amazonlinux-x86_64-standard:5.0";

  /** Graviton build image, used for the image build when the service runs on ARM64. */
  public static final String ARM64_BUILD_IMAGE = "aws/codebuild/amazonlinux-aarch64-standard:3.0";

  /** Name of the Build stage's output; CodeBuild exposes it as {@code $CODEBUILD_SRC_DIR_Image}. */
  public static final String IMAGE_ARTIFACT = PipelineStages.IMAGE_ARTIFACT;

  private final PipelineStackProps props;
  private final ArtifactStore store;
  private final PipelineProjects projects;
  private final Pipeline pipeline;
  private final ImageSigningKey signingKey;

  public PipelineStack(
      Construct scope, String id, StackProps stackProps, PipelineStackProps props) {
    super(scope, id, stackProps);
    this.props = props;
    String connectionArn = ConnectionParameter.add(this, props).getValueAsString();
    store =
        new ArtifactStore(
            this,
            "Artifacts",
            new ArtifactStore.Props(
                "Encrypts the " + Names.pipeline() + " artifacts and build caches", 90));
    projects = new PipelineProjects(this, store);

    // Each project's compute size, image, privileges and grants, in the order the pipeline runs.
    IBuildImage x86 = LinuxBuildImage.fromCodeBuildImageId(X86_64_BUILD_IMAGE);
    PipelineProject staticAnalysis =
        projects.shared(
            "static-analysis",
            "StaticAnalysis",
            PipelineProjects.Caching.S3,
            project -> project.compute(ComputeType.MEDIUM).image(x86));
    PipelineProject unitTest =
        projects.shared(
            "unit-test",
            "UnitTest",
            PipelineProjects.Caching.S3,
            project ->
                project
                    .compute(ComputeType.MEDIUM)
                    .image(x86)
                    .report(
                        "junit",
                        Names.sharedReportGroup("unit-test", "junit"),
                        ReportGroupType.TEST)
                    .report(
                        "coverage",
                        Names.sharedReportGroup("unit-test", "coverage"),
                        ReportGroupType.CODE_COVERAGE));
    // The build signs the image with the one signing key, which every deploy build names by its
    // alias in the pipeline's account and region.
    String signingKeyAlias = Names.imageSigningKeyAlias();
    String signingKeyId = ImageSigningKey.aliasArn(signingKeyAlias, getRegion(), getAccount());
    PipelineStackProps.Target firstTarget = props.targets().getFirst();
    PipelineProject dockerBuild =
        projects.shared(
            "docker-build",
            "DockerBuild",
            // The supply-chain command (deploy-hook.jar) is built here with Maven: keep its
            // downloads.
            PipelineProjects.Caching.S3,
            project ->
                project
                    .compute(ComputeType.MEDIUM)
                    .image(imageBuildImage(x86))
                    .environmentVariable("SIGNING_KEY_ID", signingKeyId)
                    // The repository the signature names (containers/image policies match it);
                    // the gates judge the digest and the key, in every environment's repository.
                    .environmentVariable("SIGNING_IDENTITY", repositoryUri(firstTarget))
                    // docker build and docker save talk to the Docker daemon, which CodeBuild runs
                    // only in privileged mode.
                    .privileged(true)
                    .writesArtifacts(true));

    List<PipelineStages.EnvironmentProjects> environments = new ArrayList<>();
    for (PipelineStackProps.Target target : props.targets()) {
      Construct scopeOfTarget = new Construct(this, target.name());
      PipelineProject deployEcr =
          projects.perEnvironment(
              scopeOfTarget,
              target,
              "deploy-ecr",
              "DeployEcr",
              PipelineProjects.Caching.S3,
              project ->
                  deployer(project, x86, target)
                      .environmentVariable(
                          "IMAGE_ARCHITECTURE", target.settings().cpuArchitecture().ociName())
                      .grant(DeployPermissions.ecrLogin(), DeployPermissions.ECR_LOGIN_REASON)
                      .grant(DeployPermissions.pushTo(this, target))
                      .environmentVariable("SIGNING_KEY_ID", signingKeyId)
                      .grant(
                          ImageSigningKey.readPublicKey(signingKeyAlias, getRegion(), getAccount()),
                          ImageSigningKey.READ_PUBLIC_KEY_REASON));
      PipelineProject deployApp =
          projects.perEnvironment(
              scopeOfTarget,
              target,
              "deploy-app",
              "DeployApp",
              PipelineProjects.Caching.S3,
              project ->
                  deployer(project, x86, target)
                      .grant(
                          DeployPermissions.readSsmOverrides(this, target.settings().names()),
                          DeployPermissions.READ_SSM_OVERRIDES_REASON)
                      // buildspec/deploy-app.sh checks the image's signature first.
                      .environmentVariable("SIGNING_KEY_ID", signingKeyId)
                      .grant(DeployPermissions.ecrLogin(), DeployPermissions.ECR_LOGIN_REASON)
                      .grant(DeployPermissions.readSignaturesFrom(this, target))
                      .grant(
                          ImageSigningKey.readPublicKey(signingKeyAlias, getRegion(), getAccount()),
                          ImageSigningKey.READ_PUBLIC_KEY_REASON)
                      // A failed deployment of this strategy, and an earlier one waited out.
                      .timeout(Duration.minutes(deployTimeout(target).buildMinutes()))
                      .environmentVariable(
                          "STACK_WAIT_MINUTES",
                          String.valueOf(deployTimeout(target).stackWaitMinutes())));
      PipelineProject smokeTest =
          projects.perEnvironment(
              scopeOfTarget,
              target,
              "smoke-test",
              "SmokeTest",
              // The checks are the deploy hook's jar, built here with Maven: keep its downloads.
              PipelineProjects.Caching.S3,
              // Its output artifact records the image that passed; the next environment's push
              // reads it.
              project -> project.compute(ComputeType.SMALL).image(x86).writesArtifacts(true));
      environments.add(
          new PipelineStages.EnvironmentProjects(target, deployEcr, deployApp, smokeTest));
    }

    List<String> verifierAccounts = new ArrayList<>(List.of(getAccount()));
    props.targets().forEach(target -> verifierAccounts.add(target.account().orElse(getAccount())));
    signingKey =
        new ImageSigningKey(
            this,
            "ImageSigningKey",
            new ImageSigningKey.Props(
                signingKeyAlias, dockerBuild.getRole().getRoleArn(), verifierAccounts));

    pipeline =
        new PipelineStages(
                connectionArn,
                props,
                new PipelineStages.Projects(staticAnalysis, unitTest, dockerBuild, environments))
            .pipeline(this, Names.pipeline(), store);

    AlarmTopic failures =
        new AlarmTopic(
            this,
            "FailureTopic",
            new AlarmTopic.Props(
                Names.pipelineFailureTopic(),
                "alias/" + Names.pipelineFailureTopic(),
                Names.pipeline() + "-",
                props.failureEmails(),
                props.failureSlack().map(slack -> slack.channel(Names.pipelineFailureTopic()))));
    new PipelineFailureAlert(this, "FailureAlert", pipeline, failures.topic());
    if (props.failureEmails().isEmpty() && props.failureSlack().isEmpty()) {
      Annotations.of(this)
          .addWarningV2(
              "clockmirror:pipeline-failures-notify-nobody",
              "a failed pipeline run notifies nobody: no environment names operations.alarmEmails"
                  + " or operations.slack");
    }

    CfnOutput.Builder.create(this, "PipelineName")
        .description(
            "CodePipeline that promotes "
                + props.branch()
                + " through "
                + String.join(", ", props.targets().stream().map(t -> t.name()).toList()))
        .value(pipeline.getPipelineName())
        .build();
    CfnOutput.Builder.create(this, "ArtifactBucketName")
        .value(store.bucket().getBucketName())
        .build();
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  /** The key the build signs images with. */
  public ImageSigningKey signingKey() {
    return signingKey;
  }

  public ArtifactStore artifactStore() {
    return store;
  }

  public PipelineStackProps props() {
    return props;
  }

  /** The CodeBuild project of each action, by project name. */
  public Map<String, PipelineProject> projects() {
    return projects.byName();
  }

  private static DeployTimeout deployTimeout(PipelineStackProps.Target target) {
    return target.settings().deployment().deployTimeout();
  }

  /** What both deploy projects of an environment share: size, image, its bootstrap roles. */
  private BuildProjectProps.Builder deployer(
      BuildProjectProps.Builder project, IBuildImage image, PipelineStackProps.Target target) {
    return project
        .compute(ComputeType.SMALL)
        .image(image)
        .grant(
            DeployPermissions.assumeCdkBootstrapRoles(this, target),
            DeployPermissions.BOOTSTRAP_ROLES_REASON);
  }

  /** The URI of the target environment's image repository. */
  private String repositoryUri(PipelineStackProps.Target target) {
    return target.account().orElse(getAccount())
        + ".dkr.ecr."
        + target.settings().region()
        + "."
        + Aws.URL_SUFFIX
        + "/"
        + target.settings().names().imageRepository();
  }

  /** The image must run on the task's processor family, so it is built on that family. */
  private IBuildImage imageBuildImage(IBuildImage x86) {
    return switch (props.imageArchitecture()) {
      case X86_64 -> x86;
      case ARM64 -> LinuxArmBuildImage.fromCodeBuildImageId(ARM64_BUILD_IMAGE);
    };
  }
}
