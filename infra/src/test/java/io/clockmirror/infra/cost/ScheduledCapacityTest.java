package io.clockmirror.infra.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScheduledCapacityTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void withoutActionsTheTargetsBoundsHoldAllMonth() {
    assertThat(ScheduledCapacity.windows(1, 2, List.of()))
        .containsExactly(new ScheduledCapacity.Window(1, 2, 730));
  }

  @Test
  void officeHoursSplitTheWeekIntoFiftyHoursUpAndTheRestAtZero() {
    List<ScheduledCapacity.Window> windows =
        ScheduledCapacity.windows(
            1,
            2,
            List.of(
                action("start", "cron(0 8 ? * MON-FRI *)", 1, 2),
                action("stop", "cron(0 18 ? * MON-FRI *)", 0, 0)));

    assertThat(windows).hasSize(2);
    assertThat(hours(windows, 1, 2)).isCloseTo(50 * 730.0 / 168, within(1e-9));
    assertThat(hours(windows, 0, 0)).isCloseTo(118 * 730.0 / 168, within(1e-9));
  }

  @Test
  void anActionMaySetOneBoundOnly() {
    List<ScheduledCapacity.Window> windows =
        ScheduledCapacity.windows(
            1,
            4,
            List.of(
                new ScheduledCapacity.Action(
                    "weekend",
                    CronSchedule.parse("cron(0 0 ? * SAT *)"),
                    BERLIN,
                    Optional.empty(),
                    Optional.of(1)),
                new ScheduledCapacity.Action(
                    "monday",
                    CronSchedule.parse("cron(0 0 ? * MON *)"),
                    BERLIN,
                    Optional.empty(),
                    Optional.of(4))));

    assertThat(hours(windows, 1, 1)).isCloseTo(48 * 730.0 / 168, within(1e-9));
    assertThat(hours(windows, 1, 4)).isCloseTo(120 * 730.0 / 168, within(1e-9));
  }

  @Test
  void refusesAMinimumAboveTheMaximum() {
    assertThatThrownBy(
            () ->
                ScheduledCapacity.windows(
                    1,
                    2,
                    List.of(
                        new ScheduledCapacity.Action(
                            "too-many",
                            CronSchedule.parse("cron(0 8 * * ? *)"),
                            BERLIN,
                            Optional.of(3),
                            Optional.empty()))))
        .hasMessageContaining("too-many leaves MinCapacity 3 above MaxCapacity 2");
  }

  private static ScheduledCapacity.Action action(String name, String cron, int min, int max) {
    return new ScheduledCapacity.Action(
        name, CronSchedule.parse(cron), BERLIN, Optional.of(min), Optional.of(max));
  }

  private static double hours(List<ScheduledCapacity.Window> windows, int min, int max) {
    return windows.stream()
        .filter(window -> window.minCapacity() == min && window.maxCapacity() == max)
        .mapToDouble(ScheduledCapacity.Window::hoursPerMonth)
        .sum();
  }
}
