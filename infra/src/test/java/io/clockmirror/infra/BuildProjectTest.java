package io.clockmirror.infra;

import static io.clockmirror.infra.PipelineTemplate.projectsByName;
import static io.clockmirror.infra.PipelineTemplate.template;
import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.infra.pipeline.PipelineStack;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/** The {@code BuildProject} of each action of the cdk.json pipeline. */
class BuildProjectTest {

  @Test
  void eachActionRunsItsOwnBuildspecFileOnAPinnedImageWithJava25() {
    Map<String, Map<String, Object>> projects = projectsByName();
    Map<String, String> buildspecOf = new TreeMap<>();
    for (String shared : List.of("static-analysis", "unit-test", "docker-build")) {
      buildspecOf.put("clockmirror-" + shared, shared);
    }
    for (String env : List.of("dev", "prod")) {
      for (String each : List.of("deploy-ecr", "deploy-app", "smoke-test")) {
        buildspecOf.put(env + "-clockmirror-" + each, each);
      }
    }
    assertThat(projects.keySet()).containsExactlyInAnyOrderElementsOf(buildspecOf.keySet());
    for (var entry : projects.entrySet()) {
      String buildspec = buildspecOf.get(entry.getKey());
      Map<String, Object> properties = entry.getValue();
      assertThat(Json.map(properties.get("Source")))
          .containsEntry("Type", "CODEPIPELINE")
          .containsEntry("BuildSpec", "buildspec/" + buildspec + ".yml");
      assertThat(Repo.ROOT.resolve("buildspec/" + buildspec + ".yml")).isRegularFile();
      Map<String, Object> environment = Json.map(properties.get("Environment"));
      assertThat(environment.get("Image")).isEqualTo(PipelineStack.X86_64_BUILD_IMAGE);
      assertThat(properties).containsKey("EncryptionKey");
    }
    // Every buildspec file belongs to an action.
    assertThat(Buildspecs.names())
        .containsExactlyInAnyOrderElementsOf(Set.copyOf(buildspecOf.values()));
    // The Java actions name the runtime the image provides.
    for (String buildspec :
        List.of("static-analysis", "unit-test", "deploy-ecr", "deploy-app", "smoke-test")) {
      assertThat(Buildspecs.runtimeVersions(buildspec)).containsEntry("java", "corretto25");
    }
  }

  @Test
  void exactlyTheProjectsWhoseCommandsRunDockerArePrivileged() {
    // CodeBuild runs a Docker daemon only in privileged mode; without it every docker command
    // fails. Privileged mode is root on the build host, so no other project gets it.
    Map<String, List<ScriptCalls.Located>> dockerCalls = new TreeMap<>();
    projectsByName()
        .forEach(
            (name, properties) -> {
              String file = (String) Json.map(properties.get("Source")).get("BuildSpec");
              String buildspec = file.replaceFirst("^buildspec/(.*)\\.yml$", "$1");
              List<ScriptCalls.Located> docker =
                  ScriptCalls.runBy(Repo.ROOT, file, Buildspecs.commandTexts(buildspec)).stream()
                      .filter(call -> call.command().name().matches("(.*/)?docker"))
                      .toList();
              dockerCalls.put(name, docker);
              assertThat(Json.map(properties.get("Environment")).get("PrivilegedMode"))
                  .as("%s is privileged exactly when it runs docker %s", name, docker)
                  .isEqualTo(!docker.isEmpty());
            });
    // Only the image build runs docker; every push goes through skopeo, without a daemon.
    assertThat(dockerCalls.get("clockmirror-docker-build")).isNotEmpty();
    assertThat(dockerCalls)
        .allSatisfy(
            (name, calls) ->
                assertThat(calls.isEmpty())
                    .as(name)
                    .isEqualTo(!name.equals("clockmirror-docker-build")));
    // The scan follows the scripts a buildspec calls: the push script's skopeo copy is seen.
    assertThat(
            ScriptCalls.runBy(
                    Repo.ROOT, "buildspec/deploy-ecr.yml", Buildspecs.commandTexts("deploy-ecr"))
                .stream()
                .filter(
                    call ->
                        call.command().name().equals("skopeo")
                            && call.command().words().get(1).equals("copy"))
                .map(ScriptCalls.Located::file))
        .contains("buildspec/publish-image.sh");
  }

  @Test
  void mavenBuildsKeepTheirDependenciesInAnS3Cache() {
    for (String buildspec : List.of("static-analysis", "unit-test")) {
      Map<String, Object> cache =
          Json.map(projectsByName().get("clockmirror-" + buildspec).get("Cache"));
      assertThat(cache.get("Type")).isEqualTo("S3");
      assertThat(Buildspecs.cachePaths(buildspec)).contains("/root/.m2/**/*");
    }
  }

  @Test
  void unitTestResultsAndCoverageArePublishedAsReportGroups() {
    template.hasResourceProperties(
        "AWS::CodeBuild::ReportGroup",
        Match.objectLike(Map.of("Name", "clockmirror-unit-test-junit", "Type", "TEST")));
    template.hasResourceProperties(
        "AWS::CodeBuild::ReportGroup",
        Match.objectLike(
            Map.of("Name", "clockmirror-unit-test-coverage", "Type", "CODE_COVERAGE")));
    // CodeBuild files report "<key>" of a buildspec into the group "<project>-<key>".
    assertThat(Buildspecs.reportFormats("unit-test"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("junit", "JUNITXML", "coverage", "JACOCOXML"));
  }
}
