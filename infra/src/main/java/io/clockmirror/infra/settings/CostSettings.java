package io.clockmirror.infra.settings;

import io.clockmirror.infra.constructs.FargateAppProps;
import io.clockmirror.infra.constructs.Network;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The choices that decide what an environment costs while nobody uses it, read from the {@code
 * "cost"} object of the environment in {@code cdk.json}. docs/cost.md says what each costs and what
 * each gives up.
 *
 * @param network where the tasks run: isolated subnets behind VPC endpoints (about $48 a month in
 *     two zones), or public subnets with a public address per task and no endpoints
 * @param capacity on-demand Fargate, or Fargate Spot (about 70 % less; X86_64 only; a task may be
 *     stopped with two minutes' notice)
 * @param officeHours when the service runs; outside them it scales to zero tasks. Empty: always
 */
public record CostSettings(
    Network.Placement network,
    FargateAppProps.Capacity capacity,
    Optional<OfficeHours> officeHours) {

  /** The key of this object inside an environment's settings. */
  public static final String KEY = "cost";

  public CostSettings {
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(officeHours, "officeHours");
  }

  /** Today's setup: isolated subnets, on-demand tasks, always running. */
  public static CostSettings isolatedOnDemand() {
    return new CostSettings(
        Network.Placement.ISOLATED, FargateAppProps.Capacity.FARGATE, Optional.empty());
  }

  /**
   * The hours the service runs, in one time zone; outside them a scheduled action scales it to zero
   * tasks, and at {@code startHour} another scales it back to the environment's capacity.
   *
   * @param timeZone an IANA time zone, e.g. {@code Europe/Dublin}; the schedule follows its summer
   *     time
   * @param days the days of the week it runs, as a cron day-of-week field: {@code MON-FRI}, {@code
   *     MON,WED,FRI}
   * @param startHour the hour it starts, 0..22
   * @param stopHour the hour it stops, after {@code startHour}, at most 23
   */
  public record OfficeHours(String timeZone, String days, int startHour, int stopHour) {

    private static final String DAY = "(MON|TUE|WED|THU|FRI|SAT|SUN)";
    private static final Pattern DAYS =
        Pattern.compile(DAY + "(-" + DAY + ")?(," + DAY + "(-" + DAY + ")?)*");

    public OfficeHours {
      Objects.requireNonNull(timeZone, "timeZone");
      Objects.requireNonNull(days, "days");
      try {
        ZoneId.of(timeZone);
      } catch (DateTimeException e) {
        throw new IllegalArgumentException(
            "cost.officeHours.timeZone is not a time zone: " + timeZone, e);
      }
      require(
          DAYS.matcher(days).matches(),
          "cost.officeHours.days must be days of the week such as MON-FRI or MON,WED: " + days);
      require(
          startHour >= 0 && startHour < stopHour && stopHour <= 23,
          "cost.officeHours must start at an hour 0..22 and stop at a later one, at most 23: "
              + startHour
              + ".."
              + stopHour);
    }

    /** When Application Auto Scaling brings the service back: {@code cron(0 8 ? * MON-FRI *)}. */
    public String startSchedule() {
      return "cron(0 " + startHour + " ? * " + days + " *)";
    }

    /** When it scales the service to zero tasks. */
    public String stopSchedule() {
      return "cron(0 " + stopHour + " ? * " + days + " *)";
    }
  }

  /**
   * Reads the {@value #KEY} object of one environment's settings; without one, today's setup.
   *
   * @throws IllegalArgumentException when a value is invalid
   */
  static CostSettings fromContext(Object value) {
    if (value == null) {
      return isolatedOnDemand();
    }
    if (!(value instanceof Map<?, ?> values)) {
      throw new IllegalArgumentException("setting 'cost' must be an object: " + value);
    }
    Object hours = values.get("officeHours");
    Optional<OfficeHours> officeHours = Optional.empty();
    if (hours instanceof Map<?, ?> office) {
      officeHours =
          Optional.of(
              new OfficeHours(
                  text(office, "timeZone"),
                  text(office, "days"),
                  hour(office, "startHour"),
                  hour(office, "stopHour")));
    } else if (hours != null) {
      throw new IllegalArgumentException(
          "setting 'cost.officeHours' must be an object or null: " + hours);
    }
    return new CostSettings(
        choice(Network.Placement.class, values.get("network"), "network"),
        choice(FargateAppProps.Capacity.class, values.get("capacity"), "capacity"),
        officeHours);
  }

  private static <E extends Enum<E>> E choice(Class<E> type, Object value, String key) {
    if (value == null) {
      throw new IllegalArgumentException("setting 'cost." + key + "' is missing");
    }
    try {
      return Enum.valueOf(type, String.valueOf(value).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cost."
              + key
              + " must be one of "
              + Arrays.toString(type.getEnumConstants())
              + ": "
              + value,
          e);
    }
  }

  private static String text(Map<?, ?> values, String key) {
    Object value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("setting 'cost.officeHours." + key + "' is missing");
    }
    return String.valueOf(value);
  }

  private static int hour(Map<?, ?> values, String key) {
    if (values.get(key) instanceof Number number
        && number.doubleValue() == Math.rint(number.doubleValue())) {
      return number.intValue();
    }
    throw new IllegalArgumentException(
        "setting 'cost.officeHours." + key + "' must be a whole hour: " + values.get(key));
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
