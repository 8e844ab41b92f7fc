package io.clockmirror.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The dashboard of each environment, read back from its synthesized body: which metrics each widget
 * plots, with which dimensions and statistics.
 */
class ServiceDashboardTest {

  private static final Template DEV = AppTemplate.rolling();
  private static final Template PROD = Synth.template(Synth.environment("prod").app());
  private static final Template VARIANT = Synth.template(Synth.variant().app());

  @Test
  void isNamedAfterTheEnvironment() {
    assertThat(dashboard(DEV).get("DashboardName")).isEqualTo("dev-clockmirror");
    assertThat(dashboard(PROD).get("DashboardName")).isEqualTo("prod-clockmirror");
    assertThat(dashboard(DEV)).as("cfn-lint knows no dashboard tags").doesNotContainKey("Tags");
  }

  @Test
  void theLoadBalancerWidgetsPlotRequestsResponsesAndResponseTimePercentiles() {
    Map<String, Object> widgets = widgetsByTitle(body(DEV));
    String balancer = "«GetAtt:LoadBalancer8E47CE52.LoadBalancerFullName»";
    String targetGroup = "«GetAtt:LoadBalancerTargetsA57B7976.TargetGroupFullName»";

    assertThat(metrics(widgets.get("Requests per minute")))
        .containsExactly("AWS/ApplicationELB RequestCount LoadBalancer=" + balancer + " Sum");
    assertThat(metrics(widgets.get("Responses per minute by class")))
        .containsExactly(
            "AWS/ApplicationELB HTTPCode_Target_2XX_Count LoadBalancer=* TargetGroup="
                + targetGroup
                + " Sum",
            "AWS/ApplicationELB HTTPCode_Target_4XX_Count LoadBalancer=* TargetGroup="
                + targetGroup
                + " Sum",
            "AWS/ApplicationELB HTTPCode_Target_5XX_Count LoadBalancer=* TargetGroup="
                + targetGroup
                + " Sum",
            "AWS/ApplicationELB HTTPCode_ELB_4XX_Count LoadBalancer=" + balancer + " Sum",
            "AWS/ApplicationELB HTTPCode_ELB_5XX_Count LoadBalancer=" + balancer + " Sum");
    assertThat(metrics(widgets.get("Target response time (s)")))
        .containsExactly(
            "AWS/ApplicationELB TargetResponseTime LoadBalancer=* TargetGroup="
                + targetGroup
                + " p50",
            "AWS/ApplicationELB TargetResponseTime LoadBalancer=* TargetGroup="
                + targetGroup
                + " p90",
            "AWS/ApplicationELB TargetResponseTime LoadBalancer=* TargetGroup="
                + targetGroup
                + " p99");
    assertThat(metrics(widgets.get("Targets")))
        .containsExactly(
            "AWS/ApplicationELB HealthyHostCount LoadBalancer=* TargetGroup="
                + targetGroup
                + " Minimum",
            "AWS/ApplicationELB UnHealthyHostCount LoadBalancer=* TargetGroup="
                + targetGroup
                + " Maximum");
  }

  @Test
  void theTaskWidgetsShowRunningTasksAgainstTheScalingBoundsAndCpuAndMemory() {
    Map<String, Object> widgets = widgetsByTitle(body(DEV));
    String service =
        "ClusterName=«Ref:AppCluster68CC0559» ServiceName=«GetAtt:AppService606B9134.Name»";
    Map<String, Object> tasks = Json.map(widgets.get("Running tasks against scaling bounds"));

    assertThat(metrics(tasks))
        .containsExactly(
            "ECS/ContainerInsights RunningTaskCount " + service + " Maximum",
            "ECS/ContainerInsights DesiredTaskCount " + service + " Maximum");
    assertThat(annotations(tasks)).containsExactly("maximum=2", "minimum=1");
    assertThat(metrics(widgets.get("Task CPU and memory (%)")))
        .containsExactly(
            "AWS/ECS CPUUtilization " + service + " Average",
            "AWS/ECS MemoryUtilization " + service + " Average");
  }

  @Test
  void scalingBoundsReadFromSsmAreTheStackParametersOnTheDashboard() {
    Map<String, Object> tasks =
        Json.map(widgetsByTitle(body(VARIANT)).get("Running tasks against scaling bounds"));

    assertThat(annotations(tasks))
        .containsExactly("maximum=«Ref:MaxCapacity»", "minimum=«Ref:MinCapacity»");
  }

  @Test
  void theServiceWidgetsPlotItsOwnMetricsPerOutcomeForThisEnvironment() {
    Map<String, Object> widgets = widgetsByTitle(body(PROD));

    assertThat(metrics(widgets.get("Service: requests per minute by outcome")))
        .containsExactly(
            "clockmirror Requests Environment=prod Outcome=2xx Sum",
            "clockmirror Requests Environment=prod Outcome=4xx Sum",
            "clockmirror Requests Environment=prod Outcome=5xx Sum");
    assertThat(metrics(widgets.get("Service: latency (ms)")))
        .containsExactly(
            "clockmirror Latency Environment=prod Outcome=2xx p50",
            "clockmirror Latency Environment=prod Outcome=2xx p90",
            "clockmirror Latency Environment=prod Outcome=2xx p99",
            "clockmirror Latency Environment=prod Outcome=5xx p99");
  }

  @Test
  void withoutServiceMetricsTheDashboardSaysSoAndPlotsNone() {
    String body = body(VARIANT);

    assertThat(body).doesNotContain("\"clockmirror\",").contains("Service metrics are off");
    assertThat(body(DEV)).doesNotContain("Service metrics are off");
  }

  @Test
  void theFirewallWidgetAppearsWhereThereIsAFirewall() {
    Map<String, Object> widgets = widgetsByTitle(body(PROD));

    assertThat(metrics(widgets.get("Web firewall: requests per 5 minutes")))
        .containsExactly(
            "AWS/WAFV2 AllowedRequests Region=eu-west-1 Rule=ALL WebACL=prod-clockmirror Sum",
            "AWS/WAFV2 BlockedRequests Region=eu-west-1 Rule=ALL WebACL=prod-clockmirror Sum");
    assertThat(widgetsByTitle(body(DEV))).doesNotContainKey("Web firewall: requests per 5 minutes");
  }

  @Test
  void theAlarmWidgetShowsEveryAlarmOfTheEnvironment() {
    Map<String, Object> alarms = Json.map(widgetsByTitle(body(PROD)).get("Alarms"));
    List<String> alarmIds =
        PROD.findResources("AWS::CloudWatch::Alarm").keySet().stream()
            .map(id -> "«GetAtt:" + id + ".Arn»")
            .toList();

    assertThat(Json.list(Json.map(alarms.get("properties")).get("alarms")))
        .hasSize(7)
        .containsExactlyInAnyOrderElementsOf(alarmIds);
  }

  @Test
  void theLatestErrorsWidgetRunsTheSavedErrorsQueryOnTheServiceLogGroup() {
    Map<String, Object> widget =
        Json.map(widgetsByTitle(body(DEV)).get("Latest errors (saved query: errors)"));
    String query = String.valueOf(Json.map(widget.get("properties")).get("query"));

    assertThat(query)
        .startsWith("SOURCE '«Ref:AppLogs2EC8A6C6»'")
        .contains("filter level in [\"ERROR\", \"FATAL\", \"SEVERE\"]");
  }

  @Test
  void widgetsTileTheFullWidthWithoutOverlapping() {
    for (Template template : List.of(DEV, PROD, VARIANT)) {
      List<int[]> cells = new ArrayList<>();
      for (Object widget : widgets(body(template))) {
        Map<String, Object> w = Json.map(widget);
        int x = ((Number) w.get("x")).intValue();
        int y = ((Number) w.get("y")).intValue();
        int width = ((Number) w.get("width")).intValue();
        int height = ((Number) w.get("height")).intValue();
        assertThat(x + width).isLessThanOrEqualTo(24);
        for (int[] other : cells) {
          boolean apart =
              x + width <= other[0]
                  || other[0] + other[2] <= x
                  || y + height <= other[1]
                  || other[1] + other[3] <= y;
          assertThat(apart)
              .as("widget at %d,%d overlaps one at %d,%d", x, y, other[0], other[1])
              .isTrue();
        }
        cells.add(new int[] {x, y, width, height});
      }
    }
  }

  static Map<String, Object> dashboard(Template template) {
    Map<String, Map<String, Object>> found = template.findResources("AWS::CloudWatch::Dashboard");
    assertThat(found).hasSize(1);
    return AppTemplate.properties(found.values().iterator().next());
  }

  /**
   * The dashboard body as JSON text, each CloudFormation reference inside it written as {@code
   * «Ref:Id»} or {@code «GetAtt:Id.Attribute»}, quoted where it stands for a whole JSON value.
   */
  static String body(Template template) {
    Object body = dashboard(template).get("DashboardBody");
    if (body instanceof String text) {
      return text;
    }
    List<Object> parts = Json.list(Json.list(Json.map(body).get("Fn::Join")).get(1));
    StringBuilder text = new StringBuilder();
    for (Object part : parts) {
      if (part instanceof String string) {
        text.append(string);
        continue;
      }
      String reference = reference(Json.map(part));
      text.append(endsInsideString(text) ? reference : "\"" + reference + "\"");
    }
    return text.toString();
  }

  private static boolean endsInsideString(CharSequence text) {
    boolean inside = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        inside = !inside;
      }
    }
    return inside;
  }

  private static String reference(Map<String, Object> part) {
    if (part.get("Ref") != null) {
      return "«Ref:" + part.get("Ref") + "»";
    }
    if (part.get("Fn::GetAtt") instanceof List<?> getAtt) {
      return "«GetAtt:" + getAtt.get(0) + "." + getAtt.get(1) + "»";
    }
    // The target group's load balancer dimension is cut out of the listener ARN.
    return "«" + part.keySet().iterator().next() + "»";
  }

  static List<Object> widgets(String body) {
    try {
      return Json.list(Json.map(new ObjectMapper().readValue(body, Map.class)).get("widgets"));
    } catch (JsonProcessingException e) {
      throw new AssertionError("dashboard body is not JSON: " + body, e);
    }
  }

  static Map<String, Object> widgetsByTitle(String body) {
    return widgets(body).stream()
        .map(Json::map)
        .filter(widget -> Json.map(widget.get("properties")).get("title") != null)
        .collect(
            Collectors.toMap(
                widget -> String.valueOf(Json.map(widget.get("properties")).get("title")),
                widget -> widget));
  }

  /**
   * Each metric of a graph widget as {@code <namespace> <name> <dim>=<value>... <stat>}, dimensions
   * sorted by name; a dimension value assembled from pieces (the target group's load balancer) is
   * written {@code *}.
   */
  static List<String> metrics(Object widget) {
    List<String> found = new ArrayList<>();
    for (Object metric : Json.list(Json.map(Json.map(widget).get("properties")).get("metrics"))) {
      List<Object> parts = Json.list(metric);
      Map<String, Object> options = Json.map(parts.getLast());
      List<String> dimensions = new ArrayList<>();
      // [namespace, name, dimension, value, ..., options]
      for (int i = 2; i < parts.size() - 1; i += 2) {
        String value = String.valueOf(parts.get(i + 1));
        dimensions.add(parts.get(i) + "=" + (value.contains("«Fn::") ? "*" : value));
      }
      dimensions.sort(null);
      found.add(
          parts.get(0)
              + " "
              + parts.get(1)
              + " "
              + String.join(" ", dimensions)
              + " "
              // The dashboard's default statistic, which CDK leaves out.
              + options.getOrDefault("stat", "Average"));
    }
    return found;
  }

  private static List<String> annotations(Map<String, Object> widget) {
    Map<String, Object> annotations =
        Json.map(Json.map(widget.get("properties")).get("annotations"));
    return Json.list(annotations.get("horizontal")).stream()
        .map(Json::map)
        .map(annotation -> annotation.get("label") + "=" + annotation.get("value"))
        .toList();
  }
}
