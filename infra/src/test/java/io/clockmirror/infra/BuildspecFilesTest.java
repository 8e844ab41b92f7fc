package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clockmirror.infra.pipeline.PipelineStack;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every buildspec file parses as CodeBuild reads it, and every file, script, directory and Maven
 * module it names exists in the repository.
 */
class BuildspecFilesTest {

  private static final Path ROOT = Repo.ROOT;
  private static final Set<String> TOP_LEVEL =
      Set.of("version", "env", "phases", "reports", "artifacts", "cache");
  private static final Set<String> PHASES = Set.of("install", "pre_build", "build", "post_build");
  private static final Pattern SCRIPT =
      Pattern.compile("(?<![\\w/.$-])((?:ci|buildspec)/[\\w.*-]+\\.sh)");
  private static final Pattern MODULE_LIST = Pattern.compile("(?:^|\\s)-pl\\s+(\\S+)");
  private static final Pattern DIRECTORY =
      Pattern.compile("(?:^|\\s)(?:cd|--prefix)\\s+([\\w./-]+)");

  static List<String> buildspecs() {
    return Buildspecs.names();
  }

  @Test
  void thereIsOneBuildspecPerPipelineAction() {
    assertThat(Buildspecs.names())
        .containsExactly(
            "deploy-app",
            "deploy-ecr",
            "docker-build",
            "smoke-test",
            "static-analysis",
            "unit-test");
  }

  @ParameterizedTest
  @MethodSource("buildspecs")
  void isAVersion02BuildspecWhoseCommandsAreAllStrings(String name) {
    Map<String, Object> spec = Buildspecs.load(name);
    assertThat(String.valueOf(spec.get("version"))).isEqualTo("0.2");
    assertThat(TOP_LEVEL).containsAll(spec.keySet());
    Map<String, Object> phases = Buildspecs.section(spec, "phases");
    assertThat(phases).isNotEmpty();
    assertThat(PHASES).containsAll(phases.keySet());
    // An unquoted `- false` or `- echo a: b` would be a boolean or a mapping, not a command.
    assertThat(Buildspecs.commands(name)).isNotEmpty().allMatch(String.class::isInstance);
  }

  @ParameterizedTest
  @MethodSource("buildspecs")
  void everyScriptItRunsExistsAndIsExecutable(String name) throws IOException {
    for (String script : matches(name, SCRIPT)) {
      if (script.contains("*")) {
        var matcher = FileSystems.getDefault().getPathMatcher("glob:" + script);
        try (Stream<Path> files =
            Files.walk(ROOT.resolve(script.substring(0, script.indexOf('/'))))) {
          assertThat(files.map(ROOT::relativize).filter(matcher::matches)).as(script).isNotEmpty();
        }
      } else {
        assertThat(ROOT.resolve(script))
            .as(name + " runs " + script)
            .isRegularFile()
            .isExecutable();
      }
    }
    for (Object command : Buildspecs.commands(name)) {
      if (((String) command).startsWith("./mvnw")) {
        assertThat(ROOT.resolve("mvnw")).isExecutable();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("buildspecs")
  void everyDirectoryAndMavenModuleItNamesExists(String name) throws Exception {
    List<String> modules = rootModules();
    for (String moduleList : matches(name, MODULE_LIST)) {
      for (String module : moduleList.split(",", -1)) {
        assertThat(modules).as(name + " builds module " + module).contains(module);
      }
    }
    for (String directory : matches(name, DIRECTORY)) {
      assertThat(ROOT.resolve(directory)).as(name + " uses " + directory).isDirectory();
    }
    for (Object command : Buildspecs.commands(name)) {
      String text = (String) command;
      if (text.startsWith("npm ci --prefix infra")) {
        assertThat(ROOT.resolve("infra/package.json")).isRegularFile();
        assertThat(ROOT.resolve("infra/package-lock.json")).isRegularFile();
      }
      if (text.contains("npx cdk ")) {
        assertThat(ROOT.resolve("infra/cdk.json")).isRegularFile();
      }
    }
    // Report files live in the target folder of a module of the root pom.
    for (Object report : Buildspecs.section(Buildspecs.load(name), "reports").values()) {
      for (Object file : Json.list(Json.map(report).get("files"))) {
        String module = ((String) file).substring(0, ((String) file).indexOf('/'));
        assertThat(modules).as("report " + file).contains(module);
        assertThat((String) file).startsWith(module + "/target/");
      }
    }
  }

  @Test
  void theImageBuildUsesTheRepositoryDockerfile() {
    // The image, then the target sbom-facts of the same Dockerfile (its bill of materials' inputs).
    assertThat(Buildspecs.commandsRun("docker-build", "docker", "build"))
        .hasSize(2)
        .allSatisfy(build -> assertThat(build.words()).endsWith(".").doesNotContain("-f", "--file"))
        .extracting(build -> String.join(" ", build.words()))
        .containsExactly(
            "docker build ${build_arguments[@]} .", "docker build ${facts_arguments[@]} .");
    assumeTrue(
        Files.exists(ROOT.resolve("Dockerfile")),
        "the Dockerfile is not in this checkout yet (it comes with the container image work)");
    assertThat(ROOT.resolve("Dockerfile")).isRegularFile();
  }

  @Test
  void deployActionsFindTheImageArtifactTheStacksAndTheirOutputsByName() {
    InfraStacks stacks = Synth.environment("dev");

    String ecrStack = stacks.ecr().getStackName().replaceFirst("^dev-", "\\${ENV_NAME}-");
    String appStack = stacks.app().getStackName().replaceFirst("^dev-", "\\${ENV_NAME}-");
    assertThat(commandText("deploy-ecr"))
        .contains("npx cdk deploy \"" + ecrStack + "\"")
        .contains("\"$CODEBUILD_SRC_DIR_" + PipelineStack.IMAGE_ARTIFACT + "/image\"")
        .contains("--arg stack \"" + ecrStack + "\" '.[$stack].RepositoryUri'");
    // The deploy's own arguments: DeployAppScriptTest runs the script against fakes.
    assertThat(commandText("deploy-app"))
        .contains("buildspec/deploy-app.sh \"$ENV_NAME\" \"$CODEBUILD_SRC_DIR/app-outputs.json\"")
        .contains("--arg stack \"" + appStack + "\" '.[$stack].ServiceUrl' app-outputs.json");
    // The outputs those commands read exist in the stacks.
    assertThat(Synth.template(stacks.ecr()).toJSON().get("Outputs").toString())
        .contains("RepositoryUri=");
    assertThat(Synth.template(stacks.app()).toJSON().get("Outputs").toString())
        .contains("ServiceUrl=");
    // The Image artifact: the layout (with the bill of materials' inputs) and the supply chain.
    assertThat(Buildspecs.section(Buildspecs.load("docker-build"), "artifacts").get("files"))
        .isEqualTo(List.of("image/**/*", "supply-chain/**/*"));
  }

  @Test
  void everyPushChecksTheDigestAndEveryLaterEnvironmentThePromotionRecord() {
    // The image build records the digest of the layout it hands on ...
    assertThat(Buildspecs.commandTexts("docker-build"))
        .containsSubsequence(
            "buildspec/build-image.sh --tool docker \"$COMMIT_ID\" image -- --pull",
            "source image/image.env");
    assertThat(Buildspecs.commandsRun("docker-build", "python3", "buildspec/oci_layout.py"))
        .hasSize(1);
    // ... and each push names it: publish-image.sh fails unless layout and registry hold it.
    List<String> push = Buildspecs.commandTexts("deploy-ecr");
    assertThat(push)
        .contains(
            "buildspec/publish-image.sh \"$CODEBUILD_SRC_DIR_Image/image\" \"$REPOSITORY_URI\""
                + " \"$IMAGE_TAG\" \"$IMAGE_DIGEST\"");
    // The Build stage signs the image it built, and each push publishes that signature beside
    // the image and verifies it with the signing key, after the image is there.
    assertThat(Buildspecs.commandTexts("docker-build"))
        .containsSubsequence(
            "buildspec/build-image.sh --tool docker \"$COMMIT_ID\" image -- --pull",
            "buildspec/sign-image.sh image supply-chain");
    String attach =
        "buildspec/publish-attachments.sh \"$CODEBUILD_SRC_DIR_"
            + PipelineStack.IMAGE_ARTIFACT
            + "/supply-chain\" \"$REPOSITORY_URI\" \"$IMAGE_DIGEST\" \"$SIGNING_KEY_ID\" ecr";
    assertThat(push.indexOf(attach))
        .isGreaterThan(
            push.indexOf(
                "buildspec/publish-image.sh \"$CODEBUILD_SRC_DIR_Image/image\" \"$REPOSITORY_URI\""
                    + " \"$IMAGE_TAG\" \"$IMAGE_DIGEST\""));
    // The promotion check runs before anything is deployed or pushed.
    assertThat(push.indexOf("buildspec/promotion.sh check"))
        .isNotNegative()
        .isLessThan(
            push.indexOf(
                push.stream()
                    .filter(c -> c.startsWith("npx cdk deploy"))
                    .findFirst()
                    .orElseThrow()));
    // The record is written only after the smoke test passed, as the next command.
    List<String> smoke = Buildspecs.commandTexts("smoke-test");
    int checks =
        smoke.indexOf(
            smoke.stream()
                .filter(c -> c.contains("buildspec/smoke-test.sh"))
                .findFirst()
                .orElseThrow());
    assertThat(smoke.get(checks + 1))
        .isEqualTo("buildspec/promotion.sh record target/promotion/promotion.env");
  }

  @Test
  void everyEcrCallOfThePipelineNamesTheRegistryItMeans() {
    // Without --registry-id ECR reads the caller's own registry: the pipeline's account, not the
    // environment's when they differ. Only get-login-password names none: its token is valid for
    // every registry the caller may use.
    List<ScriptCalls.Located> ecrCalls = new ArrayList<>();
    for (String name : Buildspecs.names()) {
      ScriptCalls.runBy(ROOT, "buildspec/" + name + ".yml", Buildspecs.commandTexts(name)).stream()
          .filter(call -> call.command().words().size() > 1)
          .filter(call -> call.command().name().equals("aws"))
          .filter(call -> call.command().words().get(1).equals("ecr"))
          .forEach(ecrCalls::add);
    }
    assertThat(ecrCalls)
        .extracting(call -> call.command().words().get(2))
        .contains("get-login-password");
    assertThat(ecrCalls)
        .allSatisfy(
            call ->
                assertThat(
                        call.command().words().get(2).equals("get-login-password")
                            || call.command().words().contains("--registry-id"))
                    .as("%s names its registry", call)
                    .isTrue());
  }

  @Test
  void deployEcrInstallsSkopeoNoOlderThanTheOneRunHereAndNoBuildspecBuildsATool() {
    Map<String, Object> variables =
        Buildspecs.section(Buildspecs.section(Buildspecs.load("deploy-ecr"), "env"), "variables");
    assertThat(variables).containsEntry("SKOPEO_MIN_VERSION", "1.9.3");
    List<String> install =
        Json.list(
                Buildspecs.section(
                        Buildspecs.section(Buildspecs.load("deploy-ecr"), "phases"), "install")
                    .get("commands"))
            .stream()
            .map(String.class::cast)
            .toList();
    assertThat(install)
        .containsSubsequence("dnf install -y -q spal-release", "dnf install -y -q skopeo")
        .anyMatch(
            c ->
                c.contains("\"$SKOPEO_MIN_VERSION\" \"$(skopeo --version | cut -d' ' -f3)\"")
                    && c.contains("sort --version-sort --check=quiet"));
    for (String name : Buildspecs.names()) {
      assertThat(Buildspecs.commandTexts(name))
          .as(name)
          .noneMatch(c -> c.contains("go install") || c.contains("crane"));
    }
  }

  @Test
  void staticAnalysisLintsEveryTemplateOfTheWholeAppWithThePinnedCfnLint() {
    Map<String, Object> variables =
        Buildspecs.section(
            Buildspecs.section(Buildspecs.load("static-analysis"), "env"), "variables");
    assertThat(variables).containsEntry("CFN_LINT_VERSION", "1.51.0").doesNotContainKey("ENV_NAME");
    assertThat(Buildspecs.runtimeVersions("static-analysis")).containsKey("python");
    List<String> commands = Buildspecs.commandTexts("static-analysis");
    assertThat(commands)
        .anyMatch(c -> c.contains("pip install --quiet \"cfn-lint==$CFN_LINT_VERSION\""))
        .contains("npx cdk synth --quiet --no-notices --output cdk.out/static-analysis")
        .contains("cfn-lint cdk.out/static-analysis/*.template.json")
        .noneMatch(c -> c.contains("-c env="));
    assertThat(commands.indexOf("cfn-lint cdk.out/static-analysis/*.template.json"))
        .isGreaterThan(
            commands.indexOf(
                "npx cdk synth --quiet --no-notices --output cdk.out/static-analysis"));
  }

  @Test
  void theUnitTestActionRunsExactlyTheReadmeTestCommand() throws IOException {
    assertThat(Buildspecs.commands("unit-test")).containsExactly("./mvnw -B verify");
    assertThat(Files.readString(ROOT.resolve("README.md"))).contains("./mvnw verify");
  }

  private static String commandText(String name) {
    return String.join("\n", Buildspecs.commands(name).stream().map(String.class::cast).toList());
  }

  private static List<String> matches(String name, Pattern pattern) {
    List<String> found = new ArrayList<>();
    for (Object command : Buildspecs.commands(name)) {
      Matcher matcher = pattern.matcher((String) command);
      while (matcher.find()) {
        found.add(matcher.group(1));
      }
    }
    return found;
  }

  /** The {@code <modules>} of the root pom, read with an XML parser. */
  static List<String> rootModules() throws Exception {
    NodeList nodes = rootPom().getElementsByTagName("module");
    List<String> modules = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      modules.add(nodes.item(i).getTextContent().trim());
    }
    return modules;
  }

  static Element rootPom() throws Exception {
    var factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory
        .newDocumentBuilder()
        .parse(ROOT.resolve("pom.xml").toFile())
        .getDocumentElement();
  }
}
