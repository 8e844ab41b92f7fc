package io.clockmirror.clock;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A time on a twelve-hour analog clock face: hour 1 to 12, minute 0 to 59.
 *
 * <p>There are only 720 such times, so every instance handed out by {@link #parse} and {@link
 * #reflect} is one of a fixed table: parsing and reflecting allocate nothing.
 */
public record ClockTime(int hour, int minute) {

  /** What a valid mirror time looks like, for messages shown to users. */
  public static final String EXPECTED = "expected H:MM or HH:MM with hour 1-12 and minutes 00-59";

  private static final int MINUTES_PER_HOUR = 60;
  private static final int MINUTES_ON_FACE = 12 * MINUTES_PER_HOUR;

  /** Indexed by {@link #minuteOfFace()}. */
  private static final ClockTime[] ALL = new ClockTime[MINUTES_ON_FACE];

  /** The same table wrapped once, so that a successful parse returns a shared Optional. */
  private static final Optional<ClockTime>[] PARSED = newOptionalArray(MINUTES_ON_FACE);

  static {
    for (int i = 0; i < MINUTES_ON_FACE; i++) {
      int hour = i / MINUTES_PER_HOUR;
      ALL[i] = new ClockTime(hour == 0 ? 12 : hour, i % MINUTES_PER_HOUR);
      PARSED[i] = Optional.of(ALL[i]);
    }
  }

  /** Validates the range; the table above is the only caller that needs no checks. */
  public ClockTime {
    if (hour < 1 || hour > 12) {
      throw new IllegalArgumentException("hour " + hour + " is outside 1-12");
    }
    if (minute < 0 || minute >= MINUTES_PER_HOUR) {
      throw new IllegalArgumentException("minute " + minute + " is outside 0-59");
    }
  }

  /**
   * Reads {@code H:MM} or {@code HH:MM} (hour 1-12, leading zero optional; minutes 00-59), the
   * whole text and nothing else, ASCII digits only. Anything else is empty.
   */
  public static Optional<ClockTime> parse(CharSequence text) {
    if (text == null) {
      return Optional.empty();
    }
    return parse(text, 0, text.length());
  }

  /**
   * {@link #parse(CharSequence)} of the characters from {@code start} (inclusive) to {@code end}
   * (exclusive), without copying them out first.
   *
   * @throws IndexOutOfBoundsException if the range is not within the text
   */
  public static Optional<ClockTime> parse(CharSequence text, int start, int end) {
    Objects.checkFromToIndex(start, end, text.length());
    int length = end - start;
    int hour;
    if (length == 4 && text.charAt(start + 1) == ':') {
      hour = digit(text.charAt(start));
    } else if (length == 5 && text.charAt(start + 2) == ':') {
      int tens = digit(text.charAt(start));
      int ones = digit(text.charAt(start + 1));
      hour = tens < 0 || ones < 0 ? -1 : tens * 10 + ones;
    } else {
      return Optional.empty();
    }
    int minuteTens = digit(text.charAt(end - 2));
    int minuteOnes = digit(text.charAt(end - 1));
    if (hour < 1 || hour > 12 || minuteTens < 0 || minuteTens > 5 || minuteOnes < 0) {
      return Optional.empty();
    }
    return PARSED[(hour % 12) * MINUTES_PER_HOUR + minuteTens * 10 + minuteOnes];
  }

  /** Every valid time, from 12:00 through 11:59. */
  public static List<ClockTime> all() {
    return List.of(ALL);
  }

  /**
   * The time a clock really shows when its mirror image shows this one: the reflection across the
   * 12-6 axis, (12:00 - this) mod 12 h.
   */
  public ClockTime reflect() {
    return ALL[(MINUTES_ON_FACE - minuteOfFace()) % MINUTES_ON_FACE];
  }

  /** Minutes past 12 o'clock, 0 to 719. */
  public int minuteOfFace() {
    return (hour % 12) * MINUTES_PER_HOUR + minute;
  }

  /** Two-digit hour and minutes, e.g. {@code 02:11}. */
  @Override
  public String toString() {
    return new String(
        new char[] {
          (char) ('0' + hour / 10),
          (char) ('0' + hour % 10),
          ':',
          (char) ('0' + minute / 10),
          (char) ('0' + minute % 10)
        });
  }

  private static int digit(char c) {
    return c >= '0' && c <= '9' ? c - '0' : -1;
  }

  @SuppressWarnings("unchecked")
  private static Optional<ClockTime>[] newOptionalArray(int size) {
    return (Optional<ClockTime>[]) new Optional<?>[size];
  }
}
