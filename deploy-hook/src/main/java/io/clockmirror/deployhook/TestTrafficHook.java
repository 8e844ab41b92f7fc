package io.clockmirror.deployhook;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * The ECS deployment lifecycle hook (Lambda handler {@code
 * io.clockmirror.deployhook.TestTrafficHook::handleRequest}): runs the smoke checks against the new
 * revision through the test listener rule and answers {@code {"hookStatus":"SUCCEEDED"}} only when
 * every check passed, {@code FAILED} (ECS rolls back) for anything else — a wrong or missing
 * answer, a timeout, readiness never 200, missing configuration, an unreadable event. The reason is
 * the last line of the function's log.
 */
public final class TestTrafficHook implements RequestStreamHandler {

  static final String SUCCEEDED = "SUCCEEDED";
  static final String FAILED = "FAILED";

  private final Map<String, String> env;
  private final Log log;

  /** The constructor Lambda calls: configuration from the function's environment. */
  public TestTrafficHook() {
    this(System.getenv(), System.out);
  }

  TestTrafficHook(Map<String, String> env, PrintStream out) {
    this.env = Map.copyOf(env);
    this.log = new Log(out, out, env.get("TEST_HEADER_VALUE"));
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    String status = decide(input.readAllBytes());
    output.write(JSON.std.asBytes(Map.of("hookStatus", status)));
    output.flush();
  }

  /** The hook status for one event; never SUCCEEDED unless the checks ran and passed. */
  String decide(byte[] payload) {
    Outcome outcome;
    try {
      outcome = check(payload);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = Outcome.fail("interrupted");
    } catch (RuntimeException e) {
      outcome = Outcome.fail("unexpected error: " + e);
    }
    if (outcome.passed()) {
      log.info("hookStatus " + SUCCEEDED + ": every check passed");
      return SUCCEEDED;
    }
    log.failure("hookStatus " + FAILED + ": " + outcome.reason());
    return FAILED;
  }

  private Outcome check(byte[] payload) throws InterruptedException {
    HookEvent event;
    CheckSettings settings;
    try {
      event = HookEvent.parse(payload);
      settings = CheckSettings.forHook(env);
    } catch (IllegalArgumentException e) {
      return Outcome.fail(e.getMessage());
    }
    log.info(
        "checking "
            + settings.baseUrl()
            + " for image "
            + settings.expectedImageTag().orElseThrow()
            + " (stage "
            + event.lifecycleStage()
            + ", revision "
            + event.targetServiceRevisionArn()
            + (settings.header().isPresent() ? ", with the test header" : "")
            + ")");
    return new SmokeChecks(settings, log).run();
  }
}
