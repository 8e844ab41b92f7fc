package io.clockmirror.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The commands a file runs, followed into the repository's own shell scripts it calls. */
final class ScriptCalls {

  /** A command and the repository file it is written in. */
  record Located(String file, ShellCommands.Command command) {
    @Override
    public String toString() {
      return file + ": " + command;
    }
  }

  private ScriptCalls() {}

  /** Every command the file runs, and, transitively, those of repository scripts it calls. */
  static List<Located> runBy(Path root, String relativePath, List<String> fragments) {
    List<Located> found = new ArrayList<>();
    Set<String> visited = new LinkedHashSet<>();
    visited.add(relativePath);
    follow(root, relativePath, fragments, found, visited);
    return List.copyOf(found);
  }

  private static void follow(
      Path root, String file, List<String> fragments, List<Located> found, Set<String> visited) {
    for (String fragment : fragments) {
      for (ShellCommands.Command command : ShellCommands.parse(fragment)) {
        found.add(new Located(file, command));
        String called = calledScript(root, command);
        if (called != null && visited.add(called)) {
          follow(root, called, List.of(read(root.resolve(called))), found, visited);
        }
      }
    }
  }

  /** The repository script {@code command} runs, directly or through an interpreter. */
  private static String calledScript(Path root, ShellCommands.Command command) {
    List<String> words = command.words();
    String candidate = words.getFirst();
    if (Set.of("bash", "sh", "source", ".").contains(candidate)) {
      candidate =
          words.stream().skip(1).filter(word -> !word.startsWith("-")).findFirst().orElse(null);
    }
    if (candidate == null || candidate.contains("$") || candidate.contains("*")) {
      return null;
    }
    Path path = root.resolve(candidate).normalize();
    if (!path.startsWith(root) || !Files.isRegularFile(path)) {
      return null;
    }
    String content = read(path);
    if (!content.startsWith("#!") || !content.lines().findFirst().orElse("").contains("sh")) {
      return null;
    }
    return root.relativize(path).toString();
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
