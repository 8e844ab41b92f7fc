package io.clockmirror.infra.cost;

import java.time.DayOfWeek;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scheduled-scaling {@code cron(...)} expression of Application Auto Scaling, limited to what an
 * office-hours schedule needs: fixed minutes, hours (lists and ranges), every day of the month,
 * every month and year, and days of the week (names or 1-7 for SUN-SAT, lists and ranges), such as
 * {@code cron(0 8 ? * MON-FRI *)}. Anything else (step values, {@code L}, {@code W}, {@code #},
 * particular days of the month or months, {@code rate()} and {@code at()}) is refused rather than
 * priced as something it is not.
 *
 * @param minutes the minutes of the hour it fires at
 * @param hours the hours of the day it fires at
 * @param days the days of the week it fires on
 */
public record CronSchedule(Set<Integer> minutes, Set<Integer> hours, Set<DayOfWeek> days) {

  /** Minutes in a week. */
  static final int WEEK_MINUTES = 7 * 24 * 60;

  private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");
  private static final List<String> DAY_NAMES =
      List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  public CronSchedule {
    minutes = Set.copyOf(Objects.requireNonNull(minutes, "minutes"));
    hours = Set.copyOf(Objects.requireNonNull(hours, "hours"));
    days = Set.copyOf(Objects.requireNonNull(days, "days"));
    if (minutes.isEmpty() || hours.isEmpty() || days.isEmpty()) {
      throw new IllegalArgumentException("a schedule must name a minute, an hour and a day");
    }
  }

  /**
   * Reads {@code expression}.
   *
   * @throws IllegalArgumentException naming the part that is outside the supported subset
   */
  public static CronSchedule parse(String expression) {
    Matcher cron = CRON.matcher(expression.strip());
    if (!cron.matches()) {
      throw unsupported(expression, "only cron(...) schedules are supported, not rate() or at()");
    }
    String[] fields = cron.group(1).strip().split("\\s+");
    if (fields.length != 6) {
      throw unsupported(
          expression,
          "a cron expression has six fields: minutes hours day-of-month month day-of-week year");
    }
    Set<Integer> minutes = numbers(expression, "minutes", fields[0], 0, 59, false);
    Set<Integer> hours = numbers(expression, "hours", fields[1], 0, 23, true);
    String dayOfMonth = fields[2];
    String month = fields[3];
    String dayOfWeek = fields[4];
    String year = fields[5];
    if (!month.equals("*") || !year.equals("*")) {
      throw unsupported(expression, "month and year must be '*'");
    }
    boolean anyDayOfMonth = dayOfMonth.equals("?");
    if (anyDayOfMonth == dayOfWeek.equals("?")) {
      throw unsupported(
          expression, "exactly one of day-of-month and day-of-week must be '?', as AWS requires");
    }
    if (!anyDayOfMonth && !dayOfMonth.equals("*")) {
      throw unsupported(expression, "day-of-month must be '*' or '?'");
    }
    Set<DayOfWeek> days = anyDayOfMonth ? days(expression, dayOfWeek) : Set.of(DayOfWeek.values());
    return new CronSchedule(minutes, hours, days);
  }

  /** The minutes of the week it fires at, counted from Monday 00:00. */
  public SortedSet<Integer> minutesOfWeek() {
    SortedSet<Integer> fires = new TreeSet<>();
    for (DayOfWeek day : days) {
      for (int hour : hours) {
        for (int minute : minutes) {
          fires.add((day.getValue() - 1) * 24 * 60 + hour * 60 + minute);
        }
      }
    }
    return fires;
  }

  private static Set<DayOfWeek> days(String expression, String field) {
    Set<DayOfWeek> days = new TreeSet<>();
    if (field.equals("*")) {
      days.addAll(List.of(DayOfWeek.values()));
      return days;
    }
    for (String part : field.split(",")) {
      String[] range = part.split("-", -1);
      if (range.length > 2) {
        throw unsupported(expression, "not a day of the week or a range of them: " + part);
      }
      int from = day(expression, range[0]);
      int to = range.length == 2 ? day(expression, range[1]) : from;
      if (to < from) {
        throw unsupported(expression, "a range of days must run forward within SUN-SAT: " + part);
      }
      for (int day = from; day <= to; day++) {
        // AWS numbers the days 1 (SUN) to 7 (SAT).
        days.add(day == 1 ? DayOfWeek.SUNDAY : DayOfWeek.of(day - 1));
      }
    }
    return days;
  }

  private static int day(String expression, String value) {
    int index = DAY_NAMES.indexOf(value.toUpperCase(Locale.ROOT));
    if (index >= 0) {
      return index + 1;
    }
    if (value.matches("[1-7]")) {
      return Integer.parseInt(value);
    }
    throw unsupported(expression, "not a day of the week (SUN-SAT or 1-7): " + value);
  }

  private static Set<Integer> numbers(
      String expression, String name, String field, int min, int max, boolean ranges) {
    Set<Integer> values = new TreeSet<>();
    for (String part : field.split(",")) {
      String[] range = part.split("-", -1);
      if (range.length > (ranges ? 2 : 1) || !part.matches("[0-9]+(-[0-9]+)?")) {
        throw unsupported(
            expression,
            name
                + " must be "
                + (ranges ? "numbers, lists and ranges" : "numbers or lists")
                + ", not '"
                + field
                + "'");
      }
      int from = Integer.parseInt(range[0]);
      int to = range.length == 2 ? Integer.parseInt(range[1]) : from;
      if (from < min || to > max || to < from) {
        throw unsupported(expression, name + " must lie in " + min + "-" + max + ": " + part);
      }
      for (int value = from; value <= to; value++) {
        values.add(value);
      }
    }
    return values;
  }

  private static IllegalArgumentException unsupported(String expression, String why) {
    return new IllegalArgumentException(
        "the cost model does not support the schedule '" + expression + "': " + why);
  }
}
