package io.clockmirror.infra.cost;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How a service's scaling bounds change over a week under its scheduled actions, and for how many
 * hours of a month each pair of bounds holds.
 */
public final class ScheduledCapacity {

  /**
   * One scheduled action of a scalable target.
   *
   * @param name the action's name
   * @param schedule when it runs
   * @param zone the time zone its schedule is read in
   * @param minCapacity the minimum it sets, if it sets one
   * @param maxCapacity the maximum it sets, if it sets one
   */
  public record Action(
      String name,
      CronSchedule schedule,
      ZoneId zone,
      Optional<Integer> minCapacity,
      Optional<Integer> maxCapacity) {

    public Action {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(schedule, "schedule");
      Objects.requireNonNull(zone, "zone");
      Objects.requireNonNull(minCapacity, "minCapacity");
      Objects.requireNonNull(maxCapacity, "maxCapacity");
      if (minCapacity.isEmpty() && maxCapacity.isEmpty()) {
        throw new IllegalArgumentException(
            "scheduled action " + name + " sets neither MinCapacity nor MaxCapacity");
      }
    }
  }

  /**
   * Scaling bounds that hold for part of the month.
   *
   * @param minCapacity fewest tasks
   * @param maxCapacity most tasks
   * @param hoursPerMonth hours of a 730-hour month during which these bounds hold
   */
  public record Window(int minCapacity, int maxCapacity, double hoursPerMonth) {

    public Window {
      if (minCapacity < 0 || maxCapacity < minCapacity) {
        throw new IllegalArgumentException(
            "scaling bounds must satisfy 0 <= min <= max: " + minCapacity + ", " + maxCapacity);
      }
    }
  }

  private ScheduledCapacity() {}

  /**
   * The bounds in effect over a week that repeats, starting from the target's own {@code
   * minCapacity} and {@code maxCapacity}, with each action applied when it fires. Weeks are taken
   * as 730 / 168 of a month; the day a clock change falls on is counted like any other.
   */
  public static List<Window> windows(int minCapacity, int maxCapacity, List<Action> actions) {
    if (actions.isEmpty()) {
      return List.of(new Window(minCapacity, maxCapacity, CostModel.HOURS_PER_MONTH));
    }
    SortedMap<Integer, List<Action>> firing = new TreeMap<>();
    for (Action action : actions) {
      for (int minute : action.schedule().minutesOfWeek()) {
        firing.computeIfAbsent(minute, key -> new ArrayList<>()).add(action);
      }
    }
    int min = minCapacity;
    int max = maxCapacity;
    Map<List<Integer>, Integer> minutes = new LinkedHashMap<>();
    // The first week settles the bounds the schedule leaves in force at its end; the second counts.
    for (int minute = 0; minute < 2 * CronSchedule.WEEK_MINUTES; minute++) {
      for (Action action : firing.getOrDefault(minute % CronSchedule.WEEK_MINUTES, List.of())) {
        min = action.minCapacity().orElse(min);
        max = action.maxCapacity().orElse(max);
        if (min > max) {
          throw new IllegalArgumentException(
              "scheduled action "
                  + action.name()
                  + " leaves MinCapacity "
                  + min
                  + " above MaxCapacity "
                  + max);
        }
      }
      if (minute >= CronSchedule.WEEK_MINUTES) {
        minutes.merge(List.of(min, max), 1, Integer::sum);
      }
    }
    List<Window> windows = new ArrayList<>();
    minutes.forEach(
        (bounds, count) ->
            windows.add(
                new Window(
                    bounds.get(0),
                    bounds.get(1),
                    CostModel.HOURS_PER_MONTH * count / CronSchedule.WEEK_MINUTES)));
    return List.copyOf(windows);
  }
}
