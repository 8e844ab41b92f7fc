package io.clockmirror.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The CDK CLI pinned in {@code infra/package.json}: a {@code cdk} on {@code PATH} wins (a fake, in
 * tests, or one the user installed), else {@code infra/node_modules/.bin/cdk}, installed with
 * {@code npm ci} when missing. It runs in {@code infra/}, where {@code cdk.json} is.
 */
public final class Cdk {

  /** What a deploy did. */
  public record Deployed(boolean changed, Processes.Result result) {}

  private final Session session;

  public Cdk(Session session) {
    this.session = Objects.requireNonNull(session, "session");
  }

  /** The program to run, installing the pinned one when there is none. */
  public Path binary() {
    Processes processes = session.processes();
    var onPath = processes.find("cdk");
    if (onPath.isPresent()) {
      return onPath.get();
    }
    Path infra = session.project().root().resolve("infra");
    Path pinned = infra.resolve("node_modules/.bin/cdk");
    processes.require("node");
    if (!Files.isExecutable(pinned)) {
      processes.require("npm");
      Processes.Result install =
          processes.run(
              session.project().root(),
              Map.of(),
              List.of("npm", "ci", "--prefix", "infra", "--no-audit", "--no-fund"));
      if (!install.ok() || !Files.isExecutable(pinned)) {
        throw Failure.stepFailed(
            "npm ci --prefix infra failed: " + install.tail(3),
            "run it yourself and fix what it reports; see " + processes.transcript());
      }
    }
    return pinned;
  }

  /** {@code cdk ARGS} in {@code infra/}; fails with the last lines it printed. */
  public Processes.Result run(String what, List<String> args) {
    List<String> command = new ArrayList<>(List.of(binary().toString()));
    command.addAll(args);
    Processes.Result result =
        session
            .processes()
            .run(session.project().root().resolve("infra"), session.awsEnvironment(), command);
    if (!result.ok()) {
      throw Failure.stepFailed(
          what + " failed: " + lastLine(result),
          "see " + session.processes().transcript() + "; fix it, then " + session.again());
    }
    return result;
  }

  /**
   * {@code cdk deploy STACK EXTRA} with the options the pipeline's deploy actions use; whether
   * CloudFormation changed anything.
   */
  public Deployed deploy(String stack, Path outputsFile, List<String> extra) {
    List<String> args = new ArrayList<>(List.of("deploy", stack));
    args.addAll(extra);
    args.addAll(
        List.of(
            "--exclusively",
            "--no-previous-parameters",
            "--require-approval",
            "never",
            "--no-notices",
            "--outputs-file",
            outputsFile.toString()));
    Processes.Result result = run("cdk deploy " + stack, args);
    return new Deployed(!unchanged(stack, result), result);
  }

  /** The CLI reports an unchanged stack as "✅ <stack> (no changes)". */
  static boolean unchanged(String stack, Processes.Result result) {
    return (result.out() + result.err()).contains(stack + " (no changes)");
  }

  static String lastLine(Processes.Result result) {
    List<String> lines =
        (result.err().isBlank() ? result.out() : result.err())
            .lines()
            .filter(line -> !line.isBlank())
            .toList();
    return lines.isEmpty() ? "exit " + result.exit() : lines.getLast().strip();
  }
}
