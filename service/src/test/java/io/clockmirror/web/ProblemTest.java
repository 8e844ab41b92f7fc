package io.clockmirror.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ProblemTest {

  @Test
  void serialisesTheRfc9457MembersInOrder() {
    assertThat(new Problem(400, "Bad Request", "x is wrong", "/clock").toJson())
        .isEqualTo(
            "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                + "\"detail\":\"x is wrong\",\"instance\":\"/clock\"}");
  }

  @Test
  void escapesRequestTextInsideTheDetail() {
    String hostile = "\"},\u0000\r\n<script>";
    String json = new Problem(400, "Bad Request", hostile, "/clock").toJson();
    assertThat(new JsonObject(json).getString("detail")).isEqualTo(hostile);
    assertThat(json).doesNotContain("\r").doesNotContain("\n").doesNotContain("\u0000");
  }

  @Test
  void quoteKeepsShortTextAndCutsLongText() {
    assertThat(Problems.quote("12:22")).isEqualTo("12:22");
    assertThat(Problems.quote("x".repeat(65))).isEqualTo("x".repeat(64) + "… (65 characters)");
  }

  @Test
  void quoteCountsAndCutsCharactersNotUtf16Units() {
    String emoji = "\uD83D\uDE00";
    assertThat(Problems.quote("a".repeat(63) + emoji + "b"))
        .isEqualTo("a".repeat(63) + emoji + "… (65 characters)");
    assertThat(Problems.quote(emoji.repeat(64))).isEqualTo(emoji.repeat(64));
    assertThat(Problems.quote(emoji.repeat(65))).isEqualTo(emoji.repeat(64) + "… (65 characters)");
  }

  @Test
  void quoteNeverEndsOnHalfASurrogatePair() {
    String mathematicalA = "\uD835\uDC00";
    String quoted = Problems.quote("a".repeat(63) + mathematicalA.repeat(3));
    assertThat(quoted).isEqualTo("a".repeat(63) + mathematicalA + "… (66 characters)");
    assertThat(quoted.codePoints()).noneMatch(c -> Character.getType(c) == Character.SURROGATE);
  }
}
