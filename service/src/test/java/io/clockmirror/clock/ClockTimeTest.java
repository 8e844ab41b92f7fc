package io.clockmirror.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClockTimeTest {

  /** The input pattern of the original (the Flask reference app), matched in full. */
  private static final Pattern ORIGINAL = Pattern.compile("(1[0-2]|0?[1-9]):([0-5][0-9])");

  private static final Pattern TWO_DIGIT = Pattern.compile("(1[0-2]|0[1-9]):[0-5][0-9]");

  @ParameterizedTest(name = "{0} in the mirror is {1}")
  @CsvSource({
    "12:22, 11:38",
    "05:25, 06:35",
    "01:50, 10:10",
    "11:58, 12:02",
    "12:01, 11:59",
    "04:25, 07:35",
    "10:00, 02:00",
    "11:00, 01:00",
    "12:00, 12:00",
    "06:00, 06:00",
    "2:11, 09:49",
  })
  void reflectsTheOriginalExamples(String mirror, String expected) {
    assertThat(ClockTime.parse(mirror).orElseThrow().reflect()).hasToString(expected);
  }

  @Test
  void normalisesAOneDigitHour() {
    assertThat(ClockTime.parse("2:11")).contains(new ClockTime(2, 11));
    assertThat(ClockTime.parse("2:11").orElseThrow()).hasToString("02:11");
    assertThat(ClockTime.parse("2:11").orElseThrow().reflect()).hasToString("09:49");
  }

  @ParameterizedTest(name = "[{0}] is rejected")
  @ValueSource(
      strings = {
        "",
        "00:20",
        "13:20",
        "12:60",
        "1:5",
        " 12:22",
        "12:22 ",
        "12-22",
        "1222",
        "12:2",
        "012:22",
        "01:20:00",
        "0:20",
        "a1:20",
        "1a:20",
        "12:a0",
        "12:0a",
        "12:22\n",
        "١٢:٢٢",
        "１２:２２",
        "12：22",
        "+1:20",
        "-1:20",
        "99:99",
        "/1:20",
      })
  void rejectsEverythingOutsideThePattern(String text) {
    assertThat(ClockTime.parse(text)).isEmpty();
  }

  @Test
  void rejectsNullAndVeryLongText() {
    assertThat(ClockTime.parse(null)).isEmpty();
    assertThat(ClockTime.parse("1".repeat(2_000))).isEmpty();
  }

  @Test
  void constructorGuardsTheRange() {
    assertThatIllegalArgumentException().isThrownBy(() -> new ClockTime(0, 0));
    assertThatIllegalArgumentException().isThrownBy(() -> new ClockTime(13, 0));
    assertThatIllegalArgumentException().isThrownBy(() -> new ClockTime(12, -1));
    assertThatIllegalArgumentException().isThrownBy(() -> new ClockTime(12, 60));
  }

  @Test
  void allHoldsEachOfThe720TimesOnce() {
    List<ClockTime> all = ClockTime.all();
    assertThat(all).hasSize(720).doesNotHaveDuplicates();
    assertThat(all.get(0)).isEqualTo(new ClockTime(12, 0));
    assertThat(all.get(719)).isEqualTo(new ClockTime(11, 59));
  }

  @Property(generation = GenerationMode.EXHAUSTIVE)
  void reflectionIsAnInvolution(@ForAll("everyTime") ClockTime time) {
    assertThat(time.reflect().reflect()).isEqualTo(time);
  }

  @Property(generation = GenerationMode.EXHAUSTIVE)
  void reflectionMatchesMinuteArithmetic(@ForAll("everyTime") ClockTime time) {
    // Independent oracle: minutes since midnight on a 12 h dial, subtracted from 12:00.
    int minutes = (time.hour() % 12) * 60 + time.minute();
    int reflected = Math.floorMod(-minutes, 720);
    int hour = reflected / 60 == 0 ? 12 : reflected / 60;
    assertThat(time.reflect()).isEqualTo(new ClockTime(hour, reflected % 60));
  }

  @Property(generation = GenerationMode.EXHAUSTIVE)
  void outputAlwaysMatchesThePattern(@ForAll("everyTime") ClockTime time) {
    assertThat(time.toString()).matches(TWO_DIGIT).matches(ORIGINAL);
    assertThat(time.reflect().toString()).matches(TWO_DIGIT);
  }

  @Property(generation = GenerationMode.EXHAUSTIVE)
  void parsingTheTextGivesTheTimeBack(@ForAll("everyTime") ClockTime time) {
    assertThat(ClockTime.parse(time.toString())).contains(time);
    if (time.hour() < 10) {
      String oneDigit = time.hour() + time.toString().substring(2);
      assertThat(ClockTime.parse(oneDigit)).contains(time);
    }
  }

  @Property(tries = 5_000)
  void parseAgreesWithTheOriginalPattern(@ForAll("nearlyTimes") String text) {
    assertThat(ClockTime.parse(text).isPresent()).isEqualTo(ORIGINAL.matcher(text).matches());
  }

  @Property(tries = 2_000)
  void parsingARangeEqualsParsingTheCopiedText(
      @ForAll("nearlyTimes") String text, @ForAll("nearlyTimes") String before) {
    String around = before + text + "x";
    int start = before.length();
    assertThat(ClockTime.parse(around, start, start + text.length()))
        .isEqualTo(ClockTime.parse(text));
  }

  @Test
  void parsingARangeOutsideTheTextIsAnError() {
    assertThatExceptionOfType(IndexOutOfBoundsException.class)
        .isThrownBy(() -> ClockTime.parse("12:22", 1, 6));
  }

  @Test
  void everyAcceptedTextIsOneOfTheOriginalPatternsMatches() {
    Set<String> accepted = new HashSet<>();
    for (int h = 0; h < 100; h++) {
      for (int m = 0; m < 100; m++) {
        for (String text : List.of(h + ":" + m, "%02d:%02d".formatted(h, m), h + ":0" + m)) {
          if (ClockTime.parse(text).isPresent()) {
            assertThat(text).matches(ORIGINAL);
            accepted.add(text);
          } else {
            assertThat(text).doesNotMatch(ORIGINAL);
          }
        }
      }
    }
    // 720 two-digit forms plus 540 one-digit-hour forms.
    assertThat(accepted).hasSize(1_260);
  }

  @Provide
  Arbitrary<ClockTime> everyTime() {
    return Arbitraries.of(ClockTime.all());
  }

  @Provide
  Arbitrary<String> nearlyTimes() {
    return Arbitraries.strings().withChars("0123456789:1 ").ofMinLength(0).ofMaxLength(6);
  }
}
