package io.clockmirror.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What every verb runs with: the checkout, the environment variables its programs get (whose {@code
 * PATH} decides which {@code aws} and {@code cdk} run), where it prints, and how it asks.
 *
 * @param project the repository checkout
 * @param environment environment variables for every program started
 * @param out progress and results
 * @param err the failure line and its fix
 * @param in answers to questions (destroy's confirmation)
 * @param interactive whether a person can answer on {@code in}
 * @param poll how often to look again while waiting for AWS
 */
public record Context(
    Project project,
    Map<String, String> environment,
    PrintStream out,
    PrintStream err,
    BufferedReader in,
    boolean interactive,
    Duration poll) {

  /** How long a stack CloudFormation is still working on is waited for. */
  static final Duration STACK_PATIENCE = Duration.ofMinutes(45);

  public Context {
    Objects.requireNonNull(project, "project");
    environment = Map.copyOf(environment);
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(poll, "poll");
  }

  /** Programs for one run of {@code verb}, with a fresh transcript. */
  Processes processes(String verb, String environmentName) {
    Path transcript = project.workDirectory().resolve(verb + "-" + environmentName + ".log");
    try {
      Files.createDirectories(transcript.getParent());
      Files.deleteIfExists(transcript);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Processes(environment, transcript);
  }

  /** Everything a verb needs for one environment, checked against cdk.json. */
  Session session(String verb, String environmentName) {
    Environment target = project.environment(environmentName);
    Processes processes = processes(verb, environmentName);
    Aws aws = new Aws(processes, project, target.region());
    return new Session(this, target, processes, aws, new Stacks(aws, poll, STACK_PATIENCE), verb);
  }
}
