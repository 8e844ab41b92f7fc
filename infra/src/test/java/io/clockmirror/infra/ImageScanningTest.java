package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.infra.app.EcrStack;
import io.clockmirror.infra.app.EcrStackProps;
import io.clockmirror.infra.settings.PipelineSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * ECR enhanced scanning (Amazon Inspector) of the project's repositories, one registry scanning
 * configuration per account and region, and the alarm on CRITICAL findings (docs/supply-chain.md).
 */
class ImageScanningTest {

  private static final String SCANNING = "AWS::ECR::RegistryScanningConfiguration";

  @Test
  void oneRegistryScanningConfigurationPerAccountAndRegionInTheFirstEnvironmentsRepositoryStack() {
    InfraAppStacks app = Synth.app();
    Map<String, Object> scanning = onlyOne(Synth.template(app.environment("dev").ecr()), SCANNING);
    assertThat(Synth.template(app.environment("prod").ecr()).findResources(SCANNING)).isEmpty();
    assertThat(scanning).containsEntry("DeletionPolicy", "Retain");
    assertThat(Json.map(scanning.get("Properties")))
        .isEqualTo(
            Map.of(
                "ScanType",
                "ENHANCED",
                "Rules",
                List.of(
                    Map.of(
                        "ScanFrequency",
                        "CONTINUOUS_SCAN",
                        "RepositoryFilters",
                        List.of(Map.of("Filter", "*-clockmirror", "FilterType", "WILDCARD"))))));
  }

  @Test
  void anEnvironmentSynthesizedAloneHoldsTheConfigurationExactlyWhenItDoesWithTheOthers() {
    assertThat(Synth.template(Synth.environment("dev").ecr()).findResources(SCANNING)).hasSize(1);
    assertThat(Synth.template(Synth.environment("prod").ecr()).findResources(SCANNING)).isEmpty();
  }

  @Test
  void environmentsInTwoAccountsEachScanTheirOwnRegistry() {
    InfraAppStacks twoAccounts = Synth.twoAccounts();
    for (String env : List.of("dev", "prod")) {
      assertThat(Synth.template(twoAccounts.environment(env).ecr()).findResources(SCANNING))
          .as(env)
          .hasSize(1);
    }
  }

  @Test
  void theOwnerIsTheFirstEnvironmentOfEachAccountAndRegion() {
    PipelineSettings sameAccount =
        new PipelineSettings(List.of("dev", "staging", "prod"), Set.of("prod"), Map.of());
    Map<String, String> regions = new LinkedHashMap<>();
    regions.put("dev", "eu-west-1");
    regions.put("staging", "eu-west-1");
    regions.put("prod", "us-east-1");
    assertThat(InfraApp.registryScanningOwners(sameAccount, regions))
        .containsExactlyInAnyOrder("dev", "prod");
    regions.put("qa", "eu-west-1");
    assertThat(InfraApp.registryScanningOwners(sameAccount, regions))
        .containsExactlyInAnyOrder("dev", "prod");
  }

  @Test
  void whereEcrHasNoEnhancedScanningThereIsNoConfigurationAndSynthesisSaysSo() {
    App app = App.Builder.create().build();
    EcrStack uae =
        new EcrStack(
            app,
            "uae-clockmirror-ecr",
            StackProps.builder().env(Environment.builder().region("me-central-1").build()).build(),
            new EcrStackProps("uae-clockmirror", 5, Optional.empty(), true));
    assertThat(Synth.template(uae).findResources(SCANNING)).isEmpty();
    assertThat(
            Annotations.fromStack(uae)
                .findWarning("*", Match.stringLikeRegexp(".*not offered in me-central-1.*")))
        .hasSize(1);
  }

  @Test
  void aCriticalFindingInTheEnvironmentsImagesRaisesAnAlarmThatNotifies() {
    Stack prod = Synth.environment("prod").app();
    Template template = Synth.template(prod);
    Map<String, Map<String, Object>> rules = template.findResources("AWS::Events::Rule");
    Map.Entry<String, Map<String, Object>> rule =
        rules.entrySet().stream()
            .filter(entry -> String.valueOf(entry.getValue()).contains("aws.inspector2"))
            .findFirst()
            .orElseThrow();
    Map<String, Object> properties = Json.map(rule.getValue().get("Properties"));
    assertThat(properties).containsEntry("Name", "prod-clockmirror-critical-image-findings");
    assertThat(Json.map(properties.get("EventPattern")))
        .isEqualTo(
            Map.of(
                "source",
                List.of("aws.inspector2"),
                "detail-type",
                List.of("Inspector2 Finding"),
                "detail",
                Map.of(
                    "severity",
                    List.of("CRITICAL"),
                    "status",
                    List.of("ACTIVE"),
                    "resources",
                    Map.of(
                        "details",
                        Map.of(
                            "awsEcrContainerImage",
                            Map.of("repositoryName", List.of("prod-clockmirror")))))));
    String alarmId = AppTemplate.alarm(template, "prod-clockmirror-critical-image-findings");
    Map<String, Object> alarm =
        Json.map(template.findResources("AWS::CloudWatch::Alarm").get(alarmId).get("Properties"));
    assertThat(alarm)
        .containsEntry("Namespace", "AWS/Events")
        .containsEntry("MetricName", "MatchedEvents")
        .containsEntry("Statistic", "Sum")
        .containsEntry("Threshold", 0)
        .containsEntry("ComparisonOperator", "GreaterThanThreshold")
        .containsEntry("TreatMissingData", "notBreaching");
    assertThat(String.valueOf(alarm.get("Dimensions")))
        .contains("RuleName")
        .contains(rule.getKey());
    assertThat(Json.list(alarm.get("AlarmActions"))).hasSize(1);
    assertThat(Json.list(alarm.get("OKActions"))).hasSize(1);
  }

  private static Map<String, Object> onlyOne(Template template, String type) {
    Map<String, Map<String, Object>> found = template.findResources(type);
    assertThat(found).hasSize(1);
    return Json.map(found.values().iterator().next());
  }
}
