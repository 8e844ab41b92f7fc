package io.clockmirror.infra;

import static io.clockmirror.infra.PipelineTemplate.projectsByName;
import static io.clockmirror.infra.PipelineTemplate.template;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/** The {@code BuildProject} of each action of the dev pipeline. */
class BuildProjectTest {

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
      assertThat(Json.map(properties.get("Source")))
          .containsEntry("Type", "CODEPIPELINE")
          .containsEntry("BuildSpec", "buildspec/" + buildspec + ".yml");
      assertThat(Repo.ROOT.resolve("buildspec/" + buildspec + ".yml")).isRegularFile();
      Map<String, Object> environment = Json.map(properties.get("Environment"));
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
    // The scan sees docker in a buildspec and in a script a buildspec calls.
    assertThat(dockerCalls.get("dev-clockmirror-deploy-ecr"))
        .extracting(ScriptCalls.Located::file)
        .contains("buildspec/deploy-ecr.yml", "buildspec/publish-image.sh");
    assertThat(dockerCalls.get("dev-clockmirror-docker-build")).isNotEmpty();
  }

  @Test
  void mavenBuildsKeepTheirDependenciesInAnS3Cache() {
    for (String buildspec : List.of("static-analysis", "unit-test")) {
      Map<String, Object> cache =
          Json.map(projectsByName().get("dev-clockmirror-" + buildspec).get("Cache"));
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
}
