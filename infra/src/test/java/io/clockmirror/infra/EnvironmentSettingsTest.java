package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clockmirror.infra.settings.CpuArchitectureChoice;
import io.clockmirror.infra.settings.EnvironmentSettings;
import io.clockmirror.infra.settings.SsmOverridable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironmentSettingsTest {

  private static final Object ENVIRONMENTS = Synth.CDK_JSON.get(EnvironmentSettings.CONTEXT_KEY);

  @Test
  void readsTheDevEnvironmentFromCdkJson() {
    EnvironmentSettings dev = EnvironmentSettings.fromContext("dev", ENVIRONMENTS);

    assertThat(dev.names().prefix()).isEqualTo("dev-clockmirror");
    assertThat(dev.cpu()).isEqualTo(256);
    assertThat(dev.memoryMiB()).isEqualTo(512);
    assertThat(dev.cpuArchitecture()).isEqualTo(CpuArchitectureChoice.X86_64);
    assertThat(dev.allowedCidrs()).containsExactly("0.0.0.0/0");
    assertThat(dev.certificateArn()).isEmpty();
    assertThat(dev.ssmOverrides()).isEmpty();
  }

  @Test
  void namesTheSsmParameterOfAnOverride() {
    EnvironmentSettings prod = EnvironmentSettings.fromContext("prod", ENVIRONMENTS);

    assertThat(prod.names().ssmParameter(SsmOverridable.MAX_CAPACITY))
        .isEqualTo("/clockmirror/prod/maxCapacity");
  }

  @Test
  void readsOverridesAndACertificateWhenGiven() {
    Map<Object, Object> values = dev();
    values.put("ssmOverrides", List.of("minCapacity", "maxCapacity"));
    values.put("certificateArn", Synth.CERTIFICATE_ARN);
    values.put("cpuArchitecture", "arm64");
    // Fargate Spot, dev's choice, runs X86_64 only.
    values.put("cost", Map.of("network", "PUBLIC", "capacity", "FARGATE"));

    EnvironmentSettings settings = EnvironmentSettings.fromContext("dev", Map.of("dev", values));

    assertThat(settings.ssmOverrides())
        .containsExactlyInAnyOrder(SsmOverridable.MIN_CAPACITY, SsmOverridable.MAX_CAPACITY);
    assertThat(settings.certificateArn()).contains(Synth.CERTIFICATE_ARN);
    assertThat(settings.cpuArchitecture()).isEqualTo(CpuArchitectureChoice.ARM64);
  }

  @Test
  void rejectsAnUnknownEnvironment() {
    assertThatThrownBy(() -> EnvironmentSettings.fromContext("qa", ENVIRONMENTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown environment 'qa'");
  }

  @Test
  void rejectsAMissingSetting() {
    Map<Object, Object> values = dev();
    values.remove("region");

    assertThatThrownBy(() -> EnvironmentSettings.fromContext("dev", Map.of("dev", values)))
        .hasMessageContaining("'region' is missing");
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = ';',
      quoteCharacter = '"',
      value = {
        "memoryMiB; 3000; no task size of 256 CPU units with 3000 MiB",
        "cpu; 300; no task size of 300 CPU units",
        "minCapacity; 0; minCapacity must be at least 1",
        "maxCapacity; 0; maxCapacity 0 is below minCapacity 1",
        "cpuTargetPercent; 95; cpuTargetPercent must be 10..90",
        "logRetentionDays; 10; does not offer a retention of 10 days",
        "keepImages; 0; keepImages must be at least 1",
        "max5xxPercent; 0; max5xxPercent must be 1..100",
        "region; Ireland; not an AWS region",
        "allowedCidrs; 10.0.0.0/33; not an IPv4 CIDR: 10.0.0.0/33",
        "allowedCidrs; 256.0.0.0/8; not an IPv4 CIDR",
        "certificateArn; arn:aws:iam::123456789012:role/x; not an ACM certificate ARN",
        "ssmOverrides; cpu; 'cpu' cannot be read from SSM",
        "cpuArchitecture; sparc; cpuArchitecture must be one of [ARM64, X86_64]: sparc",
      })
  void rejectsAnInvalidSetting(String key, String value, String message) {
    Map<Object, Object> values = dev();
    Object original = values.get(key);
    values.put(
        key,
        original instanceof Number
            ? Integer.valueOf(value)
            : original instanceof List<?> ? List.of(value) : value);

    assertThatThrownBy(() -> EnvironmentSettings.fromContext("dev", Map.of("dev", values)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void rejectsAnEnvironmentNameThatCannotPrefixResourceNames() {
    Map<Object, Object> values = dev();

    assertThatThrownBy(() -> EnvironmentSettings.fromContext("Dev_1", Map.of("Dev_1", values)))
        .hasMessageContaining("name must match");
  }

  private static Map<Object, Object> dev() {
    return new HashMap<>((Map<?, ?>) ((Map<?, ?>) ENVIRONMENTS).get("dev"));
  }
}
