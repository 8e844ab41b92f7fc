package io.clockmirror.cli;

import java.util.Objects;

/**
 * Why a verb stopped, said in one line, with the fix: what the user sees instead of a stack trace.
 */
public final class Failure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ExitCode code;
  private final String fix;

  public Failure(ExitCode code, String message, String fix) {
    super(Objects.requireNonNull(message, "message"));
    this.code = Objects.requireNonNull(code, "code");
    this.fix = Objects.requireNonNull(fix, "fix");
  }

  public ExitCode code() {
    return code;
  }

  public String fix() {
    return fix;
  }

  static Failure stepFailed(String message, String fix) {
    return new Failure(ExitCode.STEP_FAILED, message, fix);
  }
}
