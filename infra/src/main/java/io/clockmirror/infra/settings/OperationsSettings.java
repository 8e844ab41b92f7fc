package io.clockmirror.infra.settings;

import io.clockmirror.infra.constructs.AlarmTopic;
import io.clockmirror.infra.constructs.LogRetention;
import io.clockmirror.infra.constructs.ServiceMetrics;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How one environment is watched and guarded, read from the {@code "operations"} object of its
 * {@code cdk.json} entry.
 *
 * @param serviceMetrics whether the service writes its own request and latency metrics (EMF)
 * @param alarmEmails addresses subscribed to the alarm topic; each must confirm once
 * @param slack an AWS Chatbot Slack channel that receives the alarm topic; empty for none
 * @param notifyNobody states on purpose that the alarms reach nobody (no address, no channel);
 *     without it, an environment the pipeline deploys only after an approval refuses to synthesize
 *     with silent alarms (default false)
 * @param waf the web application firewall in front of the load balancer
 * @param highCpu when sustained task CPU pages someone
 */
public record OperationsSettings(
    ServiceMetrics serviceMetrics,
    List<String> alarmEmails,
    Optional<Slack> slack,
    boolean notifyNobody,
    Waf waf,
    HighCpu highCpu) {

  /** The key of this object inside an environment's settings. */
  public static final String KEY = "operations";

  // Deliberately loose: SNS itself rejects what is not an address; this catches typos like a
  // missing @ or a list pasted into one string.
  private static final Pattern EMAIL = Pattern.compile("[^@\\s,;]+@[^@\\s,;]+\\.[^@\\s,;]+");

  public OperationsSettings {
    Objects.requireNonNull(serviceMetrics, "serviceMetrics");
    alarmEmails = List.copyOf(Objects.requireNonNull(alarmEmails, "alarmEmails"));
    Objects.requireNonNull(slack, "slack");
    Objects.requireNonNull(waf, "waf");
    Objects.requireNonNull(highCpu, "highCpu");
    for (String email : alarmEmails) {
      require(EMAIL.matcher(email).matches(), "operations.alarmEmails: not an address: " + email);
    }
    require(
        alarmEmails.stream().distinct().count() == alarmEmails.size(),
        "operations.alarmEmails lists an address twice");
    require(
        !notifyNobody || (alarmEmails.isEmpty() && slack.isEmpty()),
        "operations.notifyNobody is true, but alarmEmails or slack names someone: remove one");
  }

  /** Whether the alarms reach no one: no address and no Slack channel. */
  public boolean alarmsReachNobody() {
    return alarmEmails.isEmpty() && slack.isEmpty();
  }

  /**
   * A Slack channel that AWS Chatbot forwards the alarm topic to.
   *
   * @param workspaceId Slack workspace (team) ID, shown in the Chatbot console once authorized
   * @param channelId Slack channel ID
   */
  public record Slack(String workspaceId, String channelId) {

    public Slack {
      AlarmTopic.SlackChannel.requireId(KEY + ".slack.workspaceId", workspaceId);
      AlarmTopic.SlackChannel.requireId(KEY + ".slack.channelId", channelId);
    }

    /** The Chatbot channel configuration named {@code configurationName}. */
    public AlarmTopic.SlackChannel channel(String configurationName) {
      return new AlarmTopic.SlackChannel(configurationName, workspaceId, channelId);
    }
  }

  /**
   * The web application firewall in front of the load balancer.
   *
   * @param enabled whether a web ACL guards the load balancer
   * @param rateLimitPer5Minutes requests one client IP may send in any 5 minutes before it is
   *     blocked; AWS WAF accepts 10 to 2,000,000,000
   * @param blockedRequestsAlarm blocked requests in 5 minutes above which the blocked-requests
   *     alarm fires
   * @param logRetentionDays days the WAF logs (blocked and counted requests) are kept
   */
  public record Waf(
      boolean enabled, long rateLimitPer5Minutes, int blockedRequestsAlarm, int logRetentionDays) {

    public Waf {
      require(
          rateLimitPer5Minutes >= 10 && rateLimitPer5Minutes <= 2_000_000_000L,
          "operations.waf.rateLimitPer5Minutes must be 10..2000000000: " + rateLimitPer5Minutes);
      require(
          blockedRequestsAlarm >= 1,
          "operations.waf.blockedRequestsAlarm must be positive: " + blockedRequestsAlarm);
      require(
          LogRetention.isOffered(logRetentionDays),
          "operations.waf.logRetentionDays: CloudWatch Logs does not offer " + logRetentionDays);
    }
  }

  /**
   * When sustained task CPU pages someone.
   *
   * @param percent average service CPU above which the alarm counts a minute as breaching
   * @param minutes consecutive breaching minutes before it fires; at most a day
   */
  public record HighCpu(int percent, int minutes) {

    public HighCpu {
      require(
          percent >= 1 && percent <= 100, "operations.highCpu.percent must be 1..100: " + percent);
      require(
          minutes >= 1 && minutes <= 1440,
          "operations.highCpu.minutes must be 1..1440: " + minutes);
    }
  }

  /** Reads the {@value #KEY} object of one environment's settings. */
  public static OperationsSettings fromContext(Object value) {
    Map<?, ?> values = object(value, KEY);
    Map<?, ?> waf = object(values.get("waf"), KEY + ".waf");
    Map<?, ?> highCpu = object(values.get("highCpu"), KEY + ".highCpu");
    Object slack = values.get("slack");
    return new OperationsSettings(
        serviceMetrics(text(values, "serviceMetrics", KEY)),
        strings(values, "alarmEmails"),
        slack == null
            ? Optional.empty()
            : Optional.of(
                new Slack(
                    text(object(slack, KEY + ".slack"), "workspaceId", KEY + ".slack"),
                    text(object(slack, KEY + ".slack"), "channelId", KEY + ".slack"))),
        optionalBool(values, "notifyNobody"),
        new Waf(
            bool(waf, "enabled"),
            number(waf, "rateLimitPer5Minutes", KEY + ".waf"),
            Math.toIntExact(number(waf, "blockedRequestsAlarm", KEY + ".waf")),
            Math.toIntExact(number(waf, "logRetentionDays", KEY + ".waf"))),
        new HighCpu(
            Math.toIntExact(number(highCpu, "percent", KEY + ".highCpu")),
            Math.toIntExact(number(highCpu, "minutes", KEY + ".highCpu"))));
  }

  private static ServiceMetrics serviceMetrics(String value) {
    try {
      return ServiceMetrics.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          KEY
              + ".serviceMetrics must be one of "
              + Arrays.toString(ServiceMetrics.values())
              + ": "
              + value,
          e);
    }
  }

  private static Map<?, ?> object(Object value, String path) {
    if (value instanceof Map<?, ?> map) {
      return map;
    }
    throw new IllegalArgumentException("setting '" + path + "' must be an object: " + value);
  }

  private static Object value(Map<?, ?> values, String key, String path) {
    Object value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("setting '" + path + "." + key + "' is missing");
    }
    return value;
  }

  private static String text(Map<?, ?> values, String key, String path) {
    return String.valueOf(value(values, key, path));
  }

  private static long number(Map<?, ?> values, String key, String path) {
    Object value = value(values, key, path);
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    throw new IllegalArgumentException(
        "setting '" + path + "." + key + "' must be a whole number: " + value);
  }

  private static boolean bool(Map<?, ?> values, String key) {
    if (value(values, key, KEY + ".waf") instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException("setting '" + KEY + ".waf." + key + "' must be true/false");
  }

  private static boolean optionalBool(Map<?, ?> values, String key) {
    Object value = values.get(key);
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException("setting '" + KEY + "." + key + "' must be true/false");
  }

  private static List<String> strings(Map<?, ?> values, String key) {
    if (value(values, key, KEY) instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    throw new IllegalArgumentException("setting '" + KEY + "." + key + "' must be a list");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
