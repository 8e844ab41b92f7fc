package io.clockmirror.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pipeline}: the one-time pipeline stack in the first environment's account and region
 * (docs/cicd.md, One-time bootstrap): the GitHub connection (whose handshake only a person can do,
 * in the console), the stack, then the state of its runs.
 */
final class Pipeline {

  static final String CONNECTION_NAME = "clockmirror";

  private static final Pattern GITHUB_REMOTE =
      Pattern.compile("(?:git@github\\.com:|https://github\\.com/)([^/]+/[^/]+?)(?:\\.git)?/?");

  private final Session session;

  Pipeline(Session session) {
    this.session = session;
  }

  ExitCode run(
      Optional<String> repositoryOption, String branch, Optional<String> connectionOption) {
    var out = session.context().out();
    Progress progress = new Progress(out, 4);
    Identity[] identity = new Identity[1];
    progress.step(
        "caller identity",
        () -> {
          identity[0] = Identity.check(session);
          return Progress.Outcome.unchanged(identity[0].describe(session.target()));
        });
    progress.step("CDK bootstrap", () -> bootstrap(identity[0]));
    String[] connection = new String[1];
    Progress.Outcome connectionOutcome =
        progress.step("GitHub connection", () -> connection(connectionOption, connection));
    if (!connectionOutcome.detail().startsWith("AVAILABLE")) {
      throw new Failure(
          ExitCode.ACTION_NEEDED,
          "the connection "
              + connection[0]
              + " waits for its GitHub handshake, which only the console can do",
          "open https://console.aws.amazon.com/codesuite/settings/connections?region="
              + session.target().region()
              + ", choose '"
              + CONNECTION_NAME
              + "', Update pending connection, install or choose the GitHub app; then run"
              + " ./clockmirror pipeline again");
    }
    String repository = repositoryOption.orElseGet(this::originRepository);
    progress.step(
        "pipeline stack",
        () -> {
          Cdk.Deployed deployed = deployStack(connection[0], repository, branch);
          return new Progress.Outcome(
              deployed.changed(), Names.PIPELINE_STACK + " watches " + repository + "@" + branch);
        });
    out.println();
    out.println(Names.PIPELINE_STACK + ", its stages now:");
    Map<String, Object> state =
        session.aws().json("codepipeline", "get-pipeline-state", "--name", Names.PIPELINE_STACK);
    for (Map<String, Object> stage : Json.objects(state, "stageStates")) {
      out.printf(
          java.util.Locale.ROOT,
          "  %-20s %s%n",
          stage.get("stageName"),
          Json.string(stage, "latestExecution", "status").orElse("not run yet"));
    }
    out.println("push to " + branch + " (or Release change in the console) to start a run");
    return ExitCode.OK;
  }

  private Progress.Outcome bootstrap(Identity identity) {
    Optional<Stack> toolkit = session.stacks().find(Names.BOOTSTRAP_STACK);
    if (toolkit.isPresent() && toolkit.get().condition() == Stack.Condition.STABLE) {
      return Progress.Outcome.unchanged(Names.BOOTSTRAP_STACK + " is " + toolkit.get().status());
    }
    String where = "aws://" + identity.account() + "/" + session.target().region();
    new Cdk(session).run("cdk bootstrap " + where, List.of("bootstrap", where, "--no-notices"));
    return Progress.Outcome.changed("bootstrapped " + where);
  }

  private Progress.Outcome connection(Optional<String> given, String[] arn) {
    Aws aws = session.aws();
    if (given.isPresent()) {
      arn[0] = given.get();
      String status =
          Json.string(
                  aws.json("codeconnections", "get-connection", "--connection-arn", arn[0]),
                  "Connection",
                  "ConnectionStatus")
              .orElse("?");
      return Progress.Outcome.unchanged(status + ": " + arn[0]);
    }
    Optional<Map<String, Object>> existing =
        Json.objects(
                aws.json("codeconnections", "list-connections", "--provider-type-filter", "GitHub"),
                "Connections")
            .stream()
            .filter(found -> CONNECTION_NAME.equals(found.get("ConnectionName")))
            .findFirst();
    if (existing.isPresent()) {
      arn[0] = String.valueOf(existing.get().get("ConnectionArn"));
      return Progress.Outcome.unchanged(
          Json.string(existing.get(), "ConnectionStatus").orElse("?") + ": " + arn[0]);
    }
    Map<String, Object> created =
        aws.json(
            "codeconnections",
            "create-connection",
            "--provider-type",
            "GitHub",
            "--connection-name",
            CONNECTION_NAME);
    arn[0] = Json.string(created, "ConnectionArn").orElse("?");
    return Progress.Outcome.changed("PENDING: created " + arn[0]);
  }

  private Cdk.Deployed deployStack(String connection, String repository, String branch) {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("-c", "connectionArn=" + connection));
    args.addAll(List.of("-c", "repository=" + repository));
    args.addAll(List.of("-c", "branch=" + branch));
    Path outputs =
        session.project().workDirectory().resolve("pipeline-outputs.json").toAbsolutePath();
    Stacks stacks = session.stacks();
    stacks
        .settled(Names.PIPELINE_STACK, text -> session.context().out().println("      " + text))
        .flatMap(stack -> stack.problem("run ./clockmirror pipeline again"))
        .ifPresent(
            failure -> {
              throw failure;
            });
    return new Cdk(session).deploy(Names.PIPELINE_STACK, outputs, args);
  }

  /** owner/name of the checkout's GitHub remote {@code origin}. */
  private String originRepository() {
    Processes.Result remote = session.run(Map.of(), List.of("git", "remote", "get-url", "origin"));
    Matcher matcher = GITHUB_REMOTE.matcher(remote.out().strip());
    if (!remote.ok() || !matcher.matches()) {
      throw new Failure(
          ExitCode.USAGE,
          "cannot tell the GitHub repository: origin is '" + remote.out().strip() + "'",
          "name it: ./clockmirror pipeline --repository <owner>/<name>");
    }
    return matcher.group(1);
  }
}
