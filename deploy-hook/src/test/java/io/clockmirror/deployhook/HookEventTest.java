package io.clockmirror.deployhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HookEventTest {

  /** The shape ECS sends to a Lambda hook (see docs/deploy-hook.md for the sources). */
  static final String EVENT =
      """
      {
        "executionId": "arn:aws:ecs:eu-west-1:123456789012:service-deployment/c/s/abc",
        "lifecycleStage": "POST_TEST_TRAFFIC_SHIFT",
        "resourceArn": "arn:aws:ecs:eu-west-1:123456789012:service-deployment/c/s/abc",
        "executionDetails": {
          "serviceArn": "arn:aws:ecs:eu-west-1:123456789012:service/c/s",
          "targetServiceRevisionArn": "arn:aws:ecs:eu-west-1:123456789012:service-revision/c/s/2",
          "testTrafficWeights": {"arn:aws:ecs:eu-west-1:123456789012:service-revision/c/s/2": 100},
          "productionTrafficWeights": {"arn:aws:ecs:eu-west-1:123456789012:service-revision/c/s/1": 100}
        }
      }
      """;

  private static HookEvent parse(String json) {
    return HookEvent.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheStageAndTheRevisionUnderTest() {
    assertThat(parse(EVENT))
        .isEqualTo(
            new HookEvent(
                "POST_TEST_TRAFFIC_SHIFT",
                "arn:aws:ecs:eu-west-1:123456789012:service-revision/c/s/2"));
  }

  @Test
  void acceptsTheDocumentedFlatPayload() {
    assertThat(parse("{\"targetServiceRevisionArn\":\"arn:r/2\"}"))
        .isEqualTo(new HookEvent(HookEvent.UNKNOWN, "arn:r/2"));
  }

  @Test
  void anObjectWithoutTheFieldsIsStillAnEvent() {
    assertThat(parse("{}")).isEqualTo(new HookEvent(HookEvent.UNKNOWN, HookEvent.UNKNOWN));
    assertThat(parse("{\"lifecycleStage\":7,\"executionDetails\":\"x\"}"))
        .isEqualTo(new HookEvent(HookEvent.UNKNOWN, HookEvent.UNKNOWN));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "{\"a\":}", "nope"})
  void textThatIsNotJsonIsRefused(String payload) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> parse(payload))
        .withMessageStartingWith("the event is not JSON");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"TEST_TRAFFIC_SHIFT\"", "42", "null"})
  void jsonThatIsNotAnObjectIsRefused(String payload) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> parse(payload))
        .withMessage("the event is not a JSON object");
  }
}
