package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clockmirror.infra.constructs.SignatureGate;
import io.clockmirror.infra.settings.DeploymentSettings;
import io.clockmirror.infra.settings.DeploymentSettings.Strategy;
import io.clockmirror.infra.settings.EnvironmentSettings;
import io.clockmirror.infra.settings.PipelineSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * The image signing key in the pipeline's stack, and the gate that lets only images signed by it
 * start in an environment that takes signed images only (docs/supply-chain.md).
 */
class SignedImagesTest {

  private static final Template PIPELINE = PipelineTemplate.template;
  private static final Template PROD = Synth.template(Synth.environment("prod").app());

  @Test
  void theSigningKeyIsAnEcdsaP256KeyKeptWhenItsStackGoesAndNamedByAFixedAlias() {
    Map<String, Object> key = onlyResource(PIPELINE, "AWS::KMS::Key", "ImageSigningKey");
    Map<String, Object> properties = Json.map(key.get("Properties"));
    assertThat(properties)
        .containsEntry("KeySpec", "ECC_NIST_P256")
        .containsEntry("KeyUsage", "SIGN_VERIFY")
        .containsEntry("EnableKeyRotation", false);
    assertThat(key).containsEntry("DeletionPolicy", "Retain");
    Map<String, Object> alias =
        Json.map(onlyResource(PIPELINE, "AWS::KMS::Alias", "ImageSigningKey").get("Properties"));
    assertThat(alias).containsEntry("AliasName", "alias/clockmirror-image-signing");
  }

  @Test
  void onlyTheBuildMaySignAndOnlyDigestsWithEcdsaSha256() {
    List<Map<String, Object>> statements = keyStatements();
    List<Map<String, Object>> signing =
        statements.stream().filter(s -> actions(s).contains("kms:Sign")).toList();
    assertThat(signing).hasSize(1);
    Map<String, Object> sign = signing.getFirst();
    assertThat(actions(sign)).containsExactly("kms:Sign");
    assertThat(String.valueOf(sign.get("Principal"))).contains(dockerBuildRole());
    assertThat(Json.map(sign.get("Condition")))
        .isEqualTo(
            Map.of(
                "StringEquals",
                Map.of("kms:SigningAlgorithm", "ECDSA_SHA_256", "kms:MessageType", "DIGEST")));
    // No statement grants every action, or signing by wildcard, to anyone.
    assertThat(statements)
        .allSatisfy(
            statement ->
                assertThat(actions(statement))
                    .doesNotContain("kms:*", "kms:Sign*", "kms:Verify", "kms:Decrypt"));
    // The account's administrators manage the key but cannot sign with it.
    Map<String, Object> admin =
        statements.stream()
            .filter(s -> actions(s).contains("kms:ScheduleKeyDeletion"))
            .findFirst()
            .orElseThrow();
    assertThat(actions(admin)).doesNotContain("kms:Sign", "kms:GetPublicKey");
  }

  @Test
  void theBuildSignsWithTheKeysAliasAndEveryDeployReadsThePublicKeyByThatAliasOnly() {
    Map<String, Map<String, Object>> projects = PipelineTemplate.projectsByName();
    assertThat(String.valueOf(environment(projects.get("clockmirror-docker-build"))))
        .contains("SIGNING_KEY_ID")
        .contains("alias/clockmirror-image-signing")
        .contains("SIGNING_IDENTITY");
    for (String env : List.of("dev", "prod")) {
      for (String project : List.of("deploy-ecr", "deploy-app")) {
        assertThat(String.valueOf(environment(projects.get(env + "-clockmirror-" + project))))
            .as(project + " of " + env)
            .contains("SIGNING_KEY_ID");
      }
    }
    // Every role that reads the public key names the alias in its condition, never another key.
    List<Map<String, Object>> reads =
        roleStatements(PIPELINE).stream()
            .filter(s -> actions(s).contains("kms:GetPublicKey"))
            .toList();
    assertThat(reads).hasSizeGreaterThanOrEqualTo(4);
    assertThat(reads)
        .allSatisfy(
            statement -> {
              assertThat(actions(statement)).containsExactly("kms:GetPublicKey");
              assertThat(String.valueOf(statement.get("Condition")))
                  .contains("kms:RequestAlias")
                  .contains("alias/clockmirror-image-signing");
            });
  }

  @Test
  void everyDeployThatVerifiesMayReadTheSignatureBlobsOfItsRepository() {
    Map<String, Set<String>> actions = PipelineTemplate.allowedActionsByRole();
    for (String env : List.of("dev", "prod")) {
      for (String role : List.of("DeployEcrRole", "DeployAppRole")) {
        assertThat(actions.get(env + role))
            .as(env + role)
            .contains("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "kms:GetPublicKey");
      }
    }
  }

  @Test
  void prodChecksEverySignatureBeforeTheNewRevisionStartsATask() {
    Map<String, Object> function =
        Json.map(
            onlyResource(PROD, "AWS::Lambda::Function", "SignatureGateFunction").get("Properties"));
    assertThat(function).containsEntry("Handler", SignatureGate.HANDLER);
    String variables = String.valueOf(Json.map(function.get("Environment")).get("Variables"));
    assertThat(variables)
        .contains("SIGNING_KEY_ID")
        .contains("alias/clockmirror-image-signing")
        .contains("REPOSITORY=prod-clockmirror")
        .contains("REGISTRY_AUTH=ecr")
        .contains(".dkr.ecr.");
    List<Map<String, Object>> statements =
        roleStatements(PROD).stream()
            .filter(s -> String.valueOf(s.get("Sid")).length() > 0)
            .toList();
    String gateRole = String.valueOf(function.get("Role"));
    assertThat(gateRole).contains("SignatureGateRole");
    Map<String, Object> describe = statementWith(statements, "ecs:DescribeServiceRevisions");
    assertThat(String.valueOf(describe.get("Resource")))
        .contains(":service-revision/prod-clockmirror/prod-clockmirror/*");
    assertThat(String.valueOf(statementWith(statements, "ecr:BatchGetImage").get("Resource")))
        .contains(":repository/prod-clockmirror");
    assertThat(String.valueOf(statementWith(statements, "kms:GetPublicKey").get("Condition")))
        .contains("kms:RequestAlias");
  }

  @Test
  void aRollingEnvironmentAndOneThatTakesUnsignedImagesHaveNoGate() {
    Template dev = Synth.template(Synth.environment("dev").app());
    assertThat(dev.findResources("AWS::Lambda::Function").keySet())
        .noneMatch(id -> id.startsWith("SignatureGate") || id.startsWith("DeployHook"));
    EnvironmentSettings prod = Synth.environment("prod").settings();
    EnvironmentSettings unsigned = withSignedImagesOnly(prod, false);
    Template canary = Synth.template(Synth.appAlone(unsigned));
    assertThat(canary.findResources("AWS::Lambda::Function").keySet())
        .noneMatch(id -> id.startsWith("SignatureGate"))
        .anyMatch(id -> id.startsWith("DeployHook"));
    Template blueGreen =
        Synth.template(
            Synth.appWithDeployment(
                new DeploymentSettings(Strategy.BLUE_GREEN, Optional.empty(), Optional.of(15))));
    assertThat(blueGreen.findResources("AWS::Lambda::Function").keySet())
        .anyMatch(id -> id.startsWith("SignatureGate"));
  }

  @Test
  void anEnvironmentApprovedBeforeEachDeployMustTakeSignedImagesOnly() {
    Object environments = Synth.CDK_JSON.get(EnvironmentSettings.CONTEXT_KEY);
    EnvironmentSettings dev = EnvironmentSettings.fromContext("dev", environments);
    EnvironmentSettings prod =
        withSignedImagesOnly(EnvironmentSettings.fromContext("prod", environments), false);
    assertThatThrownBy(
            () ->
                InfraApp.stacks(
                    App.Builder.create().context(Synth.CDK_JSON).build(),
                    List.of(dev, prod),
                    new PipelineSettings(List.of("dev", "prod"), Set.of("prod"), Map.of()),
                    true,
                    Optional.empty()))
        .hasMessageContaining("prod is approved before each deploy but takes unsigned images");
  }

  @Test
  void signedImagesOnlyIsTrueByDefaultAndMustBeABoolean() {
    Map<String, Object> prod = new HashMap<>(environmentContext("prod"));
    prod.remove("signedImagesOnly");
    assertThat(EnvironmentSettings.fromContext("prod", Map.of("prod", prod)).signedImagesOnly())
        .isTrue();
    prod.put("signedImagesOnly", "no");
    assertThatThrownBy(() -> EnvironmentSettings.fromContext("prod", Map.of("prod", prod)))
        .hasMessageContaining("setting 'signedImagesOnly' must be true/false: no");
    prod.put("signedImagesOnly", false);
    assertThat(EnvironmentSettings.fromContext("prod", Map.of("prod", prod)).signedImagesOnly())
        .isFalse();
  }

  private static Map<String, Object> environmentContext(String name) {
    return Json.map(Json.map(Synth.CDK_JSON.get(EnvironmentSettings.CONTEXT_KEY)).get(name));
  }

  private static EnvironmentSettings withSignedImagesOnly(EnvironmentSettings s, boolean signed) {
    return new EnvironmentSettings(
        s.name(),
        s.region(),
        s.cpu(),
        s.memoryMiB(),
        s.cpuArchitecture(),
        s.minCapacity(),
        s.maxCapacity(),
        s.cpuTargetPercent(),
        s.requestsPerTarget(),
        s.allowedCidrs(),
        s.certificateArn(),
        s.logRetentionDays(),
        s.keepImages(),
        s.p99LatencyMillis(),
        s.max5xxPercent(),
        s.ssmOverrides(),
        s.deployment(),
        s.cost(),
        s.operations(),
        signed);
  }

  private static Map<String, Object> onlyResource(Template template, String type, String prefix) {
    List<Map<String, Object>> found =
        template.findResources(type).entrySet().stream()
            .filter(entry -> entry.getKey().startsWith(prefix))
            .map(entry -> Json.map(entry.getValue()))
            .toList();
    assertThat(found).as(type + " " + prefix + "*").hasSize(1);
    return found.getFirst();
  }

  private static List<Map<String, Object>> keyStatements() {
    Map<String, Object> properties =
        Json.map(onlyResource(PIPELINE, "AWS::KMS::Key", "ImageSigningKey").get("Properties"));
    return Json.list(Json.map(properties.get("KeyPolicy")).get("Statement")).stream()
        .map(Json::map)
        .toList();
  }

  private static List<Map<String, Object>> roleStatements(Template template) {
    return template.findResources("AWS::IAM::Role").values().stream()
        .map(role -> Json.map(Json.map(role).get("Properties")).get("Policies"))
        .filter(policies -> policies != null)
        .flatMap(policies -> Json.list(policies).stream())
        .flatMap(
            policy ->
                Json.list(Json.map(Json.map(policy).get("PolicyDocument")).get("Statement"))
                    .stream())
        .map(Json::map)
        .toList();
  }

  private static Map<String, Object> statementWith(
      List<Map<String, Object>> statements, String action) {
    List<Map<String, Object>> found =
        statements.stream().filter(s -> actions(s).contains(action)).toList();
    assertThat(found).as(action).hasSize(1);
    return found.getFirst();
  }

  private static List<String> actions(Map<String, Object> statement) {
    Object action = statement.get("Action");
    return action instanceof String one
        ? List.of(one)
        : Json.list(action).stream().map(String::valueOf).toList();
  }

  private static Object environment(Map<String, Object> project) {
    return Json.map(project.get("Environment")).get("EnvironmentVariables");
  }

  private static String dockerBuildRole() {
    return PIPELINE.findResources("AWS::IAM::Role").keySet().stream()
        .filter(id -> id.startsWith("DockerBuildRole"))
        .findFirst()
        .orElseThrow();
  }
}
