package io.clockmirror.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The repository checkout this command runs from: its root, where the buildspec scripts and {@code
 * infra/cdk.json} are, and the environments that file defines.
 *
 * @param root the repository root
 */
public record Project(Path root) {

  public Project {
    Objects.requireNonNull(root, "root");
  }

  public Path cdkJson() {
    return root.resolve("infra/cdk.json");
  }

  public Path script(String relative) {
    return root.resolve(relative);
  }

  /** Where this command keeps its own files: the image layouts it built, transcripts. */
  public Path workDirectory() {
    return root.resolve("target/clockmirror");
  }

  /** The environment {@code name}, or a failure naming those cdk.json has. */
  public Environment environment(String name) {
    Map<String, Object> context = context();
    Map<String, Object> environments =
        Json.at(context, "clockmirror:environments").map(Json::cast).orElse(Map.of());
    Object settings = environments.get(name);
    if (settings == null) {
      throw new Failure(
          ExitCode.SETTINGS,
          "environment '"
              + name
              + "' is not in infra/cdk.json (it has "
              + known(environments)
              + ")",
          "use one of those, or add '"
              + name
              + "' under \"clockmirror:environments\" in infra/cdk.json (docs/deploy.md,"
              + " Environments)");
    }
    String region =
        Json.string(settings, "region")
            .orElseThrow(
                () ->
                    new Failure(
                        ExitCode.SETTINGS,
                        "environment '" + name + "' in infra/cdk.json has no region",
                        "add \"region\" to it"));
    String strategy = Json.string(settings, "deployment", "strategy").orElse("ROLLING");
    Optional<String> account = Json.string(context, "clockmirror:pipeline", "accounts", name);
    boolean signedImagesOnly =
        !Boolean.FALSE.equals(Json.at(settings, "signedImagesOnly").orElse(Boolean.TRUE));
    return new Environment(name, region, strategy, account, signedImagesOnly);
  }

  /** The environments the pipeline promotes through, in order. */
  public List<String> pipelineEnvironments() {
    return Json.at(context(), "clockmirror:pipeline", "environments")
        .filter(List.class::isInstance)
        .map(list -> ((List<?>) list).stream().map(String::valueOf).toList())
        .orElse(List.of());
  }

  private static String known(Map<String, Object> environments) {
    return environments.isEmpty()
        ? "none"
        : String.join(", ", new TreeSet<>(environments.keySet()));
  }

  private Map<String, Object> context() {
    Path file = cdkJson();
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new Failure(
          ExitCode.SETTINGS,
          "cannot read " + file + ": " + e.getMessage(),
          "run ./clockmirror from a clockmirror checkout");
    }
    return Json.at(Json.object(text, file.toString()), "context").map(Json::cast).orElse(Map.of());
  }
}
