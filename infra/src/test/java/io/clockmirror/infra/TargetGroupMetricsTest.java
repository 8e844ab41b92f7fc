package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.clockmirror.infra.settings.DeploymentSettings;
import io.clockmirror.infra.settings.DeploymentSettings.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * After the first canary, blue/green or linear deployment production traffic runs behind the
 * alternate target group, and after the next one behind the first again. Everything that reads a
 * metric with a {@code TargetGroup} dimension (alarms, scaling policies, each dashboard widget)
 * must therefore read both groups wherever there are two, or it goes flat on every other
 * deployment.
 */
class TargetGroupMetricsTest {

  private static final String TARGET_GROUP = "AWS::ElasticLoadBalancingV2::TargetGroup";
  private static final Pattern IN_PROPERTIES =
      Pattern.compile("Fn::GetAtt=\\[(\\w+), TargetGroupFullName]");
  private static final Pattern IN_DASHBOARD =
      Pattern.compile("«GetAtt:(\\w+)\\.TargetGroupFullName»");

  @Test
  void everyReaderOfATargetGroupMetricReadsBothGroupsUnderEveryTrafficShiftingStrategy() {
    List<Template> shifting =
        List.of(
            Synth.template(Synth.environment("prod").app()),
            Synth.template(
                Synth.appWithDeployment(
                    new DeploymentSettings(Strategy.LINEAR, Optional.of(20), Optional.of(3)))),
            Synth.template(
                Synth.appWithDeployment(
                    new DeploymentSettings(
                        Strategy.BLUE_GREEN, Optional.empty(), Optional.of(10)))));
    for (Template template : shifting) {
      Set<String> groups = template.findResources(TARGET_GROUP).keySet();
      assertThat(groups).hasSize(2);
      Map<String, Set<String>> readers = readers(template);
      assertThat(readers)
          .as("the alarms, the request scaling policy and the dashboard's widgets")
          .hasSizeGreaterThanOrEqualTo(7);
      assertThat(readingOnlyOne(readers, groups)).isEmpty();
    }
  }

  @Test
  void aRollingEnvironmentHasOneGroupThatEveryReaderReads() {
    Template dev = AppTemplate.dev();
    Set<String> groups = dev.findResources(TARGET_GROUP).keySet();
    assertThat(groups).hasSize(1);
    assertThat(readingOnlyOne(readers(dev), groups)).isEmpty();
  }

  @Test
  void theCheckFindsAReaderThatNamesOnlyOneOfTwoGroups() {
    Map<String, Set<String>> readers =
        Map.of(
            "alarm Both", Set.of("Blue", "Green"),
            "alarm Blue", Set.of("Blue"));
    assertThat(readingOnlyOne(readers, Set.of("Blue", "Green")))
        .containsExactly("alarm Blue reads [Blue]");
  }

  /** Readers that read some, but not all, of {@code groups}. */
  private static List<String> readingOnlyOne(Map<String, Set<String>> readers, Set<String> groups) {
    List<String> partial = new ArrayList<>();
    readers.forEach(
        (reader, read) -> {
          if (!read.equals(groups)) {
            partial.add(reader + " reads " + read);
          }
        });
    return partial;
  }

  /**
   * Each resource whose properties read a target group's metric, and each dashboard widget that
   * does, with the target groups it reads.
   */
  static Map<String, Set<String>> readers(Template template) {
    Map<String, Set<String>> readers = new TreeMap<>();
    template.toJSON().entrySet().stream()
        .filter(section -> section.getKey().equals("Resources"))
        .flatMap(section -> Json.map(section.getValue()).entrySet().stream())
        .forEach(
            resource -> {
              Map<String, Object> definition = Json.map(resource.getValue());
              if ("AWS::CloudWatch::Dashboard".equals(definition.get("Type"))) {
                return;
              }
              Set<String> read = matches(IN_PROPERTIES, String.valueOf(definition));
              if (!read.isEmpty()) {
                readers.put(definition.get("Type") + " " + resource.getKey(), read);
              }
            });
    for (Object widget : ServiceDashboardTest.widgets(ServiceDashboardTest.body(template))) {
      Object title = Json.map(Json.map(widget).get("properties")).get("title");
      Set<String> read = matches(IN_DASHBOARD, String.valueOf(widget));
      if (!read.isEmpty()) {
        readers.put("dashboard widget " + title, read);
      }
    }
    return readers;
  }

  private static Set<String> matches(Pattern pattern, String text) {
    Set<String> found = new TreeSet<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }
}
