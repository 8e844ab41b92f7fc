package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentSettingsTest {

  private static final Object ENVIRONMENTS =
      CdkJsonContext.read(Path.of(System.getProperty(InfraApp.CDK_JSON_PROPERTY)))
          .get(EnvironmentSettings.CONTEXT_KEY);

  @Test
  void readsTheDevEnvironmentFromCdkJson() {
    EnvironmentSettings dev = EnvironmentSettings.fromContext("dev", ENVIRONMENTS);

    assertThat(dev.prefix()).isEqualTo("dev-clockmirror");
    assertThat(dev.cpu()).isEqualTo(256);
    assertThat(dev.memoryMiB()).isEqualTo(512);
    assertThat(dev.certificateArn()).isEmpty();
  }

  @Test
  void rejectsAnUnknownEnvironment() {
    assertThatThrownBy(() -> EnvironmentSettings.fromContext("qa", ENVIRONMENTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown environment 'qa'");
  }

  @Test
  void rejectsATaskSizeFargateDoesNotOffer() {
    Map<?, ?> dev = (Map<?, ?>) ((Map<?, ?>) ENVIRONMENTS).get("dev");
    Map<Object, Object> odd = new HashMap<>(dev);
    odd.put("memoryMiB", 3000);

    assertThatThrownBy(() -> EnvironmentSettings.fromContext("dev", Map.of("dev", odd)))
        .hasMessageContaining("no task size of 256 CPU units with 3000 MiB");
  }
}
