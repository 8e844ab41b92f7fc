package io.clockmirror.web;

/**
 * The syntax check every request target passes before routing: only the characters RFC 3986 allows
 * in a URI, and every {@code %} followed by two hex digits. It replaces the framework's own check
 * (a {@code java.net.URI} parse that answers an empty 400) so that a rejection is problem+json like
 * every other error, and costs one table look-up per character.
 */
final class RequestTarget {

  /** Unreserved, sub-delims, and the gen-delims a request target may hold (no '#', '[', ']'). */
  private static final String ALLOWED_PUNCTUATION = "-._~!$&'()*+,;=:@/?";

  private static final boolean[] ALLOWED = new boolean[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      ALLOWED[c] = true;
      ALLOWED[Character.toUpperCase(c)] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      ALLOWED[c] = true;
    }
    for (int i = 0; i < ALLOWED_PUNCTUATION.length(); i++) {
      ALLOWED[ALLOWED_PUNCTUATION.charAt(i)] = true;
    }
  }

  private RequestTarget() {}

  /**
   * Position of the first character that makes {@code target} invalid, or -1 if it is valid. An
   * empty or missing target is invalid at position 0.
   */
  static int firstInvalid(String target) {
    if (target == null || target.isEmpty()) {
      return 0;
    }
    int length = target.length();
    for (int i = 0; i < length; i++) {
      char c = target.charAt(i);
      if (c == '%') {
        if (i + 2 >= length || !isHex(target.charAt(i + 1)) || !isHex(target.charAt(i + 2))) {
          return i;
        }
        i += 2;
      } else if (c >= ALLOWED.length || !ALLOWED[c]) {
        return i;
      }
    }
    return -1;
  }

  /** A sentence for the problem detail; {@code position} is what {@link #firstInvalid} found. */
  static String describe(String target, int position) {
    if (target == null || target.isEmpty()) {
      return "The request target is empty";
    }
    String what =
        target.charAt(position) == '%'
            ? "a '%' not followed by two hex digits"
            : String.format("character U+%04X", (int) target.charAt(position));
    return "The request target is not a valid URI: " + what + " at position " + position;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
