package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads the repository's {@code buildspec/*.yml} files as CodeBuild would parse them. */
final class Buildspecs {

  static final Path DIRECTORY = Repo.ROOT.resolve("buildspec");

  private Buildspecs() {}

  /** Names of all buildspec files, without {@code .yml}. */
  static List<String> names() {
    try (Stream<Path> files = Files.list(DIRECTORY)) {
      return files
          .map(path -> path.getFileName().toString())
          .filter(name -> name.endsWith(".yml"))
          .map(name -> name.substring(0, name.length() - ".yml".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> load(String name) {
    try {
      Object document =
          new Yaml(new SafeConstructor(new LoaderOptions()))
              .load(Files.readString(DIRECTORY.resolve(name + ".yml")));
      return Json.map(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every command of every phase, in order. */
  static List<Object> commands(String name) {
    Map<String, Object> phases = section(load(name), "phases");
    return Stream.of("install", "pre_build", "build", "post_build")
        .map(phase -> section(phases, phase).get("commands"))
        .filter(commands -> commands != null)
        .flatMap(commands -> Json.list(commands).stream())
        .toList();
  }

  /** The commands of {@code name} as the shell text CodeBuild hands to bash. */
  static List<String> commandTexts(String name) {
    return commands(name).stream()
        .map(
            command -> {
              assertThat(command).as("a command of " + name).isInstanceOf(String.class);
              return (String) command;
            })
        .toList();
  }

  /**
   * The simple commands {@code name} runs, followed into the repository scripts it calls, each with
   * the file it is written in.
   */
  static List<ScriptCalls.Located> commandsRun(String name) {
    return ScriptCalls.runBy(Repo.ROOT, "buildspec/" + name + ".yml", commandTexts(name));
  }

  /** The commands {@code name} runs, following scripts, that start with {@code words}. */
  static List<ShellCommands.Command> commandsRun(String name, String... words) {
    return commandsRun(name).stream()
        .map(ScriptCalls.Located::command)
        .filter(
            command ->
                command.words().size() >= words.length
                    && command.words().subList(0, words.length).equals(List.of(words)))
        .toList();
  }

  static List<Object> exportedVariables(String name) {
    Object exported = section(load(name), "env").get("exported-variables");
    return exported == null ? List.of() : Json.list(exported);
  }

  static Map<String, Object> runtimeVersions(String name) {
    return section(section(section(load(name), "phases"), "install"), "runtime-versions");
  }

  static List<Object> cachePaths(String name) {
    Object paths = section(load(name), "cache").get("paths");
    return paths == null ? List.of() : Json.list(paths);
  }

  /** Report group key to file format. */
  static Map<String, Object> reportFormats(String name) {
    Map<String, Object> formats = new LinkedHashMap<>();
    section(load(name), "reports")
        .forEach((key, report) -> formats.put(key, Json.map(report).get("file-format")));
    return formats;
  }

  /** A mapping inside {@code parent}, or an empty one when the key is absent. */
  static Map<String, Object> section(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    if (value == null) {
      return Map.of();
    }
    assertThat(value).as(key).isInstanceOf(Map.class);
    return Json.map(value);
  }
}
