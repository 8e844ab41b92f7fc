package io.clockmirror.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code GET /clock} must answer for a request target, worked out without the service's code:
 * its own URI syntax check, query splitting and percent-decoding, and the mirror arithmetic done as
 * a subtraction on the clock face (11:60 minus the time, borrowing an hour), not as the service's
 * modulo over minutes.
 */
final class ClockOracle {

  private static final Pattern ESCAPE = Pattern.compile("%[0-9A-Fa-f]{2}");
  private static final Pattern URI_CHARACTERS = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@/?-]+");
  private static final Pattern TIME = Pattern.compile("(1[0-2]|0?[1-9]):([0-5][0-9])");
  private static final String NAME = "mirror_time";

  /** The parameter decoder stops after this many parameters (Netty's default). */
  private static final int MAX_PARAMETERS = 1024;

  private ClockOracle() {}

  /** Whether the target is made only of URI characters and well-formed escapes. */
  static boolean validTarget(String target) {
    return URI_CHARACTERS.matcher(ESCAPE.matcher(target).replaceAll("x")).matches();
  }

  /** The exact 200 body for the target's query, or empty when the answer must be 400. */
  static Optional<String> expectedBody(String target) {
    if (!validTarget(target)) {
      return Optional.empty();
    }
    int question = target.indexOf('?');
    if (question < 0) {
      return Optional.empty();
    }
    List<String> values = values(target.substring(question + 1));
    if (values.isEmpty() || values.get(0).isEmpty()) {
      return Optional.empty();
    }
    for (String value : values) {
      if (!value.equals(values.get(0))) {
        return Optional.empty();
      }
    }
    Matcher time = TIME.matcher(values.get(0));
    if (!time.matches()) {
      return Optional.empty();
    }
    int hour = Integer.parseInt(time.group(1));
    int minute = Integer.parseInt(time.group(2));
    return Optional.of(
        "{\"mirror_time\":\""
            + twoDigits(hour)
            + ":"
            + twoDigits(minute)
            + "\",\"actual_time\":\""
            + reflect(hour, minute)
            + "\"}");
  }

  /**
   * The real time for a mirrored one: the two readings add up to 12:00 on the dial. Subtract from
   * 11:60, and a result of 0 minutes or hours reads as the next hour or 12.
   */
  static String reflect(int hour, int minute) {
    int h = 11 - (hour == 12 ? 0 : hour);
    int m = 60 - minute;
    if (m == 60) {
      m = 0;
      h = h + 1;
    }
    if (h <= 0) {
      h = h + 12;
    }
    return twoDigits(h) + ":" + twoDigits(m);
  }

  private static List<String> values(String query) {
    List<String> values = new ArrayList<>();
    int parameters = 0;
    for (String segment : query.split("[&;]", -1)) {
      int start = 0;
      while (start < segment.length() && segment.charAt(start) == '=') {
        start++;
      }
      String pair = segment.substring(start);
      if (pair.isEmpty()) {
        continue;
      }
      if (++parameters > MAX_PARAMETERS) {
        break;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      if (asciiEqualsIgnoreCase(name, NAME)) {
        values.add(equals < 0 ? "" : decode(pair.substring(equals + 1)));
      }
    }
    return values;
  }

  /** Form decoding: '+' is a space, %XX a byte, and the bytes are UTF-8. */
  private static String decode(String text) {
    byte[] bytes = new byte[text.length()];
    int length = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        bytes[length++] = (byte) Integer.parseInt(text.substring(i + 1, i + 3), 16);
        i += 2;
      } else {
        bytes[length++] = (byte) (c == '+' ? ' ' : c);
      }
    }
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  /** The router's parameter map ignores the case of ASCII letters in names. */
  private static boolean asciiEqualsIgnoreCase(String a, String b) {
    if (a.length() != b.length()) {
      return false;
    }
    for (int i = 0; i < a.length(); i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y && lower(x) != lower(y)) {
        return false;
      }
    }
    return true;
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  private static String twoDigits(int n) {
    return n < 10 ? "0" + n : Integer.toString(n);
  }
}
