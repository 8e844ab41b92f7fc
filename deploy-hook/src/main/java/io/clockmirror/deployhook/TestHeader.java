package io.clockmirror.deployhook;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The header every check request carries so that the load balancer's test listener rule sends it to
 * the new revision. The value is a shared secret of that rule: {@link #toString()} hides it.
 */
record TestHeader(String name, String value) {

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  // java.net.http refuses to send these; the load balancer would not route on them either.
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  TestHeader {
    if (name == null || !TOKEN.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "TEST_HEADER_NAME '" + name + "' is not an HTTP header name");
    }
    if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("TEST_HEADER_NAME '" + name + "' cannot be set");
    }
    if (value == null || value.isBlank() || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("TEST_HEADER_VALUE is blank or holds control characters");
    }
  }

  @Override
  public String toString() {
    return name + ": [redacted]";
  }
}
