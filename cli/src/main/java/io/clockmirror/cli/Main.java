package io.clockmirror.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./clockmirror}: the user's verbs on AWS. Each verb is a subcommand; a {@link Failure}
 * becomes one line and its fix on stderr, and its {@link ExitCode}.
 */
@Command(
    name = "clockmirror",
    mixinStandardHelpOptions = true,
    version = "clockmirror command line",
    description = {
      "From an empty AWS account to a URL with one command, and back to nothing with one more.",
      "Runs the pipeline's own build, publish and deploy steps with your credentials."
    },
    subcommands = {
      Main.DeployCommand.class,
      Main.PipelineCommand.class,
      Main.StatusCommand.class,
      Main.LogsCommand.class,
      Main.DestroyCommand.class
    })
public final class Main implements Runnable {

  private final Context context;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  Main(Context context) {
    this.context = context;
  }

  public static void main(String[] args) {
    Map<String, String> environment = System.getenv();
    Path root =
        Path.of(
            System.getProperty(
                "clockmirror.root", environment.getOrDefault("CLOCKMIRROR_ROOT", ".")));
    Duration poll =
        Duration.ofMillis(
            (long)
                (1000
                    * Double.parseDouble(
                        environment.getOrDefault("CLOCKMIRROR_POLL_SECONDS", "15"))));
    Context context =
        new Context(
            new Project(root.toAbsolutePath().normalize()),
            environment,
            System.out,
            System.err,
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
            System.console() != null,
            poll);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> interrupted(context)));
    System.exit(run(context, args));
  }

  /** Runs one command line; the exit status. */
  public static int run(Context context, String... args) {
    CommandLine commandLine =
        new CommandLine(
            new Main(context),
            new CommandLine.IFactory() {
              @Override
              public <K> K create(Class<K> type) throws Exception {
                return CommandLine.defaultFactory().create(type);
              }
            });
    commandLine.setOut(new PrintWriter(context.out(), true));
    commandLine.setErr(new PrintWriter(context.err(), true));
    Map<String, String> codes = new LinkedHashMap<>();
    for (ExitCode code : ExitCode.values()) {
      codes.put(String.valueOf(code.status()), code.meaning());
    }
    for (CommandLine command : commandLine.getSubcommands().values()) {
      command
          .getCommandSpec()
          .usageMessage()
          .exitCodeListHeading("%nExit codes:%n")
          .exitCodeList(codes);
    }
    commandLine
        .getCommandSpec()
        .usageMessage()
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(codes);
    commandLine.setExitCodeExceptionMapper(
        exception ->
            exception instanceof Failure failure
                ? failure.code().status()
                : ExitCode.STEP_FAILED.status());
    commandLine.setExecutionExceptionHandler(
        (exception, command, parsed) -> {
          if (exception instanceof Failure failure) {
            context.err().println("clockmirror: " + failure.getMessage());
            context.err().println("  fix: " + failure.fix());
            return failure.code().status();
          }
          if (exception instanceof Aws.AwsError error) {
            context
                .err()
                .println("clockmirror: AWS refused: " + error.code() + ": " + error.getMessage());
            context
                .err()
                .println(
                    "  fix: check the credentials' permissions; the transcript in target/clockmirror/ has the call");
            return ExitCode.STEP_FAILED.status();
          }
          throw exception;
        });
    commandLine.setParameterExceptionHandler(
        (exception, parsed) -> {
          context.err().println("clockmirror: " + exception.getMessage());
          context
              .err()
              .println("  fix: see " + exception.getCommandLine().getCommandName() + " --help");
          return ExitCode.USAGE.status();
        });
    return commandLine.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a verb: deploy, pipeline, status, logs or destroy");
  }

  /** Ctrl-C: which step was under way, and that the next run goes on from there. */
  private static void interrupted(Context context) {
    String step = Progress.current();
    if (step == null) {
      return;
    }
    Processes.stopAll();
    context.err().println();
    context.err().println("clockmirror: interrupted during " + step);
    context
        .err()
        .println(
            "  fix: run the same command again: each step looks at what is there first and goes on"
                + " (CloudFormation finishes a stack change it had started by itself)");
  }

  /** Options every environment verb shares. */
  abstract static class Verb implements Callable<Integer> {
    @ParentCommand Main main;

    Session session(String verb, String environment) {
      return main.context.session(verb, environment);
    }
  }

  @Command(
      name = "deploy",
      mixinStandardHelpOptions = true,
      description = {
        "Deploys an environment from whatever is there (an empty account included) and prints its"
            + " URL and first /clock answer. Each step checks first: a second run changes"
            + " nothing, a run after a failure or Ctrl-C goes on.",
        "Steps: caller identity, service-linked roles, CDK bootstrap, repository stack, image,"
            + " app stack, service answers (docs/deploy.md)."
      })
  static final class DeployCommand extends Verb {
    @Parameters(
        arity = "0..1",
        paramLabel = "<env>",
        description = "an environment of infra/cdk.json, e.g. dev")
    String environment;

    @Option(
        names = "--steps",
        description = "print what each step does and its commands by hand, then stop")
    boolean steps;

    @Override
    public Integer call() {
      if (steps) {
        main.context.out().print(DeployStep.markdown());
        return 0;
      }
      if (environment == null) {
        throw new Failure(
            ExitCode.USAGE, "deploy needs an environment", "./clockmirror deploy dev");
      }
      return new Deploy(session("deploy", environment)).run().status();
    }
  }

  @Command(
      name = "pipeline",
      mixinStandardHelpOptions = true,
      description = {
        "Deploys the one delivery pipeline (clockmirror-pipeline) in the first environment's"
            + " account and region, with its GitHub connection; says what to click when the"
            + " connection waits for its handshake, then shows the pipeline's stages."
      })
  static final class PipelineCommand extends Verb {
    @Option(
        names = "--repository",
        paramLabel = "<owner/name>",
        description = "the GitHub repository to watch (default: origin's)")
    String repository;

    @Option(
        names = "--branch",
        defaultValue = "main",
        description = "the branch to watch (default: ${DEFAULT-VALUE})")
    String branch;

    @Option(
        names = "--connection-arn",
        paramLabel = "<arn>",
        description =
            "an existing CodeConnections connection (default: the one named clockmirror, made when missing)")
    String connection;

    @Override
    public Integer call() {
      var first = main.context.project().pipelineEnvironments().stream().findFirst();
      if (first.isEmpty()) {
        throw new Failure(
            ExitCode.SETTINGS,
            "infra/cdk.json lists no environments under clockmirror:pipeline",
            "name them in clockmirror:pipeline.environments (docs/cicd.md)");
      }
      return new Pipeline(session("pipeline", first.get()))
          .run(Optional.ofNullable(repository), branch, Optional.ofNullable(connection))
          .status();
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "Shows an environment: URL, the image tag and commit running, which target group is live,"
            + " a deployment under way and its stage, alarm states, tasks and scaling bounds, and"
            + " the idle monthly cost."
      })
  static final class StatusCommand extends Verb {
    @Parameters(paramLabel = "<env>", description = "an environment of infra/cdk.json")
    String environment;

    @Override
    public Integer call() {
      return new Status(session("status", environment)).run().status();
    }
  }

  @Command(
      name = "logs",
      mixinStandardHelpOptions = true,
      description = {"The service's log lines (aws logs tail), one readable line each."})
  static final class LogsCommand extends Verb {
    @Parameters(paramLabel = "<env>", description = "an environment of infra/cdk.json")
    String environment;

    @Option(
        names = "--since",
        defaultValue = "10m",
        description =
            "how far back: 30s, 10m, 2h, 1d, 1w or an ISO 8601 time (default: ${DEFAULT-VALUE})")
    String since;

    @Option(names = "--follow", description = "keep printing new lines until Ctrl-C")
    boolean follow;

    @Override
    public Integer call() {
      return new Logs(session("logs", environment)).run(since, follow).status();
    }
  }

  @Command(
      name = "destroy",
      mixinStandardHelpOptions = true,
      description = {
        "Deletes an environment's app and repository stacks and what they leave that costs money."
            + " Data kept on purpose (the image repository, the access-log bucket, log groups)"
            + " goes only with --delete-data. Everything is listed before it asks."
      })
  static final class DestroyCommand extends Verb {
    @Parameters(paramLabel = "<env>", description = "an environment of infra/cdk.json")
    String environment;

    @Option(
        names = "--delete-data",
        description = "also delete the images, access logs and log groups")
    boolean deleteData;

    @Option(names = "--yes", description = "do not ask (needed without a terminal)")
    boolean yes;

    @Override
    public Integer call() {
      return new Destroy(session("destroy", environment)).run(deleteData, yes).status();
    }
  }
}
