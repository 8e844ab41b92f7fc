package io.clockmirror.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code logs <env>}: the service's log group through {@code aws logs tail}, made readable. */
final class Logs {

  // What aws logs tail accepts: a number and one unit (or an ISO 8601 time).
  private static final Pattern SINCE =
      Pattern.compile("[0-9]+[smhdw]|[0-9]{4}-[0-9]{2}-[0-9]{2}.*");

  private final Session session;

  Logs(Session session) {
    this.session = session;
  }

  ExitCode run(String since, boolean follow) {
    if (!SINCE.matcher(since).matches()) {
      throw new Failure(
          ExitCode.USAGE,
          "--since "
              + since
              + " is not a time: a number and one of s, m, h, d, w, or an ISO 8601 time",
          "e.g. --since 10m or --since 2026-12-01T10:00:00");
    }
    Identity.check(session);
    String group =
        session
            .stacks()
            .find(session.names().appStack())
            .map(
                stack ->
                    stack
                        .outputs()
                        .getOrDefault(Names.LOG_GROUP_OUTPUT, session.names().containerLogGroup()))
            .orElse(session.names().containerLogGroup());
    List<String> command =
        new ArrayList<>(
            List.of(
                "aws",
                "logs",
                "tail",
                group,
                "--since",
                since,
                "--format",
                "detailed",
                "--region",
                session.target().region()));
    if (follow) {
      command.add("--follow");
    }
    var out = session.context().out();
    Processes.Result result =
        session.run(Map.of(), command, null, line -> out.println(LogLine.render(line)));
    if (!result.ok()) {
      if (result.err().contains("ResourceNotFoundException")) {
        throw Failure.stepFailed(
            "there is no log group " + group + " in " + session.target().region(),
            "deploy first: ./clockmirror deploy " + session.target().name());
      }
      throw Failure.stepFailed(
          "aws logs tail failed: " + result.tail(1), "see " + session.processes().transcript());
    }
    return ExitCode.OK;
  }
}
