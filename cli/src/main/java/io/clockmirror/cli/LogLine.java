package io.clockmirror.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One line of {@code aws logs tail --format detailed} ({@code <time> <stream> <message>}) made
 * readable: time of day, level, logger and message of the service's JSON log records, then the
 * fields that describe a request or an error; metric lines (CloudWatch EMF) as their values.
 */
final class LogLine {

  // Fields every JSON record of the service has; they add nothing per line.
  private static final Set<String> ROUTINE =
      Set.of(
          "timestamp",
          "sequence",
          "loggerClassName",
          "loggerName",
          "level",
          "message",
          "threadName",
          "threadId",
          "mdc",
          "ndc",
          "hostName",
          "processName",
          "processId",
          "exception");

  private LogLine() {}

  static String render(String line) {
    String[] parts = line.split(" ", 3);
    if (parts.length < 3) {
      return line;
    }
    String time = timeOfDay(parts[0]);
    String task = parts[1].substring(parts[1].lastIndexOf('/') + 1);
    task = task.length() > 8 ? task.substring(0, 8) : task;
    String message = parts[2];
    if (!message.startsWith("{")) {
      return time + " " + task + " " + message;
    }
    Map<String, Object> record;
    try {
      record = JSON.std.mapFrom(message);
    } catch (IOException e) {
      return time + " " + task + " " + message;
    }
    if (record.containsKey("_aws")) {
      return time + " " + task + " METRIC " + metrics(record);
    }
    StringBuilder text =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%s %s %-5s %s: %s",
                time,
                task,
                record.getOrDefault("level", "?"),
                shortLogger(String.valueOf(record.getOrDefault("loggerName", ""))),
                record.getOrDefault("message", "")));
    List<String> fields = new ArrayList<>();
    Json.at(record, "mdc")
        .filter(Map.class::isInstance)
        .ifPresent(mdc -> Json.cast(mdc).forEach((key, value) -> fields.add(key + "=" + value)));
    record.forEach(
        (key, value) -> {
          if (!ROUTINE.contains(key)) {
            fields.add(key + "=" + value);
          }
        });
    Json.string(record, "exception", "exceptionType")
        .ifPresent(
            type ->
                fields.add(
                    "exception="
                        + type
                        + Json.string(record, "exception", "message")
                            .map(m -> ": " + m)
                            .orElse("")));
    if (!fields.isEmpty()) {
      text.append("  ").append(String.join(" ", fields));
    }
    return text.toString();
  }

  private static String metrics(Map<String, Object> record) {
    List<String> values = new ArrayList<>();
    for (Map<String, Object> directive : Json.objects(record, "_aws", "CloudWatchMetrics")) {
      for (Map<String, Object> metric : Json.objects(directive, "Metrics")) {
        String name = String.valueOf(metric.get("Name"));
        Object value = record.get(name);
        if (value instanceof List<?> list && !list.isEmpty()) {
          value = list.size() + " values, last " + list.getLast();
        }
        values.add(name + "=" + value);
      }
    }
    record.forEach(
        (key, value) -> {
          if (value instanceof String text && !key.equals("_aws")) {
            values.add(key + "=" + text);
          }
        });
    return String.join(" ", values);
  }

  /** {@code 2026-12-01T22:15:00.123000+00:00} → {@code 22:15:00.123}. */
  private static String timeOfDay(String timestamp) {
    int t = timestamp.indexOf('T');
    if (t < 0 || timestamp.length() < t + 9) {
      return timestamp;
    }
    String clock = timestamp.substring(t + 1);
    int end = 0;
    while (end < clock.length()
        && (Character.isDigit(clock.charAt(end))
            || clock.charAt(end) == ':'
            || clock.charAt(end) == '.')) {
      end++;
    }
    clock = clock.substring(0, end);
    int dot = clock.indexOf('.');
    return dot >= 0 && clock.length() > dot + 4 ? clock.substring(0, dot + 4) : clock;
  }

  /** {@code io.clockmirror.clock.ClockResource} → {@code i.c.c.ClockResource}. */
  private static String shortLogger(String logger) {
    String[] parts = logger.split("\\.");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < parts.length - 1; i++) {
      if (!parts[i].isEmpty()) {
        text.append(parts[i].charAt(0)).append('.');
      }
    }
    return text.append(parts[parts.length - 1]).toString();
  }
}
