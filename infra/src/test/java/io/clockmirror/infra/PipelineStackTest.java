package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** The synthesized pipeline of the {@code dev} environment, built once for all tests. */
class PipelineStackTest {

  private static PipelineStack stack;
  private static Template template;
  private static List<Map<String, Object>> stages;

  @BeforeAll
  static void synthesize() {
    App app = new App();
    app.getNode().setContext("env", "dev");
    CdkJsonContext.applyDefaults(app, CdkJsonContext.read(Repo.CDK_JSON));
    EnvironmentSettings settings =
        EnvironmentSettings.fromContext(
            "dev", app.getNode().tryGetContext(EnvironmentSettings.CONTEXT_KEY));
    stack = PipelineStack.forEnvironment(app, settings);
    Aspects.of(stack).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    template = Template.fromStack(stack);
    stages =
        list(only("AWS::CodePipeline::Pipeline").get("Stages")).stream()
            .map(PipelineStackTest::map)
            .toList();
  }

  @Test
  void isAV2PipelineNamedAfterItsEnvironment() {
    template.hasResourceProperties(
        "AWS::CodePipeline::Pipeline",
        Match.objectLike(
            Map.of(
                "Name", "dev-clockmirror-pipeline",
                "PipelineType", "V2",
                "ExecutionMode", "QUEUED")));
    assertThat(stack.getStackName()).isEqualTo("dev-clockmirror-pipeline");
  }

  @Test
  void stagesRunInTheOriginalsOrder() {
    assertThat(stages.stream().map(stage -> stage.get("Name")))
        .containsExactly("Source", "Test", "Build", "Deploy", "SmokeTest");
    assertThat(actionNames("Source")).containsExactly("Source");
    assertThat(actionNames("Test")).containsExactly("StaticAnalysis", "UnitTest");
    assertThat(actionNames("Build")).containsExactly("DockerBuild");
    assertThat(actionNames("Deploy")).containsExactly("DeployECR", "DeployApp");
    assertThat(actionNames("SmokeTest")).containsExactly("SmokeTest");
  }

  @Test
  void staticAnalysisAndUnitTestRunInParallel() {
    assertThat(action("Test", "StaticAnalysis").get("RunOrder"))
        .isEqualTo(action("Test", "UnitTest").get("RunOrder"))
        .isEqualTo(1);
  }

  @Test
  void deployPublishesTheImageBeforeDeployingTheApp() {
    assertThat(action("Deploy", "DeployECR").get("RunOrder")).isEqualTo(1);
    assertThat(action("Deploy", "DeployApp").get("RunOrder")).isEqualTo(2);
  }

  @Test
  void sourceIsGitHubThroughACodeConnectionsConnection() {
    Map<String, Object> source = action("Source", "Source");
    assertThat(map(source.get("ActionTypeId")))
        .containsEntry("Category", "Source")
        .containsEntry("Owner", "AWS")
        .containsEntry("Provider", "CodeStarSourceConnection");
    assertThat(map(source.get("Configuration")))
        .containsEntry("ConnectionArn", Map.of("Ref", "ConnectionArn"))
        .containsEntry("FullRepositoryId", "clockmirror/clockmirror")
        .containsEntry("BranchName", "main")
        .containsEntry("DetectChanges", true);
  }

  @Test
  void everyOtherActionIsACodeBuildBuild() {
    for (String[] stageAndAction :
        new String[][] {
          {"Test", "StaticAnalysis"},
          {"Test", "UnitTest"},
          {"Build", "DockerBuild"},
          {"Deploy", "DeployECR"},
          {"Deploy", "DeployApp"},
          {"SmokeTest", "SmokeTest"}
        }) {
      assertThat(map(action(stageAndAction[0], stageAndAction[1]).get("ActionTypeId")))
          .as(stageAndAction[1])
          .containsEntry("Provider", "CodeBuild")
          .containsEntry("Owner", "AWS");
    }
  }

  @Test
  void artifactsFlowFromSourceThroughTheImageBuildToDeploy() {
    assertThat(outputs("Source", "Source")).containsExactly("Source");
    assertThat(inputs("Test", "StaticAnalysis")).containsExactly("Source");
    assertThat(inputs("Test", "UnitTest")).containsExactly("Source");
    assertThat(outputs("Test", "StaticAnalysis")).isEmpty();
    assertThat(outputs("Test", "UnitTest")).isEmpty();
    assertThat(inputs("Build", "DockerBuild")).containsExactly("Source");
    assertThat(outputs("Build", "DockerBuild")).containsExactly(PipelineStack.IMAGE_ARTIFACT);
    assertThat(inputs("Deploy", "DeployECR"))
        .containsExactly("Source", PipelineStack.IMAGE_ARTIFACT);
    assertThat(inputs("Deploy", "DeployApp")).containsExactly("Source");
    assertThat(inputs("SmokeTest", "SmokeTest")).containsExactly("Source");
  }

  @Test
  void variablesCarryTheCommitTheTagsAndTheServiceUrlBetweenActions() {
    assertThat(environmentVariables("Build", "DockerBuild"))
        .containsEntry("COMMIT_ID", "#{SourceVariables.CommitId}");
    assertThat(environmentVariables("Deploy", "DeployECR"))
        .containsEntry("IMAGE_VERSION", "#{BuildVariables.IMAGE_VERSION}")
        .containsEntry("IMAGE_TAG", "#{BuildVariables.IMAGE_TAG}");
    assertThat(environmentVariables("Deploy", "DeployApp"))
        .containsEntry("IMAGE_TAG", "#{BuildVariables.IMAGE_TAG}");
    assertThat(environmentVariables("SmokeTest", "SmokeTest"))
        .containsEntry("SERVICE_URL", "#{DeployAppVariables.SERVICE_URL}")
        .containsEntry("IMAGE_VERSION", "#{BuildVariables.IMAGE_VERSION}");

    // Each variable read above must be one its producer's buildspec exports.
    assertThat(Buildspecs.exportedVariables("docker-build"))
        .containsExactlyInAnyOrder("IMAGE_VERSION", "IMAGE_TAG");
    assertThat(Buildspecs.exportedVariables("deploy-app")).contains("SERVICE_URL");
  }

  @Test
  void eachActionRunsItsOwnBuildspecFileOnAPinnedImageWithJava25() {
    Map<String, Map<String, Object>> projects = projectsByName();
    assertThat(projects.keySet())
        .containsExactlyInAnyOrder(
            "dev-clockmirror-static-analysis",
            "dev-clockmirror-unit-test",
            "dev-clockmirror-docker-build",
            "dev-clockmirror-deploy-ecr",
            "dev-clockmirror-deploy-app",
            "dev-clockmirror-smoke-test");
    for (var entry : projects.entrySet()) {
      String buildspec = entry.getKey().substring("dev-clockmirror-".length());
      Map<String, Object> properties = entry.getValue();
      assertThat(map(properties.get("Source")))
          .containsEntry("Type", "CODEPIPELINE")
          .containsEntry("BuildSpec", "buildspec/" + buildspec + ".yml");
      assertThat(Repo.ROOT.resolve("buildspec/" + buildspec + ".yml")).isRegularFile();
      Map<String, Object> environment = map(properties.get("Environment"));
      assertThat(environment.get("Image")).isEqualTo(PipelineStack.X86_64_BUILD_IMAGE);
      assertThat(properties).containsKey("EncryptionKey");
    }
    // Every buildspec file belongs to exactly one action.
    assertThat(Buildspecs.names())
        .containsExactlyInAnyOrderElementsOf(
            projects.keySet().stream()
                .map(name -> name.substring("dev-clockmirror-".length()))
                .toList());
    // The Java actions name the runtime the image provides.
    for (String buildspec : List.of("static-analysis", "unit-test", "deploy-ecr", "deploy-app")) {
      assertThat(Buildspecs.runtimeVersions(buildspec)).containsEntry("java", "corretto25");
    }
  }

  @Test
  void exactlyTheProjectsWhoseCommandsRunDockerArePrivileged() {
    // CodeBuild runs a Docker daemon only in privileged mode; without it every docker command
    // fails. Privileged mode is root on the build host, so no other project gets it.
    Map<String, List<ShellCommands.Located>> dockerCalls = new TreeMap<>();
    projectsByName()
        .forEach(
            (name, properties) -> {
              String file = (String) map(properties.get("Source")).get("BuildSpec");
              String buildspec = file.replaceFirst("^buildspec/(.*)\\.yml$", "$1");
              List<ShellCommands.Located> docker =
                  ShellCommands.runBy(Repo.ROOT, file, Buildspecs.commandTexts(buildspec)).stream()
                      .filter(call -> call.command().name().matches("(.*/)?docker"))
                      .toList();
              dockerCalls.put(name, docker);
              assertThat(map(properties.get("Environment")).get("PrivilegedMode"))
                  .as("%s is privileged exactly when it runs docker %s", name, docker)
                  .isEqualTo(!docker.isEmpty());
            });
    // The scan sees docker in a buildspec and in a script a buildspec calls.
    assertThat(dockerCalls.get("dev-clockmirror-deploy-ecr"))
        .extracting(ShellCommands.Located::file)
        .contains("buildspec/deploy-ecr.yml", "ci/publish-image.sh");
    assertThat(dockerCalls.get("dev-clockmirror-docker-build")).isNotEmpty();
  }

  @Test
  void mavenBuildsKeepTheirDependenciesInAnS3Cache() {
    for (String buildspec : List.of("static-analysis", "unit-test")) {
      Map<String, Object> cache =
          map(projectsByName().get("dev-clockmirror-" + buildspec).get("Cache"));
      assertThat(cache.get("Type")).isEqualTo("S3");
      assertThat(Buildspecs.cachePaths(buildspec)).contains("/root/.m2/**/*");
    }
  }

  @Test
  void unitTestResultsAndCoverageArePublishedAsReportGroups() {
    template.hasResourceProperties(
        "AWS::CodeBuild::ReportGroup",
        Match.objectLike(Map.of("Name", "dev-clockmirror-unit-test-junit", "Type", "TEST")));
    template.hasResourceProperties(
        "AWS::CodeBuild::ReportGroup",
        Match.objectLike(
            Map.of("Name", "dev-clockmirror-unit-test-coverage", "Type", "CODE_COVERAGE")));
    // CodeBuild files report "<key>" of a buildspec into the group "<project>-<key>".
    assertThat(Buildspecs.reportFormats("unit-test"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("junit", "JUNITXML", "coverage", "JACOCOXML"));
  }

  @Test
  void noRoleAllowsAWildcardAction() {
    List<String> allowed = allowedActions();
    assertThat(allowed).isNotEmpty().noneMatch(action -> action.contains("*"));
  }

  @Test
  void statementIdsAreUniqueWithinEachPolicy() {
    // IAM rejects a policy that repeats a Sid.
    template
        .findResources("AWS::IAM::Role")
        .forEach(
            (logicalId, role) -> {
              for (Object policy : list(map(map(role).get("Properties")).get("Policies"))) {
                List<Object> sids =
                    list(map(map(policy).get("PolicyDocument")).get("Statement")).stream()
                        .map(statement -> map(statement).get("Sid"))
                        .toList();
                assertThat(sids).as(logicalId).doesNotContainNull().doesNotHaveDuplicates();
              }
            });
  }

  @Test
  void buildRolesCannotTouchInfrastructureDirectly() {
    // Deployments go through the CDK bootstrap roles; the build roles hold none of these.
    assertThat(allowedActions())
        .noneMatch(
            action ->
                action.startsWith("cloudformation:")
                    || action.startsWith("ecs:")
                    || action.startsWith("iam:")
                    || action.startsWith("ec2:")
                    || action.startsWith("elasticloadbalancing:"));
  }

  @Test
  void onlyTheDeployActionsMayAssumeTheCdkBootstrapRoles() {
    Map<String, Set<String>> actionsByRole = allowedActionsByRole();
    assertThat(
            actionsByRole.entrySet().stream()
                .filter(entry -> entry.getValue().contains("sts:AssumeRole"))
                .map(Map.Entry::getKey))
        .containsExactlyInAnyOrder("DeployEcrRole", "DeployAppRole");
    for (String role : List.of("DeployEcrRole", "DeployAppRole")) {
      assertThat(statementResources(role, "AssumeCdkBootstrapRoles"))
          .contains(":role/cdk-hnb659fds-*-")
          .contains("AWS::AccountId");
    }
  }

  @Test
  void onlyDeployAppMayReadParameterStoreAndOnlyItsEnvironmentsPath() {
    Map<String, Set<String>> actionsByRole = allowedActionsByRole();
    assertThat(
            actionsByRole.entrySet().stream()
                .filter(entry -> entry.getValue().stream().anyMatch(a -> a.startsWith("ssm:")))
                .map(Map.Entry::getKey))
        .containsExactly("DeployAppRole");
    assertThat(actionsByRole.get("DeployAppRole"))
        .filteredOn(action -> action.startsWith("ssm:"))
        .containsExactly("ssm:GetParameter");
    assertThat(statementResources("DeployAppRole", "ReadTheEnvironmentsSsmOverrides"))
        .contains(":parameter/clockmirror/dev/*")
        .contains("AWS::AccountId");
  }

  @Test
  void theImagePushIsLimitedToTheServiceRepository() {
    Set<String> deployEcr = allowedActionsByRole().get("DeployEcrRole");
    assertThat(deployEcr)
        .contains("ecr:PutImage", "ecr:DescribeImages", "ecr:GetAuthorizationToken")
        .doesNotContain("ecr:DeleteRepository", "ecr:SetRepositoryPolicy");
    assertThat(template.toJSON().toString()).contains("repository/dev-clockmirror");
    Set<String> smokeTest = allowedActionsByRole().get("SmokeTestRole");
    assertThat(smokeTest)
        .noneMatch(action -> action.startsWith("ecr:") || action.startsWith("sts:"));
  }

  @Test
  void theArtifactBucketIsEncryptedVersionedPrivateAndTlsOnly() {
    template.hasResourceProperties(
        "AWS::S3::Bucket",
        Match.objectLike(
            Map.of(
                "BucketEncryption",
                Map.of(
                    "ServerSideEncryptionConfiguration",
                    List.of(
                        Match.objectLike(
                            Map.of(
                                "ServerSideEncryptionByDefault",
                                Match.objectLike(Map.of("SSEAlgorithm", "aws:kms")))))),
                "VersioningConfiguration",
                Map.of("Status", "Enabled"),
                "PublicAccessBlockConfiguration",
                Map.of(
                    "BlockPublicAcls", true,
                    "BlockPublicPolicy", true,
                    "IgnorePublicAcls", true,
                    "RestrictPublicBuckets", true),
                "LoggingConfiguration",
                Match.objectLike(Map.of("LogFilePrefix", "artifacts/")))));
    template.hasResourceProperties(
        "AWS::S3::BucketPolicy",
        Match.objectLike(
            Map.of(
                "PolicyDocument",
                Match.objectLike(
                    Map.of(
                        "Statement",
                        Match.arrayWith(
                            List.of(
                                Match.objectLike(
                                    Map.of(
                                        "Effect",
                                        "Deny",
                                        "Condition",
                                        Map.of(
                                            "Bool",
                                            Map.of("aws:SecureTransport", "false")))))))))));
    template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
    template.hasResourceProperties(
        "AWS::CodePipeline::Pipeline",
        Match.objectLike(
            Map.of(
                "ArtifactStore",
                Match.objectLike(
                    Map.of(
                        "Type", "S3", "EncryptionKey", Match.objectLike(Map.of("Type", "KMS")))))));
  }

  @Test
  void bucketPoliciesGrantNothingToTheRoles() {
    // Grants CDK would have put on the buckets (wildcard S3 actions) must not appear there.
    for (Object policy : template.findResources("AWS::S3::BucketPolicy").values()) {
      for (Object statement :
          list(map(map(map(policy).get("Properties")).get("PolicyDocument")).get("Statement"))) {
        Map<String, Object> s = map(statement);
        if ("Allow".equals(s.get("Effect"))) {
          assertThat(map(s.get("Principal")))
              .as("only S3 log delivery may write into a bucket by bucket policy")
              .containsOnlyKeys("Service")
              .containsEntry("Service", "logging.s3.amazonaws.com");
        }
      }
    }
  }

  @Test
  void aPlaceholderConnectionSynthesizesButCloudFormationRefusesIt() {
    assertThat(stack.props().usesPlaceholderConnection()).isTrue();
    Map<String, Object> parameter =
        map(map(template.toJSON().get("Parameters")).get("ConnectionArn"));
    assertThat(parameter).containsEntry("Default", PipelineStackProps.PLACEHOLDER_CONNECTION_ARN);
    Map<String, Object> rule =
        map(map(template.toJSON().get("Rules")).get("ConnectionIsConfigured"));
    Map<String, Object> assertion = map(list(rule.get("Assertions")).getFirst());
    assertThat(assertion.get("Assert"))
        .isEqualTo(
            Map.of(
                "Fn::Not",
                List.of(
                    Map.of(
                        "Fn::Equals",
                        List.of(
                            Map.of("Ref", "ConnectionArn"),
                            PipelineStackProps.PLACEHOLDER_CONNECTION_ARN)))));
    assertThat((String) assertion.get("AssertDescription")).contains("-c connectionArn=");
    Annotations.fromStack(stack)
        .hasWarning("*", Match.stringLikeRegexp(".*placeholder connection.*"));
  }

  @Test
  @SuppressWarnings("deprecation")
  void cdkNagAwsSolutionsFindsNothingUnsuppressed() {
    List<SynthesisMessage> errors =
        Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    List<SynthesisMessage> warnings =
        Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    assertThat(describe(errors)).isEmpty();
    assertThat(describe(warnings)).isEmpty();
  }

  /**
   * The Resource of the statement {@code sid} in the role whose logical id starts with {@code
   * role}, as text.
   */
  private static String statementResources(String role, String sid) {
    return template.findResources("AWS::IAM::Role").entrySet().stream()
        .filter(entry -> entry.getKey().startsWith(role))
        .flatMap(
            entry -> list(map(map(entry.getValue()).get("Properties")).get("Policies")).stream())
        .flatMap(policy -> list(map(map(policy).get("PolicyDocument")).get("Statement")).stream())
        .map(PipelineStackTest::map)
        .filter(statement -> sid.equals(statement.get("Sid")))
        .map(statement -> String.valueOf(statement.get("Resource")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no statement " + sid + " in " + role));
  }

  @SuppressWarnings("deprecation") // SynthesisMessage is what Annotations returns
  private static List<String> describe(List<SynthesisMessage> messages) {
    return messages.stream().map(m -> m.getId() + ": " + m.getEntry().getData()).toList();
  }

  private static List<String> allowedActions() {
    return allowedActionsByRole().values().stream().flatMap(Set::stream).toList();
  }

  /** Allowed actions of each role's inline policies, by the role's logical id prefix. */
  private static Map<String, Set<String>> allowedActionsByRole() {
    Map<String, Set<String>> byRole = new LinkedHashMap<>();
    template
        .findResources("AWS::IAM::Role")
        .forEach(
            (logicalId, role) -> {
              Set<String> actions = new TreeSet<>();
              Object policies = map(map(role).get("Properties")).get("Policies");
              for (Object policy : policies == null ? List.of() : list(policies)) {
                for (Object statement :
                    list(map(map(policy).get("PolicyDocument")).get("Statement"))) {
                  Map<String, Object> s = map(statement);
                  if ("Allow".equals(s.get("Effect"))) {
                    Object action = s.get("Action");
                    if (action instanceof String one) {
                      actions.add(one);
                    } else {
                      list(action).forEach(a -> actions.add((String) a));
                    }
                  }
                }
              }
              byRole.put(logicalId.replaceAll("[0-9A-F]{8}$", ""), actions);
            });
    // Managed or separate policies would escape the checks above: there must be none.
    assertThat(template.findResources("AWS::IAM::Policy")).isEmpty();
    assertThat(template.findResources("AWS::IAM::ManagedPolicy")).isEmpty();
    return byRole;
  }

  private static Map<String, Map<String, Object>> projectsByName() {
    return template.findResources("AWS::CodeBuild::Project").values().stream()
        .map(resource -> map(map(resource).get("Properties")))
        .collect(Collectors.toMap(p -> (String) p.get("Name"), p -> p));
  }

  private static Map<String, Object> only(String type) {
    Map<String, Map<String, Object>> resources = template.findResources(type);
    assertThat(resources).hasSize(1);
    return map(resources.values().iterator().next().get("Properties"));
  }

  private static Map<String, Object> stage(String name) {
    return stages.stream()
        .filter(stage -> name.equals(stage.get("Name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no stage " + name));
  }

  private static List<Object> actionNames(String stageName) {
    return list(stage(stageName).get("Actions")).stream().map(a -> map(a).get("Name")).toList();
  }

  private static Map<String, Object> action(String stageName, String actionName) {
    return list(stage(stageName).get("Actions")).stream()
        .map(PipelineStackTest::map)
        .filter(a -> actionName.equals(a.get("Name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no action " + actionName + " in " + stageName));
  }

  private static List<Object> inputs(String stageName, String actionName) {
    return artifactNames(action(stageName, actionName).get("InputArtifacts"));
  }

  private static List<Object> outputs(String stageName, String actionName) {
    return artifactNames(action(stageName, actionName).get("OutputArtifacts"));
  }

  private static List<Object> artifactNames(Object artifacts) {
    return artifacts == null
        ? List.of()
        : list(artifacts).stream().map(a -> map(a).get("Name")).toList();
  }

  /** The action's CodeBuild EnvironmentVariables (a JSON string in the configuration). */
  private static Map<String, Object> environmentVariables(String stageName, String actionName) {
    Object json =
        map(action(stageName, actionName).get("Configuration")).get("EnvironmentVariables");
    assertThat(json).as("environment variables of " + actionName).isInstanceOf(String.class);
    Map<String, Object> byName = new LinkedHashMap<>();
    for (Object variable : parseJsonList((String) json)) {
      byName.put((String) map(variable).get("name"), map(variable).get("value"));
    }
    return byName;
  }

  private static List<?> parseJsonList(String json) {
    try {
      return new ObjectMapper().readValue(json, List.class);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    assertThat(value).isInstanceOf(List.class);
    return (List<Object>) value;
  }

  /** The repository's files, located from the {@code cdk.json} that surefire names. */
  static final class Repo {
    static final Path CDK_JSON = Path.of(System.getProperty(InfraApp.CDK_JSON_PROPERTY));
    static final Path ROOT = CDK_JSON.toAbsolutePath().getParent().getParent();

    private Repo() {}
  }
}
