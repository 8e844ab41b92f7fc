package io.clockmirror.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of raw HTTP/1.1 requests, mostly for {@code /clock}, built to break parsers:
 * bad and tricky percent-encoding, digits and colons from other scripts, raw bytes, very long and
 * repeated parameters, odd methods and versions, huge and broken headers, bodies on GET.
 */
final class HostileRequests {

  /**
   * One request. {@code mayClose}: the request may legitimately make the server close the
   * connection (a protocol error, a size limit, HTTP/1.0), so it is the last one written before
   * reading.
   */
  record Case(String method, String target, String wire, boolean mayClose) {

    boolean head() {
      return method.equals("HEAD");
    }
  }

  private static final List<String> NEAR_MISSES =
      List.of(
          "00:20",
          "13:20",
          "12:60",
          "1:5",
          "1:",
          ":30",
          " 1:00",
          "1:00 ",
          "01:20:00",
          "+1:00",
          "1.00",
          "1-00",
          "-1:00",
          "0x1:00",
          "1e0:00",
          "١:٠٠",
          "12:22\u0000",
          "12:22\n",
          "1 :00",
          "001:00",
          "1:000",
          "24:00",
          "99:99",
          "NaN",
          "null",
          "undefined",
          "12;22",
          "12%3B22");

  private static final List<String> OTHER_PATHS =
      List.of(
          "/clock/",
          "/CLOCK",
          "/cl%6Fck",
          "/cl%6fck",
          "//clock",
          "/./clock",
          "/clock/../clock",
          "/clock/.",
          "/clock%2F",
          "/clock%00",
          "/clock;x=1",
          "/",
          "/nope",
          "/q/health/ready",
          "/q/health/live",
          "/q/health",
          "/q/info",
          "/openapi",
          "/swagger.json",
          "/q/swagger-ui/",
          "/q/swagger-ui",
          "/q/",
          "/q/nope",
          "*",
          "http://localhost/clock",
          "clock",
          "/%2e%2e/%2e%2e/etc/passwd",
          "/..%2f..%2fetc/passwd",
          "/q/swagger-ui/../../etc/passwd",
          "/clock/%2e%2e/openapi",
          "/q/swagger-ui/%2e%2e/%2e%2e/",
          "/\u00e9",
          "/%C0%AE%C0%AE/");

  /** Digits 0-9 from other scripts, and look-alikes of ':'; each string indexed by value. */
  private static final List<String> FOREIGN_DIGITS =
      List.of(
          "０１２３４５６７８９",
          "٠١٢٣٤٥٦٧٨٩",
          "۰۱۲۳۴۵۶۷۸۹",
          "०१२३४५६७८९",
          "০১২৩৪৫৬৭৮৯",
          "⁰¹²³⁴⁵⁶⁷⁸⁹",
          "₀₁₂₃₄₅₆₇₈₉",
          "⓪①②③④⑤⑥⑦⑧⑨",
          "OlZEASbTBg");

  private static final String COLON_LOOK_ALIKES = "∶：ː˸꞉׃։;";

  private static final List<String> BAD_ESCAPES =
      List.of(
          "%00",
          "%0d%0a",
          "%0D%0A",
          "%C0%AF",
          "%C0%BA",
          "%E0%80%BA",
          "%FF",
          "%FE%FF",
          "%ED%A0%80",
          "%F4%90%80%80",
          "%zz",
          "%",
          "%1",
          "%%",
          "%u003A",
          "%253A",
          "%G1",
          "%0",
          "%3",
          "%E2%80%8B",
          "%EF%BB%BF",
          "%C2%A0",
          "%09",
          "%20",
          "+",
          "%2B",
          "%26",
          "%3D",
          "%23");

  private static final List<String> ODD_METHODS =
      List.of(
          "HEAD",
          "POST",
          "PUT",
          "DELETE",
          "PATCH",
          "OPTIONS",
          "TRACE",
          "get",
          "Get",
          "FOO",
          "PROPFIND",
          "M-SEARCH",
          "BREW",
          "GETT",
          "G");

  private final SplittableRandom random;

  HostileRequests(long seed) {
    this.random = new SplittableRandom(seed);
  }

  Case next() {
    String method = "GET";
    boolean mayClose = false;
    int methodRoll = random.nextInt(100);
    if (methodRoll < 12) {
      method = pick(ODD_METHODS);
    } else if (methodRoll < 14) {
      method = "A".repeat(1 + random.nextInt(300));
    } else if (methodRoll < 15 && random.nextBoolean()) {
      method = pick(List.of("CONNECT", "G\u00c9T", "GET\u0000", "GE(T", "{GET}"));
      mayClose = true;
    }

    String target = target();
    // Near or over the request-line limit (2048) the answer is 414 and the connection closes.
    if (method.length() + target.length() > 1990 || hasFramingBytes(target)) {
      mayClose = true;
    }

    String version = "HTTP/1.1";
    if (random.nextInt(200) == 0) {
      version = pick(List.of("HTTP/1.0", "HTTP/2.0", "http/1.1", "HTTP/1.2", "HTTP/9.9", ""));
      mayClose = true;
    }

    StringBuilder headers = new StringBuilder();
    String body = "";
    int headerRoll = random.nextInt(200);
    boolean host = true;
    if (headerRoll < 6) {
      headers.append("X-Pad: ").append("a".repeat(100 + random.nextInt(7000))).append("\r\n");
    } else if (headerRoll < 8) {
      headers.append("X-Pad: ").append("b".repeat(8200 + random.nextInt(30000))).append("\r\n");
      mayClose = true;
    } else if (headerRoll < 12) {
      int count = 20 + random.nextInt(120);
      for (int i = 0; i < count; i++) {
        headers.append("X-H").append(i).append(": v").append(i).append("\r\n");
      }
    } else if (headerRoll < 13) {
      host = false;
      mayClose = true;
    } else if (headerRoll < 14) {
      headers.append(pick(List.of("Host: \r\n", "Host: ZAP%n%s%n%s\r\n", "Host: [::1\r\n")));
      host = false;
      mayClose = true;
    } else if (headerRoll < 20) {
      body = random.nextBoolean() ? "x".repeat(1 + random.nextInt(900)) : randomBytes(300, false);
      headers.append("Content-Length: ").append(body.length()).append("\r\n");
    } else if (headerRoll < 21) {
      body = "y".repeat(1100 + random.nextInt(5000));
      headers.append("Content-Length: ").append(body.length()).append("\r\n");
      mayClose = true;
    } else if (headerRoll < 23) {
      headers.append("Transfer-Encoding: chunked\r\n");
      body = "5\r\nhello\r\n0\r\n\r\n";
    } else if (headerRoll < 25) {
      headers.append(
          pick(
              List.of(
                  "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
                  "Content-Length: 1\r\nContent-Length: 2\r\n",
                  "Bad Header: x\r\n",
                  "X-Fold: a\r\n folded\r\n",
                  "X-Nul: a\u0000b\r\n",
                  "Expect: 100-continue\r\n",
                  ": no-name\r\n",
                  "X-Latin: caf\u00e9\r\n",
                  "Connection: close\r\n",
                  "Cookie: " + "c=1; ".repeat(1000) + "\r\n")));
      mayClose = true;
    } else if (headerRoll < 27) {
      headers.append("Host: localhost\r\n");
    }
    String wire =
        method
            + " "
            + target
            + (version.isEmpty() ? "" : " " + version)
            + "\r\n"
            + (host ? "Host: localhost\r\n" : "")
            + headers
            + "\r\n"
            + body;
    return new Case(method, target, wire, mayClose);
  }

  private String target() {
    int roll = random.nextInt(100);
    if (roll < 8) {
      return pick(OTHER_PATHS) + (random.nextBoolean() ? "" : "?" + query());
    }
    if (roll < 10) {
      return "/" + randomBytes(1 + random.nextInt(60), true);
    }
    return "/clock" + (random.nextInt(50) == 0 ? "" : "?" + query());
  }

  private String query() {
    int roll = random.nextInt(100);
    if (roll < 3) {
      return "";
    }
    if (roll < 6) {
      return randomBytes(1 + random.nextInt(80), true);
    }
    if (roll < 10) {
      String unit = pick(List.of("1", "12:22", "%41", "&", "mirror_time=1:00&", "%zz", ";", "="));
      return "mirror_time=" + unit.repeat(1 + (100 + random.nextInt(2900)) / unit.length());
    }
    StringBuilder query = new StringBuilder();
    if (random.nextInt(10) == 0) {
      query.append(pick(List.of("x=1&", "&", "&&", ";", "a=%zz&", "=&", "mirror_time&")));
    }
    query.append(name());
    int form = random.nextInt(20);
    if (form == 0) {
      return query.toString();
    }
    query.append('=');
    if (form == 1) {
      return query.toString();
    }
    String value = value();
    query.append(value);
    int extra = random.nextInt(12);
    if (extra == 0) {
      query.append(random.nextBoolean() ? '&' : ';').append("mirror_time=").append(value);
    } else if (extra == 1) {
      query.append("&mirror_time=").append(value());
    } else if (extra == 2) {
      query.append(pick(List.of("&x=1", "&", ";", "&mirror_time", "&mirror_time=", "&=1")));
    } else if (extra == 3) {
      for (int i = random.nextInt(60); i > 0; i--) {
        query.append("&mirror_time=").append(value);
      }
    }
    return query.toString();
  }

  private String name() {
    int roll = random.nextInt(40);
    return switch (roll) {
      case 0 -> "MIRROR_TIME";
      case 1 -> "Mirror_Time";
      case 2 -> "mirror%5Ftime";
      case 3 -> "mirror_time%00";
      case 4 -> "mirrortime";
      case 5 -> "mirror+time";
      case 6 -> "mirror_time[]";
      default -> "mirror_time";
    };
  }

  private String value() {
    int roll = random.nextInt(100);
    if (roll < 50) {
      return validTime();
    }
    if (roll < 60) {
      return encodeUtf8(pick(NEAR_MISSES), random.nextBoolean());
    }
    if (roll < 72) {
      return foreign();
    }
    if (roll < 88) {
      String time = validTime();
      int at = random.nextInt(time.length() + 1);
      String escape = pick(BAD_ESCAPES);
      return random.nextBoolean()
          ? time.substring(0, at) + escape + time.substring(at)
          : time.replace(":", escape);
    }
    if (roll < 94) {
      return randomBytes(1 + random.nextInt(20), true);
    }
    return "";
  }

  /** A valid time, sometimes with one-digit hours and parts percent-encoded. */
  private String validTime() {
    int hour = 1 + random.nextInt(12);
    int minute = random.nextInt(60);
    String text =
        (hour < 10 && random.nextBoolean() ? Integer.toString(hour) : pad(hour))
            + ":"
            + pad(minute);
    int encoding = random.nextInt(10);
    if (encoding == 0) {
      return text.replace(":", random.nextBoolean() ? "%3A" : "%3a");
    }
    if (encoding == 1) {
      StringBuilder all = new StringBuilder();
      for (char c : text.toCharArray()) {
        all.append('%').append(Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT));
      }
      return all.toString();
    }
    return text;
  }

  /** A time with one digit or the colon taken from another script, escaped or as raw UTF-8. */
  private String foreign() {
    String time = validTime().replace("%3A", ":").replace("%3a", ":");
    if (time.contains("%")) {
      time = "12:22";
    }
    StringBuilder changed = new StringBuilder(time);
    int at = random.nextInt(changed.length());
    if (changed.charAt(at) == ':') {
      changed.setCharAt(at, COLON_LOOK_ALIKES.charAt(random.nextInt(COLON_LOOK_ALIKES.length())));
    } else {
      String digits = pick(FOREIGN_DIGITS);
      int digit = changed.charAt(at) - '0';
      changed.replace(at, at + 1, digits.substring(digit, digit + 1));
    }
    return encodeUtf8(changed.toString(), random.nextInt(4) != 0);
  }

  /** Percent-encodes non-URI characters as UTF-8, or leaves them as raw UTF-8 bytes. */
  private static String encodeUtf8(String text, boolean escape) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int unsigned = b & 0xff;
      boolean plain = unsigned > 0x20 && unsigned < 0x7f && "\"<>\\^`{|}%# ".indexOf(unsigned) < 0;
      if (plain || !escape) {
        out.append((char) unsigned);
      } else {
        out.append('%').append(String.format("%02X", unsigned));
      }
    }
    return out.toString();
  }

  /** Random bytes as chars 0-255; {@code printable} keeps them to visible ASCII and above. */
  private String randomBytes(int length, boolean printable) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int b = random.nextInt(256);
      if (printable && random.nextInt(4) != 0) {
        b = 0x21 + random.nextInt(0x7f - 0x21);
      }
      out.append((char) b);
    }
    return out.toString();
  }

  /** Bytes that end or split a request line: whitespace and controls. */
  private static boolean hasFramingBytes(String target) {
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c <= 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  private <T> T pick(List<T> choices) {
    return choices.get(random.nextInt(choices.size()));
  }

  private static String pad(int n) {
    return n < 10 ? "0" + n : Integer.toString(n);
  }
}
