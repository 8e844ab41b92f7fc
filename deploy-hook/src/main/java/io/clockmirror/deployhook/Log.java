package io.clockmirror.deployhook;

import java.io.PrintStream;

/**
 * The lines the checks print: on Lambda, stdout and stderr go to CloudWatch Logs. Every line is one
 * line (a body quoted in a reason cannot split it), and the test header's value never appears: a
 * service that echoes request headers must not leak the secret of the test listener rule.
 */
final class Log {

  private static final String REDACTED = "[redacted]";

  private final PrintStream info;
  private final PrintStream failures;
  private final String secret;

  /** {@code secret} is the raw TEST_HEADER_VALUE, redacted even when it is invalid; may be null. */
  Log(PrintStream info, PrintStream failures, String secret) {
    this.info = info;
    this.failures = failures;
    this.secret = secret == null ? "" : secret;
  }

  void info(String line) {
    info.println(clean(line));
  }

  void failure(String line) {
    failures.println(clean(line));
  }

  String clean(String text) {
    String line = secret.isEmpty() ? text : text.replace(secret, REDACTED);
    return line.replaceAll("\\p{Cntrl}+", " ");
  }
}
