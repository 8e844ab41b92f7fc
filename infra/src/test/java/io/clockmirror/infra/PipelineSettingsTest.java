package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clockmirror.infra.settings.EnvironmentSettings;
import io.clockmirror.infra.settings.PipelineSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineSettingsTest {

  private static final Object ENVIRONMENTS = Synth.CDK_JSON.get(EnvironmentSettings.CONTEXT_KEY);

  @Test
  void cdkJsonPromotesDevThenProdWithTheApprovalBeforeProd() {
    PipelineSettings settings =
        PipelineSettings.fromContext(
            Synth.CDK_JSON.get(PipelineSettings.CONTEXT_KEY), ENVIRONMENTS);

    assertThat(settings.environments()).containsExactly("dev", "prod");
    assertThat(settings.approvalBefore()).containsExactly("prod");
    assertThat(settings.accounts()).isEmpty();
    assertThat(settings.first()).isEqualTo("dev");
    assertThat(settings.approvalBefore("dev")).isFalse();
    assertThat(settings.approvalBefore("prod")).isTrue();
    assertThat(settings.previous("prod")).contains("dev");
    assertThat(settings.previous("dev")).isEmpty();
  }

  @Test
  void oneEnvironmentAloneNeedsNoApproval() {
    PipelineSettings settings =
        PipelineSettings.fromContext(Map.of("environments", List.of("dev")), ENVIRONMENTS);

    assertThat(settings.environments()).containsExactly("dev");
    assertThat(settings.approvalBefore()).isEmpty();
    assertThat(settings.account("dev")).isEmpty();
  }

  @Test
  void anAccountPerEnvironmentIsOptional() {
    PipelineSettings settings =
        PipelineSettings.fromContext(
            Map.of(
                "environments",
                List.of("dev", "prod"),
                "approvalBefore",
                List.of("prod"),
                "accounts",
                Map.of("dev", "111111111111", "prod", "222222222222")),
            ENVIRONMENTS);

    assertThat(settings.account("dev")).contains("111111111111");
    assertThat(settings.account("prod")).contains("222222222222");
  }

  @Test
  void rejectsWhatCannotBeAPromotionOrder() {
    assertThatThrownBy(() -> PipelineSettings.fromContext(null, ENVIRONMENTS))
        .hasMessageContaining(PipelineSettings.CONTEXT_KEY);
    assertThatThrownBy(() -> settings(List.of(), List.of(), Map.of()))
        .hasMessageContaining("at least one environment");
    assertThatThrownBy(() -> settings(List.of("dev", "dev"), List.of(), Map.of()))
        .hasMessageContaining("more than once: dev");
    assertThatThrownBy(() -> settings(List.of("dev", "staging"), List.of(), Map.of()))
        .hasMessageContaining("'staging' is not in " + EnvironmentSettings.CONTEXT_KEY);
    assertThatThrownBy(() -> settings(List.of("dev"), List.of("prod"), Map.of()))
        .hasMessageContaining("approval before 'prod', which the pipeline does not deploy");
    assertThatThrownBy(() -> settings(List.of("dev"), List.of(), Map.of("prod", "222222222222")))
        .hasMessageContaining("account for 'prod', which the pipeline does not deploy");
    assertThatThrownBy(() -> settings(List.of("dev"), List.of(), Map.of("dev", "12345")))
        .hasMessageContaining("not an AWS account id: 12345");
    // Another account's repository must be told which account the pipeline pushes from.
    assertThatThrownBy(
            () -> settings(List.of("dev", "prod"), List.of(), Map.of("prod", "222222222222")))
        .hasMessageContaining("give the first environment's account (dev)");
    assertThatThrownBy(
            () -> PipelineSettings.fromContext(Map.of("environments", "dev"), ENVIRONMENTS))
        .hasMessageContaining("'environments' must be a list");
  }

  @Test
  void twoEnvironmentsInAnotherRegionThanTheFirstStillHaveOnePipelineRegion() {
    PipelineSettings settings = settings(List.of("prod", "dev"), List.of(), Map.of());
    assertThat(settings.first()).isEqualTo("prod");
    assertThat(settings.previous("dev")).isEqualTo(Optional.of("prod"));
  }

  private static PipelineSettings settings(
      List<String> environments, List<String> approvals, Map<String, String> accounts) {
    return PipelineSettings.fromContext(
        Map.of("environments", environments, "approvalBefore", approvals, "accounts", accounts),
        ENVIRONMENTS);
  }
}
