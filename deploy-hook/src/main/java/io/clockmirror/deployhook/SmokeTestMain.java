package io.clockmirror.deployhook;

import java.io.PrintStream;
import java.util.Map;

/**
 * The same checks from the command line: {@code java -jar deploy-hook.jar BASE_URL}. Exit 0 when
 * every check passed, 1 on the first failure (its reason on stderr after {@code SMOKE FAIL:}), 2 on
 * a usage error. Environment: SMOKE_ATTEMPTS, SMOKE_INTERVAL, EXPECTED_IMAGE_TAG,
 * CHECK_TIMEOUT_SECONDS, TEST_HEADER_NAME and TEST_HEADER_VALUE.
 */
public final class SmokeTestMain {

  private SmokeTestMain() {}

  public static void main(String[] args) throws InterruptedException {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err)
      throws InterruptedException {
    if (args.length != 1 || args[0].isBlank()) {
      err.println("usage: java -jar deploy-hook.jar BASE_URL");
      return 2;
    }
    Log log = new Log(out, err, env.get("TEST_HEADER_VALUE"));
    CheckSettings settings;
    try {
      settings = CheckSettings.forCommandLine(args[0], env);
    } catch (IllegalArgumentException e) {
      log.failure("SMOKE FAIL: " + e.getMessage());
      return 1;
    }
    Outcome outcome = new SmokeChecks(settings, log).run();
    if (!outcome.passed()) {
      log.failure("SMOKE FAIL: " + outcome.reason());
      return 1;
    }
    log.info("smoke test passed: " + settings.baseUrl());
    return 0;
  }
}
