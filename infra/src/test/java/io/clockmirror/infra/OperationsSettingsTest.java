package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clockmirror.infra.constructs.ServiceMetrics;
import io.clockmirror.infra.settings.EnvironmentSettings;
import io.clockmirror.infra.settings.OperationsSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code "operations"} object of an environment in {@code cdk.json}. */
class OperationsSettingsTest {

  private static final Object ENVIRONMENTS = Synth.CDK_JSON.get(EnvironmentSettings.CONTEXT_KEY);

  @Test
  void devWritesServiceMetricsAndHasNoFirewall() {
    OperationsSettings dev = EnvironmentSettings.fromContext("dev", ENVIRONMENTS).operations();

    assertThat(dev.serviceMetrics()).isEqualTo(ServiceMetrics.EMF);
    assertThat(dev.waf().enabled()).isFalse();
    assertThat(dev.alarmEmails()).isEmpty();
    assertThat(dev.slack()).isEmpty();
  }

  @Test
  void prodHasTheFirewallWithARateLimitAndKeepsItsLogsLonger() {
    OperationsSettings prod = EnvironmentSettings.fromContext("prod", ENVIRONMENTS).operations();

    assertThat(prod.serviceMetrics()).isEqualTo(ServiceMetrics.EMF);
    assertThat(prod.waf()).isEqualTo(new OperationsSettings.Waf(true, 2000, 500, 90));
    assertThat(prod.highCpu()).isEqualTo(new OperationsSettings.HighCpu(80, 10));
  }

  @Test
  void readsSubscriptionsWhenGiven() {
    Map<String, Object> operations = devOperations();
    operations.put("alarmEmails", List.of("oncall@example.com"));
    operations.put("slack", Map.of("workspaceId", "T0123ABCDE", "channelId", "C0123ABCDE"));
    operations.put("serviceMetrics", "none");

    OperationsSettings settings = OperationsSettings.fromContext(operations);

    assertThat(settings.alarmEmails()).containsExactly("oncall@example.com");
    assertThat(settings.slack()).contains(new OperationsSettings.Slack("T0123ABCDE", "C0123ABCDE"));
    assertThat(settings.serviceMetrics()).isEqualTo(ServiceMetrics.NONE);
  }

  @Test
  void anEnvironmentWithoutOperationsIsRejected() {
    Map<Object, Object> values = new HashMap<>((Map<?, ?>) ((Map<?, ?>) ENVIRONMENTS).get("dev"));
    values.remove(OperationsSettings.KEY);

    assertThatThrownBy(() -> EnvironmentSettings.fromContext("dev", Map.of("dev", values)))
        .hasMessageContaining("'operations' is missing");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      quoteCharacter = '"',
      value = {
        "serviceMetrics=AGENT; serviceMetrics must be one of [EMF, NONE]: AGENT",
        "alarmEmails=oncall.example.com; not an address: oncall.example.com",
        "alarmEmails=a@example.com,b@example.com; not an address: a@example.com,b@example.com",
        "waf.rateLimitPer5Minutes=5; rateLimitPer5Minutes must be 10..2000000000: 5",
        "waf.logRetentionDays=10; waf.logRetentionDays: CloudWatch Logs does not offer 10",
        "waf.blockedRequestsAlarm=0; blockedRequestsAlarm must be positive",
        "waf.enabled=yes; 'operations.waf.enabled' must be true/false",
        "highCpu.percent=0; highCpu.percent must be 1..100: 0",
        "highCpu.minutes=2000; highCpu.minutes must be 1..1440: 2000",
        "slack.workspaceId=workspace; operations.slack.workspaceId is not a Slack ID: workspace",
        "waf.rateLimitPer5Minutes=; 'operations.waf.rateLimitPer5Minutes' is missing",
        "notifyNobody=true; notifyNobody is true, but alarmEmails or slack names someone",
        "notifyNobody=maybe; 'operations.notifyNobody' must be true/false",
      })
  void rejectsAnInvalidSetting(String change, String message) {
    Map<String, Object> operations = devOperations();
    operations.put(
        "slack", new HashMap<>(Map.of("workspaceId", "T0123ABCDE", "channelId", "C0123ABCDE")));
    apply(operations, change);

    assertThatThrownBy(() -> OperationsSettings.fromContext(operations))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void anAddressListedTwiceIsRejected() {
    assertThatThrownBy(
            () ->
                new OperationsSettings(
                    ServiceMetrics.EMF,
                    List.of("a@example.com", "a@example.com"),
                    Optional.empty(),
                    false,
                    new OperationsSettings.Waf(false, 100, 1, 14),
                    new OperationsSettings.HighCpu(80, 5)))
        .hasMessageContaining("lists an address twice");
  }

  /** {@code path=value}: a number, a boolean, a list (comma-separated) or text; empty removes. */
  @SuppressWarnings("unchecked")
  private static void apply(Map<String, Object> operations, String change) {
    String[] pathAndValue = change.split("=", 2);
    String[] path = pathAndValue[0].split("\\.", -1);
    Map<String, Object> target = operations;
    for (int i = 0; i < path.length - 1; i++) {
      target = (Map<String, Object>) target.get(path[i]);
    }
    String key = path[path.length - 1];
    String value = pathAndValue[1];
    Object original = target.get(key);
    if (value.isEmpty()) {
      target.remove(key);
    } else if (value.equals("true") || value.equals("false")) {
      target.put(key, Boolean.valueOf(value));
    } else if (original instanceof Number && value.matches("-?\\d+")) {
      target.put(key, Long.valueOf(value));
    } else if (original instanceof List<?>) {
      target.put(key, List.of(value));
    } else {
      target.put(key, value);
    }
  }

  /** A deep, modifiable copy of dev's operations object. */
  private static Map<String, Object> devOperations() {
    Map<?, ?> dev = (Map<?, ?>) ((Map<?, ?>) ENVIRONMENTS).get("dev");
    return copy((Map<?, ?>) dev.get(OperationsSettings.KEY));
  }

  private static Map<String, Object> copy(Map<?, ?> source) {
    Map<String, Object> copy = new HashMap<>();
    source.forEach(
        (key, value) ->
            copy.put(String.valueOf(key), value instanceof Map<?, ?> map ? copy(map) : value));
    return copy;
  }
}
