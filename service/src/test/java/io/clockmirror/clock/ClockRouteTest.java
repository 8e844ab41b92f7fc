package io.clockmirror.clock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The raw-query shortcut of {@link ClockRoute}: it answers only where decoding could not differ.
 */
class ClockRouteTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"mirror_time=12:22, 12:22", "mirror_time=2:11, 02:11", "mirror_time=06:00, 06:00"})
  void readsAPlainQuery(String query, String mirror) {
    assertThat(ClockRoute.parsePlainQuery(query)).map(ClockTime::toString).contains(mirror);
  }

  /** Each of these goes to the decoding path, which answers or words the error itself. */
  @ParameterizedTest(name = "[{0}] is left to the decoder")
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "mirror_time=",
        "mirror_time=12%3A22",
        "mirror_time=+12:22",
        "mirror_time=12:22&mirror_time=12:22",
        "mirror_time=12:22;x=1",
        "mirror_time=12:22#top",
        "x=1&mirror_time=12:22",
        "mirror_timex=12:22",
        "Mirror_time=12:22",
        "mirror_time=13:22",
        "mirror_time=12:2",
        "mirror_time=12:22:00"
      })
  void leavesEverythingElseToTheDecoder(String query) {
    assertThat(ClockRoute.parsePlainQuery(query)).isEmpty();
  }
}
