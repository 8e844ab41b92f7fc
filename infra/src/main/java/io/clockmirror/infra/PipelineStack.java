package io.clockmirror.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.App;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.CfnRule;
import software.amazon.awscdk.CfnRuleAssertion;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.codebuild.BucketCacheOptions;
import software.amazon.awscdk.services.codebuild.BuildEnvironment;
import software.amazon.awscdk.services.codebuild.BuildEnvironmentVariable;
import software.amazon.awscdk.services.codebuild.BuildSpec;
import software.amazon.awscdk.services.codebuild.Cache;
import software.amazon.awscdk.services.codebuild.CloudWatchLoggingOptions;
import software.amazon.awscdk.services.codebuild.ComputeType;
import software.amazon.awscdk.services.codebuild.IBuildImage;
import software.amazon.awscdk.services.codebuild.LinuxArmBuildImage;
import software.amazon.awscdk.services.codebuild.LinuxBuildImage;
import software.amazon.awscdk.services.codebuild.LoggingOptions;
import software.amazon.awscdk.services.codebuild.PipelineProject;
import software.amazon.awscdk.services.codebuild.ReportGroup;
import software.amazon.awscdk.services.codebuild.ReportGroupType;
import software.amazon.awscdk.services.codepipeline.Artifact;
import software.amazon.awscdk.services.codepipeline.ExecutionMode;
import software.amazon.awscdk.services.codepipeline.IAction;
import software.amazon.awscdk.services.codepipeline.Pipeline;
import software.amazon.awscdk.services.codepipeline.PipelineType;
import software.amazon.awscdk.services.codepipeline.StageProps;
import software.amazon.awscdk.services.codepipeline.actions.CodeBuildAction;
import software.amazon.awscdk.services.codepipeline.actions.CodeStarConnectionsSourceAction;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The delivery pipeline of one environment: Source → Test (StaticAnalysis ∥ UnitTest) → Build
 * (DockerBuild) → Deploy (DeployECR, DeployApp) → SmokeTest. Every CodeBuild action runs a
 * buildspec file of the repository ({@code buildspec/NAME.yml}).
 *
 * <p>Roles are written out statement by statement: the constructs receive immutable views of them,
 * so the broad grants CDK would otherwise add (wildcard S3 and KMS actions) never reach the
 * template. Deployments run through the CDK bootstrap roles, which the deploy actions may assume;
 * the build roles themselves hold no CloudFormation, ECS, IAM or EC2 rights.
 */
public final class PipelineStack extends Stack {

  /**
   * Qualifier of the CDK bootstrap stack the deploy actions use ({@code cdk bootstrap}'s default).
   */
  static final String BOOTSTRAP_QUALIFIER = "hnb659fds";

  /** Managed build image with Corretto 25 ({@code runtime-versions: java: corretto25}). */
  static final String X86_64_BUILD_IMAGE = "aws/codebuild/amazonlinux-x86_64-standard:5.0";

  /** Graviton build image, used for the image build when the service runs on ARM64. */
  static final String ARM64_BUILD_IMAGE = "aws/codebuild/amazonlinux-aarch64-standard:3.0";

  /** Name of the Build stage's output; CodeBuild exposes it as {@code $CODEBUILD_SRC_DIR_Image}. */
  static final String IMAGE_ARTIFACT = "Image";

  private static final String CONNECTION_PARAMETER = "ConnectionArn";

  private static final String BOOTSTRAP_ROLES_REASON =
      "cdk deploy assumes the roles that cdk bootstrap made in this account and region (deploy,"
          + " file-publishing, image-publishing, lookup); the wildcard stands only for that role"
          + " kind, so nothing else can be assumed. CloudFormation then acts with the bootstrap"
          + " execution role, not with this build role.";
  private static final String ARTIFACT_OBJECTS_REASON =
      "Pipeline artifacts are objects with generated keys in this pipeline's own artifact bucket;"
          + " the statement reaches that bucket's objects only.";
  private static final String CACHE_OBJECTS_REASON =
      "CodeBuild names the cache objects itself, under this project's own prefix of the artifact"
          + " bucket; the statement reaches that prefix only.";

  private final PipelineStackProps props;
  private final Key artifactKey;
  private final Bucket artifactBucket;
  private final Map<String, PipelineProject> projects = new LinkedHashMap<>();
  private final Pipeline pipeline;

  public PipelineStack(
      Construct scope, String id, StackProps stackProps, PipelineStackProps props) {
    super(scope, id, stackProps);
    this.props = props;
    // S3 access logs delivered by bucket policy, not by ACL: the buckets keep ACLs disabled.
    getNode().setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);

    CfnParameter connection = connectionParameter();
    String connectionArn = connection.getValueAsString();

    artifactKey =
        Key.Builder.create(this, "ArtifactKey")
            .description("Encrypts the " + props.prefix() + " pipeline artifacts and build caches")
            .enableKeyRotation(true)
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    Bucket accessLogs =
        Bucket.Builder.create(this, "AccessLogs")
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .enforceSsl(true)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .lifecycleRules(List.of(LifecycleRule.builder().expiration(Duration.days(90)).build()))
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    artifactBucket =
        Bucket.Builder.create(this, "Artifacts")
            .encryption(BucketEncryption.KMS)
            .encryptionKey(artifactKey)
            .bucketKeyEnabled(true)
            .versioned(true)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .enforceSsl(true)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .serverAccessLogsBucket(accessLogs)
            .serverAccessLogsPrefix("artifacts/")
            .lifecycleRules(
                List.of(
                    LifecycleRule.builder()
                        .expiration(Duration.days(90))
                        .noncurrentVersionExpiration(Duration.days(30))
                        .abortIncompleteMultipartUploadAfter(Duration.days(7))
                        .build()))
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();

    String account = getAccount();
    String region = getRegion();

    PipelineProject staticAnalysis =
        project("static-analysis", "StaticAnalysis", ComputeType.MEDIUM, x86Image(), false)
            .cached()
            .build();
    PipelineProject unitTest =
        project("unit-test", "UnitTest", ComputeType.MEDIUM, x86Image(), false)
            .cached()
            .reportGroups("junit", "coverage")
            .build();
    PipelineProject dockerBuild =
        project("docker-build", "DockerBuild", ComputeType.MEDIUM, imageBuildImage(), true)
            .writesArtifacts()
            .build();
    // Privileged: loading, tagging and pushing the image talk to a Docker daemon, which CodeBuild
    // runs only in privileged mode.
    PipelineProject deployEcr =
        project("deploy-ecr", "DeployEcr", ComputeType.SMALL, x86Image(), true)
            .cached()
            .statement(assumeCdkBootstrapRoles(account, region), BOOTSTRAP_ROLES_REASON)
            .statement(
                PolicyStatement.Builder.create()
                    .sid("EcrLogin")
                    .actions(List.of("ecr:GetAuthorizationToken"))
                    .resources(List.of("*"))
                    .build(),
                "ecr:GetAuthorizationToken supports no resource-level permissions, so IAM requires"
                    + " Resource *; it only returns a registry login. Pushing is limited to the"
                    + " service repository by the next statement.")
            .statement(
                PolicyStatement.Builder.create()
                    .sid("EcrPushToTheServiceRepository")
                    .actions(
                        List.of(
                            "ecr:BatchCheckLayerAvailability",
                            "ecr:BatchGetImage",
                            "ecr:CompleteLayerUpload",
                            "ecr:DescribeImages",
                            "ecr:InitiateLayerUpload",
                            "ecr:PutImage",
                            "ecr:UploadLayerPart"))
                    .resources(
                        List.of(
                            formatArn(
                                ArnComponents.builder()
                                    .service("ecr")
                                    .resource("repository")
                                    .resourceName(props.imageRepositoryName())
                                    .build())))
                    .build())
            .build();
    PipelineProject deployApp =
        project("deploy-app", "DeployApp", ComputeType.SMALL, x86Image(), false)
            .cached()
            .statement(assumeCdkBootstrapRoles(account, region), BOOTSTRAP_ROLES_REASON)
            .statement(
                PolicyStatement.Builder.create()
                    .sid("ReadTheEnvironmentsSsmOverrides")
                    .actions(List.of("ssm:GetParameter"))
                    .resources(
                        List.of(
                            formatArn(
                                ArnComponents.builder()
                                    .service("ssm")
                                    .resource("parameter")
                                    .resourceName("clockmirror/" + props.environmentName() + "/*")
                                    .build())))
                    .build(),
                "ci/ssm-parameters.sh reads the settings this environment overrides from"
                    + " Parameter Store and passes them to cdk deploy (the bootstrap deploy role"
                    + " may not read them). The wildcard is the environment's own path, which"
                    + " holds only those plain-text settings; which of them are read is listed"
                    + " in cdk.json, so a new override needs no pipeline change.")
            .build();
    PipelineProject smokeTest =
        project("smoke-test", "SmokeTest", ComputeType.SMALL, x86Image(), false).build();

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
    CodeBuildAction staticAnalysisAction =
        CodeBuildAction.Builder.create()
            .actionName("StaticAnalysis")
            .project(staticAnalysis)
            .input(source)
            .runOrder(1)
            .build();
    CodeBuildAction unitTestAction =
        CodeBuildAction.Builder.create()
            .actionName("UnitTest")
            .project(unitTest)
            .input(source)
            .runOrder(1)
            .build();
    CodeBuildAction dockerBuildAction =
        CodeBuildAction.Builder.create()
            .actionName("DockerBuild")
            .project(dockerBuild)
            .input(source)
            .outputs(List.of(image))
            .variablesNamespace("BuildVariables")
            .environmentVariables(
                Map.of("COMMIT_ID", plain(sourceAction.getVariables().getCommitId())))
            .build();
    Map<String, BuildEnvironmentVariable> imageTags =
        Map.of(
            "IMAGE_VERSION", plain(dockerBuildAction.variable("IMAGE_VERSION")),
            "IMAGE_TAG", plain(dockerBuildAction.variable("IMAGE_TAG")));
    CodeBuildAction deployEcrAction =
        CodeBuildAction.Builder.create()
            .actionName("DeployECR")
            .project(deployEcr)
            .input(source)
            .extraInputs(List.of(image))
            .runOrder(1)
            .environmentVariables(imageTags)
            .build();
    CodeBuildAction deployAppAction =
        CodeBuildAction.Builder.create()
            .actionName("DeployApp")
            .project(deployApp)
            .input(source)
            .runOrder(2)
            .variablesNamespace("DeployAppVariables")
            .environmentVariables(imageTags)
            .build();
    CodeBuildAction smokeTestAction =
        CodeBuildAction.Builder.create()
            .actionName("SmokeTest")
            .project(smokeTest)
            .input(source)
            .environmentVariables(
                Map.of(
                    "SERVICE_URL", plain(deployAppAction.variable("SERVICE_URL")),
                    "IMAGE_VERSION", plain(dockerBuildAction.variable("IMAGE_VERSION"))))
            .build();

    Role pipelineRole = pipelineRole(connectionArn);
    pipeline =
        Pipeline.Builder.create(this, "Pipeline")
            .pipelineName(props.prefix() + "-pipeline")
            .pipelineType(PipelineType.V2)
            // Every commit is a release candidate: run them one after another, none skipped.
            .executionMode(ExecutionMode.QUEUED)
            .artifactBucket(artifactBucket)
            .role(pipelineRole.withoutPolicyUpdates())
            .usePipelineRoleForActions(true)
            .restartExecutionOnUpdate(false)
            .stages(
                List.of(
                    stage("Source", sourceAction),
                    stage("Test", staticAnalysisAction, unitTestAction),
                    stage("Build", dockerBuildAction),
                    stage("Deploy", deployEcrAction, deployAppAction),
                    stage("SmokeTest", smokeTestAction)))
            .build();
    pipeline.getNode().addDependency(pipelineRole);

    CfnOutput.Builder.create(this, "PipelineName")
        .description(
            "CodePipeline that delivers " + props.branch() + " to " + props.environmentName())
        .value(pipeline.getPipelineName())
        .build();
    CfnOutput.Builder.create(this, "ArtifactBucketName")
        .value(artifactBucket.getBucketName())
        .build();

    suppressFindingsWithReasons(accessLogs, pipelineRole);
  }

  /** Adds the pipeline of {@code settings}' environment to {@code app}, source from context. */
  public static PipelineStack forEnvironment(App app, EnvironmentSettings settings) {
    PipelineStackProps props =
        PipelineStackProps.of(settings, key -> app.getNode().tryGetContext(key));
    String id = settings.prefix() + "-pipeline";
    return new PipelineStack(
        app,
        id,
        StackProps.builder()
            .stackName(id)
            .description(
                "clockmirror delivery pipeline ("
                    + settings.name()
                    + "): "
                    + props.repositoryOwner()
                    + "/"
                    + props.repositoryName()
                    + "@"
                    + props.branch())
            // Region only, like the other stacks: synthesis never needs credentials.
            .env(Environment.builder().region(settings.region()).build())
            .build(),
        props);
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  public Bucket artifactBucket() {
    return artifactBucket;
  }

  public PipelineStackProps props() {
    return props;
  }

  /** The CodeBuild project of each action, by buildspec name ({@code unit-test}, ...). */
  public Map<String, PipelineProject> projects() {
    return Map.copyOf(projects);
  }

  /**
   * The connection ARN as a parameter, so that CloudFormation itself can refuse the placeholder: a
   * rule assertion fails {@code cdk deploy} before any resource is touched.
   */
  private CfnParameter connectionParameter() {
    CfnParameter connection =
        CfnParameter.Builder.create(this, CONNECTION_PARAMETER)
            .type("String")
            .description("CodeConnections connection to GitHub (cdk deploy -c connectionArn=...)")
            .defaultValue(props.connectionArn())
            .allowedPattern(
                "arn:aws[a-z-]*:(codeconnections|codestar-connections):[a-z0-9-]+:[0-9]{12}:connection/[0-9a-f-]{36}")
            .build();
    CfnRule.Builder.create(this, "ConnectionIsConfigured")
        .assertions(
            List.of(
                CfnRuleAssertion.builder()
                    .assertValue(
                        Fn.conditionNot(
                            Fn.conditionEquals(
                                connection.getValueAsString(),
                                PipelineStackProps.PLACEHOLDER_CONNECTION_ARN)))
                    .assertDescription(
                        "ConnectionArn is the synth-only placeholder. Create a GitHub connection"
                            + " (CodePipeline console, Settings > Connections), then deploy with"
                            + " cdk deploy -c env=<env> -c connectionArn=<its ARN>.")
                    .build()))
        .build();
    if (props.usesPlaceholderConnection()) {
      Annotations.of(this)
          .addWarningV2(
              "clockmirror:placeholder-connection",
              "no -c connectionArn given: synthesized with the placeholder connection, which"
                  + " CloudFormation will refuse to deploy");
    }
    return connection;
  }

  private Role pipelineRole(String connectionArn) {
    List<PolicyStatement> statements = new ArrayList<>();
    statements.add(
        PolicyStatement.Builder.create()
            .sid("UseTheGitHubConnection")
            // The ARN's service prefix decides which of the two names IAM checks.
            .actions(List.of("codeconnections:UseConnection", "codestar-connections:UseConnection"))
            .resources(List.of(connectionArn))
            .build());
    statements.addAll(artifactAccess(true, true));
    statements.add(
        PolicyStatement.Builder.create()
            .sid("SourceUploads")
            // The connection source action stores the commit with a bucket-owner ACL.
            .actions(List.of("s3:PutObjectAcl"))
            .resources(List.of(artifactBucket.arnForObjects("*")))
            .build());
    statements.add(
        PolicyStatement.Builder.create()
            .sid("ArtifactStoreKey")
            .actions(List.of("kms:DescribeKey"))
            .resources(List.of(artifactKey.getKeyArn()))
            .build());
    statements.add(
        PolicyStatement.Builder.create()
            .sid("RunTheBuildActions")
            .actions(
                List.of("codebuild:BatchGetBuilds", "codebuild:StartBuild", "codebuild:StopBuild"))
            .resources(projects.values().stream().map(PipelineProject::getProjectArn).toList())
            .build());
    return Role.Builder.create(this, "PipelineRole")
        .assumedBy(new ServicePrincipal("codepipeline.amazonaws.com"))
        .description("CodePipeline " + props.prefix() + "-pipeline")
        .inlinePolicies(
            Map.of("pipeline", PolicyDocument.Builder.create().statements(statements).build()))
        .build();
  }

  /** Read (and optionally write) pipeline artifacts, which are encrypted with the artifact key. */
  private List<PolicyStatement> artifactAccess(boolean read, boolean write) {
    List<String> objectActions = new ArrayList<>();
    List<String> keyActions = new ArrayList<>();
    if (read) {
      objectActions.addAll(List.of("s3:GetObject", "s3:GetObjectVersion"));
      keyActions.add("kms:Decrypt");
    }
    if (write) {
      objectActions.add("s3:PutObject");
      keyActions.addAll(List.of("kms:Encrypt", "kms:GenerateDataKey"));
    }
    return List.of(
        PolicyStatement.Builder.create()
            .sid("ArtifactBucket")
            .actions(List.of("s3:GetBucketAcl", "s3:GetBucketLocation", "s3:GetBucketVersioning"))
            .resources(List.of(artifactBucket.getBucketArn()))
            .build(),
        PolicyStatement.Builder.create()
            .sid("ArtifactObjects")
            .actions(objectActions)
            .resources(List.of(artifactBucket.arnForObjects("*")))
            .build(),
        PolicyStatement.Builder.create()
            .sid("ArtifactKey")
            .actions(keyActions)
            .resources(List.of(artifactKey.getKeyArn()))
            .build());
  }

  /**
   * {@code cdk deploy} from a build: the CLI assumes the bootstrap roles (deploy, file and image
   * publishing, lookup) of this account and region, and CloudFormation acts with the bootstrap
   * execution role. Only those roles can be assumed.
   */
  private PolicyStatement assumeCdkBootstrapRoles(String account, String region) {
    return PolicyStatement.Builder.create()
        .sid("AssumeCdkBootstrapRoles")
        .effect(Effect.ALLOW)
        .actions(List.of("sts:AssumeRole"))
        .resources(
            List.of(
                formatArn(
                    ArnComponents.builder()
                        .service("iam")
                        .region("")
                        .resource("role")
                        .resourceName("cdk-" + BOOTSTRAP_QUALIFIER + "-*-" + account + "-" + region)
                        .build())))
        .build();
  }

  private IBuildImage x86Image() {
    return LinuxBuildImage.fromCodeBuildImageId(X86_64_BUILD_IMAGE);
  }

  /** The image must run on the task's processor family, so it is built on that family. */
  private IBuildImage imageBuildImage() {
    return switch (props.imageArchitecture()) {
      case X86_64 -> x86Image();
      case ARM64 -> LinuxArmBuildImage.fromCodeBuildImageId(ARM64_BUILD_IMAGE);
    };
  }

  private static BuildEnvironmentVariable plain(String value) {
    return BuildEnvironmentVariable.builder().value(value).build();
  }

  private static StageProps stage(String name, IAction... actions) {
    return StageProps.builder().stageName(name).actions(List.of(actions)).build();
  }

  private ProjectBuilder project(
      String buildspec, String id, ComputeType compute, IBuildImage image, boolean privileged) {
    return new ProjectBuilder(buildspec, id, compute, image, privileged);
  }

  /** One CodeBuild project per action, each with its own role, log group and buildspec file. */
  private final class ProjectBuilder {
    private final String buildspec;
    private final String id;
    private final ComputeType compute;
    private final IBuildImage image;
    private final boolean privileged;
    private final List<PolicyStatement> statements = new ArrayList<>();
    private final Map<PolicyStatement, String> wildcardReasons = new LinkedHashMap<>();
    private final List<String> reportGroups = new ArrayList<>();
    private boolean cached;
    private boolean writesArtifacts;

    ProjectBuilder(
        String buildspec, String id, ComputeType compute, IBuildImage image, boolean privileged) {
      this.buildspec = buildspec;
      this.id = id;
      this.compute = compute;
      this.image = image;
      this.privileged = privileged;
    }

    ProjectBuilder cached() {
      cached = true;
      return this;
    }

    ProjectBuilder writesArtifacts() {
      writesArtifacts = true;
      return this;
    }

    ProjectBuilder reportGroups(String... names) {
      reportGroups.addAll(List.of(names));
      return this;
    }

    /**
     * Adds a statement whose resource has a wildcard, with the reason it is as narrow as can be.
     */
    ProjectBuilder statement(PolicyStatement statement, String wildcardReason) {
      statements.add(statement);
      wildcardReasons.put(statement, wildcardReason);
      return this;
    }

    ProjectBuilder statement(PolicyStatement statement) {
      statements.add(statement);
      return this;
    }

    PipelineProject build() {
      String projectName = props.prefix() + "-" + buildspec;
      LogGroup logs =
          LogGroup.Builder.create(PipelineStack.this, id + "Logs")
              .logGroupName("/aws/codebuild/" + projectName)
              .retention(RetentionDays.THREE_MONTHS)
              .removalPolicy(RemovalPolicy.DESTROY)
              .build();
      String cachePrefix = "codebuild-cache/" + buildspec;

      List<PolicyStatement> all = new ArrayList<>();
      all.add(
          PolicyStatement.Builder.create()
              .sid("WriteBuildLogs")
              .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
              .resources(List.of(logs.getLogGroupArn()))
              .build());
      all.addAll(artifactAccess(true, writesArtifacts || cached));
      if (cached) {
        all.add(
            PolicyStatement.Builder.create()
                .sid("BuildCache")
                .actions(List.of("s3:GetObject", "s3:PutObject"))
                .resources(List.of(artifactBucket.arnForObjects(cachePrefix + "/*")))
                .build());
      }
      List<ReportGroup> groups = new ArrayList<>();
      for (String group : reportGroups) {
        // CodeBuild files a buildspec's report "junit" into the group "<project>-junit".
        groups.add(
            ReportGroup.Builder.create(PipelineStack.this, id + "Report" + capitalize(group))
                .reportGroupName(projectName + "-" + group)
                .type(
                    group.equals("coverage") ? ReportGroupType.CODE_COVERAGE : ReportGroupType.TEST)
                .removalPolicy(RemovalPolicy.DESTROY)
                .deleteReports(true)
                .build());
      }
      if (!groups.isEmpty()) {
        all.add(
            PolicyStatement.Builder.create()
                .sid("PublishReports")
                .actions(
                    List.of(
                        "codebuild:BatchPutCodeCoverages",
                        "codebuild:BatchPutTestCases",
                        "codebuild:CreateReport",
                        "codebuild:UpdateReport"))
                .resources(groups.stream().map(ReportGroup::getReportGroupArn).toList())
                .build());
      }
      all.addAll(statements);

      Role role =
          Role.Builder.create(PipelineStack.this, id + "Role")
              .assumedBy(new ServicePrincipal("codebuild.amazonaws.com"))
              .description("CodeBuild " + projectName)
              .inlinePolicies(
                  Map.of("build", PolicyDocument.Builder.create().statements(all).build()))
              .build();

      List<NagPackSuppression> reasons = new ArrayList<>();
      reasons.add(wildcard(artifactObjects(), ARTIFACT_OBJECTS_REASON));
      if (cached) {
        reasons.add(wildcard(artifactObjects(cachePrefix + "/*"), CACHE_OBJECTS_REASON));
      }
      wildcardReasons.forEach(
          (statement, reason) -> {
            for (String resource : statement.getResources()) {
              reasons.add(wildcard(nagResource(resource), reason));
            }
          });
      NagSuppressions.addResourceSuppressions(role, reasons, true);

      PipelineProject.Builder builder =
          PipelineProject.Builder.create(PipelineStack.this, id)
              .projectName(projectName)
              .description(
                  "clockmirror " + props.environmentName() + ": buildspec/" + buildspec + ".yml")
              .buildSpec(BuildSpec.fromSourceFilename("buildspec/" + buildspec + ".yml"))
              .role(role.withoutPolicyUpdates())
              .grantReportGroupPermissions(false)
              .encryptionKey(artifactKey)
              .timeout(Duration.minutes(45))
              .environment(
                  BuildEnvironment.builder()
                      .buildImage(image)
                      .computeType(compute)
                      .privileged(privileged)
                      .build())
              .environmentVariables(Map.of("ENV_NAME", plain(props.environmentName())))
              .logging(
                  LoggingOptions.builder()
                      .cloudWatch(CloudWatchLoggingOptions.builder().logGroup(logs).build())
                      .build());
      if (cached) {
        builder.cache(
            Cache.bucket(artifactBucket, BucketCacheOptions.builder().prefix(cachePrefix).build()));
      }
      PipelineProject project = builder.build();
      project.getNode().addDependency(role);
      projects.put(buildspec, project);
      return project;
    }
  }

  /** An IAM5 suppression for one wildcard resource, as cdk-nag prints it. */
  private static NagPackSuppression wildcard(String resource, String reason) {
    return NagPackSuppression.builder()
        .id("AwsSolutions-IAM5")
        .appliesTo(List.of("Resource::" + resource))
        .reason(reason)
        .build();
  }

  /** The artifact bucket's object ARN for {@code key} the way cdk-nag renders it. */
  private String artifactObjects(String key) {
    String logicalId =
        String.valueOf(
            resolve(getLogicalId((CfnElement) artifactBucket.getNode().getDefaultChild())));
    return "<" + logicalId + ".Arn>/" + key;
  }

  private String artifactObjects() {
    return artifactObjects("*");
  }

  /**
   * A resource string as cdk-nag prints it: references to pseudo parameters appear as {@code
   * <AWS::AccountId>}.
   */
  private String nagResource(String resource) {
    Object resolved = resolve(resource);
    if (resolved instanceof String text) {
      return text;
    }
    if (resolved instanceof Map<?, ?> join && join.get("Fn::Join") instanceof List<?> parts) {
      StringBuilder text = new StringBuilder();
      for (Object part : (List<?>) parts.get(1)) {
        if (part instanceof Map<?, ?> ref && ref.get("Ref") != null) {
          text.append('<').append(ref.get("Ref")).append('>');
        } else {
          text.append(part);
        }
      }
      return text.toString();
    }
    throw new IllegalStateException("cannot render resource " + resolved);
  }

  private static String capitalize(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  private void suppressFindingsWithReasons(Bucket accessLogs, Role pipelineRole) {
    NagSuppressions.addResourceSuppressions(
        accessLogs,
        List.of(
            NagPackSuppression.builder()
                .id("AwsSolutions-S1")
                .reason(
                    "This is the access log bucket of the artifact bucket; logging it into itself"
                        + " or another bucket would only recurse.")
                .build()));
    NagSuppressions.addResourceSuppressions(
        pipelineRole, List.of(wildcard(artifactObjects(), ARTIFACT_OBJECTS_REASON)), true);
  }
}
