package io.clockmirror.infra.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronScheduleTest {

  private static final int DAY = 24 * 60;

  @Test
  void officeHoursStartOnWorkingDaysOnly() {
    CronSchedule schedule = CronSchedule.parse("cron(0 8 ? * MON-FRI *)");

    assertThat(schedule.days())
        .containsExactlyInAnyOrder(
            DayOfWeek.MONDAY,
            DayOfWeek.TUESDAY,
            DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY,
            DayOfWeek.FRIDAY);
    assertThat(schedule.minutesOfWeek())
        .containsExactly(
            8 * 60, DAY + 8 * 60, 2 * DAY + 8 * 60, 3 * DAY + 8 * 60, 4 * DAY + 8 * 60);
  }

  @Test
  void awsNumbersTheDaysFromSunday() {
    assertThat(CronSchedule.parse("cron(30 18 ? * 2-6 *)").days())
        .isEqualTo(CronSchedule.parse("cron(30 18 ? * MON-FRI *)").days());
    assertThat(CronSchedule.parse("cron(0 0 ? * 1,7 *)").days())
        .isEqualTo(Set.of(DayOfWeek.SUNDAY, DayOfWeek.SATURDAY));
  }

  @Test
  void everyDayAndSeveralHours() {
    CronSchedule schedule = CronSchedule.parse("cron(15 7,19 * * ? *)");

    assertThat(schedule.days()).hasSize(7);
    assertThat(schedule.minutesOfWeek()).hasSize(14).contains(7 * 60 + 15, 6 * DAY + 19 * 60 + 15);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rate(5 minutes)",
        "at(2027-01-01T08:00:00)",
        "cron(0/15 8 ? * MON-FRI *)",
        "cron(0 8 ? * MON#1 *)",
        "cron(0 8 ? * 6L *)",
        "cron(0 8 1 * ? *)",
        "cron(0 8 ? JAN MON *)",
        "cron(0 8 ? * MON-FRI 2027)",
        "cron(0 8 * * MON *)",
        "cron(0 8 ? * ? *)",
        "cron(0 8 ? * FRI-MON *)",
        "cron(0 24 ? * MON *)",
        "cron(0 8 ? * MON)"
      })
  void refusesWhatItDoesNotSupport(String expression) {
    assertThatThrownBy(() -> CronSchedule.parse(expression))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "the cost model does not support the schedule '" + expression + "'");
  }

  @ParameterizedTest
  @CsvSource({
    "'cron(0 8 ? * MON-FRI *)',5",
    "'cron(0 8 ? * SAT,SUN *)',2",
    "'cron(0 8 * * ? *)',7"
  })
  void firesOncePerDayItNames(String expression, int times) {
    assertThat(CronSchedule.parse(expression).minutesOfWeek()).hasSize(times);
  }
}
