package io.clockmirror.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs every outside program the verbs use ({@code aws}, {@code cdk}, the image tool, the
 * repository's scripts), found on the {@code PATH} of the environment it was given: so a fake on
 * {@code PATH} stands in for AWS in tests. Each call's command line and output is appended to one
 * transcript file, which a failure points at; the programs still running are known, so Ctrl-C can
 * stop them.
 */
public final class Processes {

  /** What one program did. */
  public record Result(List<String> command, int exit, String out, String err) {
    public Result {
      command = List.copyOf(command);
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(err, "err");
    }

    public boolean ok() {
      return exit == 0;
    }

    /** The last lines of both streams, for a failure message. */
    public String tail(int lines) {
      List<String> all = new ArrayList<>(out.lines().toList());
      all.addAll(err.lines().toList());
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
  }

  /** How to install what is missing, per program. */
  private static final Map<String, String> INSTALL =
      Map.ofEntries(
          Map.entry(
              "aws",
              "install AWS CLI v2"
                  + " (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html)"),
          Map.entry(
              "node", "install Node.js 20 or newer (Debian/Ubuntu: apt-get install nodejs npm)"),
          Map.entry(
              "npm", "install Node.js 20 or newer with npm (Debian/Ubuntu: apt-get install npm)"),
          Map.entry("git", "install git (Debian/Ubuntu: apt-get install git)"),
          Map.entry("jq", "install jq (Debian/Ubuntu: apt-get install jq)"),
          Map.entry("curl", "install curl (Debian/Ubuntu: apt-get install curl)"),
          Map.entry(
              "skopeo",
              "install skopeo, which pushes the image layout (Debian/Ubuntu: apt-get install skopeo)"));

  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  private final Map<String, String> environment;
  private final Path transcript;

  public Processes(Map<String, String> environment, Path transcript) {
    this.environment = Map.copyOf(environment);
    this.transcript = Objects.requireNonNull(transcript, "transcript");
  }

  public Map<String, String> environment() {
    return environment;
  }

  public Path transcript() {
    return transcript;
  }

  /** The program's file on this environment's {@code PATH}, if any. */
  public Optional<Path> find(String program) {
    if (program.contains("/")) {
      Path path = Path.of(program);
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    for (String directory : environment.getOrDefault("PATH", "").split(":")) {
      if (directory.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(directory, program);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Fails with the install hint unless {@code program} is on {@code PATH}. */
  public Path require(String program) {
    return find(program)
        .orElseThrow(
            () ->
                new Failure(
                    ExitCode.TOOL_MISSING,
                    program + " is not on PATH",
                    INSTALL.getOrDefault(program, "install " + program)));
  }

  /** Runs a program to its end, output captured. */
  public Result run(Path directory, Map<String, String> extraEnvironment, List<String> command) {
    return run(directory, extraEnvironment, command, null, line -> {});
  }

  /**
   * Runs a program to its end. {@code stdin} (when not null) is written to it; each line it prints
   * on stdout also goes to {@code lines} as it comes.
   */
  public Result run(
      Path directory,
      Map<String, String> extraEnvironment,
      List<String> command,
      String stdin,
      Consumer<String> lines) {
    List<String> resolved = new ArrayList<>(command);
    resolved.set(0, require(command.getFirst()).toString());
    ProcessBuilder builder = new ProcessBuilder(resolved).directory(directory.toFile());
    Map<String, String> env = builder.environment();
    env.clear();
    env.putAll(environment);
    env.putAll(extraEnvironment);
    if (stdin == null) {
      builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw Failure.stepFailed(
          "cannot start " + command.getFirst() + ": " + e.getMessage(),
          "check that " + resolved.getFirst() + " is an executable program");
    }
    RUNNING.add(process);
    try {
      StringBuilder out = new StringBuilder();
      StringBuilder err = new StringBuilder();
      Thread outReader =
          Thread.ofVirtual().start(() -> drain(process.getInputStream(), out, lines));
      Thread errReader =
          Thread.ofVirtual().start(() -> drain(process.getErrorStream(), err, l -> {}));
      if (stdin != null) {
        try (OutputStream in = process.getOutputStream()) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          // The program closed its input early; what it printed says why.
        }
      }
      int exit = process.waitFor();
      outReader.join();
      errReader.join();
      Result result = new Result(command, exit, out.toString(), err.toString());
      record(result, extraEnvironment);
      return result;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new Failure(
          ExitCode.INTERRUPTED, command.getFirst() + " was interrupted", "run the command again");
    } finally {
      RUNNING.remove(process);
    }
  }

  /** Stops every program still running (Ctrl-C), children first. */
  static void stopAll() {
    for (Process process : RUNNING) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
    }
  }

  private static void drain(InputStream stream, StringBuilder into, Consumer<String> lines) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (into) {
          into.append(line).append('\n');
        }
        lines.accept(line);
      }
    } catch (IOException e) {
      // The pipe closed under the reader: the program was stopped (Ctrl-C stops every program).
      // What was read is kept; the exit status tells the rest.
    }
  }

  private void record(Result result, Map<String, String> extraEnvironment) {
    try {
      Files.createDirectories(transcript.toAbsolutePath().getParent());
      Map<String, String> shown = new HashMap<>(extraEnvironment);
      shown.keySet().removeIf(key -> key.contains("PASSWORD") || key.contains("SECRET"));
      try (PrintStream log =
          new PrintStream(
              Files.newOutputStream(
                  transcript,
                  java.nio.file.StandardOpenOption.CREATE,
                  java.nio.file.StandardOpenOption.APPEND),
              true,
              StandardCharsets.UTF_8)) {
        log.println(
            "$ " + (shown.isEmpty() ? "" : shown + " ") + String.join(" ", result.command()));
        result.out().lines().forEach(line -> log.println("  " + line));
        result.err().lines().forEach(line -> log.println("! " + line));
        log.println("  (exit " + result.exit() + ")");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
