package io.clockmirror.cli;

/**
 * What a {@code clockmirror} exit status means. Scripts may branch on these; {@code cli/README.md}
 * lists them and a test keeps that list equal to this one.
 */
public enum ExitCode {
  OK(0, "done (or nothing to do)"),
  STEP_FAILED(1, "a step failed: a tool or AWS said no; the line above names the step and the fix"),
  USAGE(2, "bad command line: unknown verb, option or missing argument"),
  SETTINGS(
      3,
      "the environment is not in infra/cdk.json, or credentials are for another account or region"),
  CREDENTIALS(4, "no AWS credentials, or they have expired"),
  TOOL_MISSING(
      5, "a tool is missing: aws, node/npm (CDK CLI), docker/podman/buildah, git, jq, JDK 25"),
  STACK_STATE(6, "a stack is in a failed or in-progress state that needs a person first"),
  NOT_CONFIRMED(7, "destroy was not confirmed (answered no, or no terminal and no --yes)"),
  ACTION_NEEDED(8, "waiting for a person: e.g. the GitHub connection handshake in the console"),
  INTERRUPTED(130, "interrupted (Ctrl-C): run the same command again to continue");

  private final int status;
  private final String meaning;

  ExitCode(int status, String meaning) {
    this.status = status;
    this.meaning = meaning;
  }

  public int status() {
    return status;
  }

  public String meaning() {
    return meaning;
  }
}
