package io.clockmirror.deployhook;

/** The verdict of the checks: passed, or the one reason they failed. */
record Outcome(boolean passed, String reason) {

  Outcome {
    if (!passed && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException("a failure needs a reason");
    }
  }

  static Outcome pass() {
    return new Outcome(true, "");
  }

  static Outcome fail(String reason) {
    return new Outcome(false, reason);
  }
}
