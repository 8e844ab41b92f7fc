package io.clockmirror.deployhook;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.Map;

/**
 * What the hook takes from the ECS lifecycle event, for its log: the stage and the revision under
 * test. The checks do not depend on them (the test URL comes from the environment), so an event
 * without them is accepted; one that is not a JSON object is not.
 */
record HookEvent(String lifecycleStage, String targetServiceRevisionArn) {

  static final String UNKNOWN = "unknown";

  static HookEvent parse(byte[] payload) {
    Object event;
    try {
      event = JSON.std.anyFrom(payload);
    } catch (IOException e) {
      throw new IllegalArgumentException("the event is not JSON: " + e.getMessage(), e);
    }
    if (!(event instanceof Map<?, ?> fields)) {
      throw new IllegalArgumentException("the event is not a JSON object");
    }
    Object details = fields.get("executionDetails");
    Map<?, ?> execution = details instanceof Map<?, ?> map ? map : Map.of();
    return new HookEvent(
        text(fields.get("lifecycleStage")),
        text(
            execution.containsKey("targetServiceRevisionArn")
                ? execution.get("targetServiceRevisionArn")
                : fields.get("targetServiceRevisionArn")));
  }

  private static String text(Object value) {
    return value instanceof String s && !s.isBlank() ? s : UNKNOWN;
  }
}
