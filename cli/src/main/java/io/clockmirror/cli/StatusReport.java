package io.clockmirror.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code status <env>} found, and how it is shown: one labelled line per fact.
 *
 * @param target the environment
 * @param account the caller's account
 * @param stackStatus the app stack's status
 * @param url its {@code ServiceUrl}
 * @param runningImage the image tag the service's task definition runs
 * @param stackImage the {@code ImageTag} parameter the stack was last deployed with
 * @param traffic the target groups and their share of production traffic
 * @param deployment the ECS deployment under way, if any
 * @param alarms alarm name to state
 * @param tasks task counts and scaling bounds
 * @param costFloor the environment's idle monthly cost, if known, with its source
 */
public record StatusReport(
    Environment target,
    String account,
    String stackStatus,
    String url,
    String runningImage,
    String stackImage,
    List<TargetGroup> traffic,
    Optional<Deployment> deployment,
    Map<String, String> alarms,
    Tasks tasks,
    String costFloor) {

  /**
   * A target group behind the production listener rule.
   *
   * @param colour {@code blue} (the template's first group) or {@code green} (the alternate)
   * @param name its name
   * @param weight its share of production traffic, 0..100
   */
  public record TargetGroup(String colour, String name, int weight) {}

  /**
   * An ECS service deployment under way.
   *
   * @param status e.g. {@code IN_PROGRESS}
   * @param stage its lifecycle stage, e.g. {@code BAKE_TIME}
   * @param strategy e.g. {@code CANARY}
   * @param running tasks of the new revision running
   * @param requested tasks of the new revision asked for
   * @param started when it started
   */
  public record Deployment(
      String status, String stage, String strategy, int running, int requested, String started) {}

  /** Task counts and the auto-scaling bounds. */
  public record Tasks(int running, int desired, int pending, int min, int max) {}

  private static final Map<String, String> STAGES =
      Map.ofEntries(
          Map.entry("RECONCILE_SERVICE", "reconciling the revisions that are active"),
          Map.entry("PRE_SCALE_UP", "about to start the new revision"),
          Map.entry("SCALE_UP", "starting the new revision's tasks, no traffic yet"),
          Map.entry("POST_SCALE_UP", "new revision started, no traffic yet"),
          Map.entry("TEST_TRAFFIC_SHIFT", "moving test traffic to the new revision"),
          Map.entry(
              "POST_TEST_TRAFFIC_SHIFT",
              "the deploy hook is testing the new revision through the test rule"),
          Map.entry(
              "PRODUCTION_TRAFFIC_SHIFT",
              "moving production traffic to the new revision (canary or linear steps)"),
          Map.entry("POST_PRODUCTION_TRAFFIC_SHIFT", "production traffic has moved"),
          Map.entry("BAKE_TIME", "bake time: both revisions running, alarms watched"),
          Map.entry("CLEAN_UP", "stopping the old revision"));

  // <version>-<sha7> from the pipeline, <version>-<sha7>-manual.<yyyyMMddHHmmss> by hand.
  private static final Pattern TAG =
      Pattern.compile(
          "(.+)-([0-9a-f]{7})(?:-manual\\.([0-9]{4})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2}))?");

  public StatusReport {
    Objects.requireNonNull(target, "target");
    traffic = List.copyOf(traffic);
    alarms = new TreeMap<>(alarms);
    Objects.requireNonNull(deployment, "deployment");
  }

  /** The report as printed. */
  public String render() {
    List<String> lines = new ArrayList<>();
    lines.add(
        target.name()
            + ": "
            + target.region()
            + ", account "
            + account
            + ", "
            + target.names().appStack()
            + " "
            + stackStatus);
    line(lines, "url", url);
    line(lines, "image", image());
    line(lines, "traffic", trafficLine());
    line(lines, "deployment", deploymentLine());
    line(lines, "alarms", alarmsLine());
    line(
        lines,
        "tasks",
        tasks.running()
            + " running, "
            + tasks.desired()
            + " desired"
            + (tasks.pending() > 0 ? ", " + tasks.pending() + " pending" : "")
            + " (scaling "
            + tasks.min()
            + ".."
            + tasks.max()
            + ")");
    line(lines, "cost floor", costFloor);
    return String.join("\n", lines) + "\n";
  }

  /** Version and commit a tag names, and when it was published by hand. */
  static String describeTag(String tag) {
    Matcher matcher = TAG.matcher(tag);
    if (!matcher.matches()) {
      return tag + " (not a tag of buildspec/image-tag.sh)";
    }
    String by =
        matcher.group(3) == null
            ? "published by the pipeline"
            : String.format(
                Locale.ROOT,
                "published by hand %s-%s-%s %s:%s:%s UTC",
                matcher.group(3),
                matcher.group(4),
                matcher.group(5),
                matcher.group(6),
                matcher.group(7),
                matcher.group(8));
    return tag + ": commit " + matcher.group(2) + ", version " + matcher.group(1) + ", " + by;
  }

  private String image() {
    String running = describeTag(runningImage);
    return runningImage.equals(stackImage)
        ? running
        : running + "; the stack's ImageTag is " + stackImage + " (a deployment is moving to it)";
  }

  private String trafficLine() {
    if (traffic.size() == 1) {
      TargetGroup only = traffic.getFirst();
      return only.colour()
          + " "
          + only.weight()
          + " % ("
          + target.strategy()
          + ": one target group, "
          + only.name()
          + ")";
    }
    List<String> shares = new ArrayList<>();
    for (TargetGroup group : traffic) {
      shares.add(group.colour() + " " + group.weight() + " % (" + group.name() + ")");
    }
    String live =
        traffic.stream()
            .filter(group -> group.weight() == 100)
            .map(group -> group.colour() + " is live")
            .findFirst()
            .orElse("split between the two");
    return String.join(", ", shares) + "; " + live + " (" + target.strategy() + ")";
  }

  private String deploymentLine() {
    if (deployment.isEmpty()) {
      return "none in progress";
    }
    Deployment d = deployment.get();
    return d.status()
        + " "
        + d.strategy()
        + " since "
        + d.started()
        + ", stage "
        + d.stage()
        + ": "
        + STAGES.getOrDefault(d.stage(), "see the ECS console")
        + "; new revision "
        + d.running()
        + "/"
        + d.requested()
        + " tasks running";
  }

  private String alarmsLine() {
    if (alarms.isEmpty()) {
      return "none found (" + target.names().alarmPrefix() + "*)";
    }
    Map<String, List<String>> byState = new TreeMap<>();
    alarms.forEach(
        (name, state) -> byState.computeIfAbsent(state, s -> new ArrayList<>()).add(name));
    List<String> parts = new ArrayList<>();
    byState.forEach(
        (state, names) ->
            parts.add(
                names.size()
                    + " "
                    + state
                    + (state.equals("OK") ? "" : " (" + String.join(", ", names) + ")")));
    return String.join(", ", parts);
  }

  private static void line(List<String> lines, String label, String value) {
    lines.add(String.format(Locale.ROOT, "  %-11s %s", label, value));
  }
}
