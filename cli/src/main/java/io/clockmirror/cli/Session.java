package io.clockmirror.cli;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One verb's run against one environment.
 *
 * @param context the command's context
 * @param target the environment, as cdk.json defines it
 * @param processes the programs of this run (with its transcript)
 * @param aws the aws CLI in the environment's region
 * @param stacks CloudFormation look-ups
 * @param verb the verb, for messages that say "run it again"
 */
public record Session(
    Context context, Environment target, Processes processes, Aws aws, Stacks stacks, String verb) {

  public Session {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(processes, "processes");
    Objects.requireNonNull(aws, "aws");
    Objects.requireNonNull(stacks, "stacks");
    Objects.requireNonNull(verb, "verb");
  }

  public Names names() {
    return target.names();
  }

  public Project project() {
    return context.project();
  }

  /** Runs a program from the repository root, with {@code extra} on top of the environment. */
  public Processes.Result run(Map<String, String> extra, List<String> command) {
    return processes.run(context.project().root(), extra, command);
  }

  /** The same, writing {@code stdin} to it and handing each line it prints to {@code lines}. */
  public Processes.Result run(
      Map<String, String> extra, List<String> command, String stdin, Consumer<String> lines) {
    return processes.run(context.project().root(), extra, command, stdin, lines);
  }

  /** "run ./clockmirror deploy dev again", for fixes. */
  public String again() {
    return "run ./clockmirror " + verb + " " + target.name() + " again";
  }

  /** What every program started for this environment gets on top of the user's environment. */
  public Map<String, String> awsEnvironment() {
    return Map.of(
        "AWS_REGION",
        target.region(),
        "AWS_DEFAULT_REGION",
        target.region(),
        "CDK_DISABLE_CLI_TELEMETRY",
        "true",
        "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION",
        "1");
  }
}
