package io.clockmirror.clock;

/**
 * The answer to one question: the time seen in the mirror and the time the clock really shows.
 *
 * @param mirror what the mirror shows, normalised to two-digit hours
 * @param actual the real time, its reflection
 */
record ClockAnswer(ClockTime mirror, ClockTime actual) {

  static ClockAnswer of(ClockTime mirror) {
    return new ClockAnswer(mirror, mirror.reflect());
  }

  /** The response body, keys in the documented order. Both values are fixed-width digits. */
  String toJson() {
    return "{\"mirror_time\":\"" + mirror + "\",\"actual_time\":\"" + actual + "\"}";
  }
}
