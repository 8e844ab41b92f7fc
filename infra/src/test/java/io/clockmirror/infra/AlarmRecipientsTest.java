package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clockmirror.infra.settings.EnvironmentSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

/**
 * Alarms that reach nobody are said so: a warning on every synthesis of such an environment and of
 * a pipeline whose failures reach nobody, and a refusal for an environment deployed after an
 * approval unless {@code operations.notifyNobody} states it on purpose.
 */
class AlarmRecipientsTest {

  private static final String NOBODY = ".*alarms notify nobody.*";

  @Test
  void anEnvironmentWhoseAlarmsReachNobodySaysSoOnEverySynthesis() {
    for (String env : List.of("dev", "prod")) {
      Stack app = Synth.app().environment(env).app();
      Annotations.fromStack(app).hasWarning("*", Match.stringLikeRegexp(NOBODY));
    }
    Annotations.fromStack(Synth.pipeline())
        .hasWarning("*", Match.stringLikeRegexp(".*a failed pipeline run notifies nobody.*"));
  }

  @Test
  void anEnvironmentWithSubscribersDoesNot() {
    Annotations.fromStack(Synth.variant().app()).hasNoWarning("*", Match.stringLikeRegexp(NOBODY));
    Annotations.fromStack(Synth.variantApp().pipeline().orElseThrow())
        .hasNoWarning("*", Match.stringLikeRegexp(".*notifies nobody.*"));
  }

  @Test
  void anEnvironmentDeployedAfterAnApprovalRefusesSilentAlarmsUnlessStatedOnPurpose()
      throws Exception {
    Map<String, Object> context = copyOf(Synth.CDK_JSON);
    Map<String, Object> prod =
        Json.map(Json.map(context.get(EnvironmentSettings.CONTEXT_KEY)).get("prod"));
    Json.map(prod.get("operations")).remove("notifyNobody");

    assertThatThrownBy(() -> InfraApp.stacks(App.Builder.create().context(context).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prod's alarms notify nobody")
        .hasMessageContaining("operations.alarmEmails or operations.slack")
        .hasMessageContaining("operations.notifyNobody");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> copyOf(Map<String, Object> context) throws Exception {
    ObjectMapper json = new ObjectMapper();
    return json.readValue(json.writeValueAsString(context), Map.class);
  }
}
