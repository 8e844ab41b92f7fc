package io.clockmirror.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestTargetTest {

  @Test
  void acceptsEveryCharacterAUriMayHoldAndWellFormedEscapes() {
    assertThat(RequestTarget.firstInvalid("/clock?mirror_time=12:22")).isEqualTo(-1);
    assertThat(RequestTarget.firstInvalid("/clock?mirror_time=12%3A22&x=%c3%a9")).isEqualTo(-1);
    assertThat(RequestTarget.firstInvalid("/a-b.c_d~e!f$g&h'i(j)k*l+m,n;o=p:q@r/s?t"))
        .isEqualTo(-1);
    assertThat(RequestTarget.firstInvalid("http://localhost:8080/clock")).isEqualTo(-1);
    assertThat(RequestTarget.firstInvalid("*")).isEqualTo(-1);
  }

  @Test
  void pointsAtTheFirstOffendingCharacter() {
    assertThat(RequestTarget.firstInvalid("/clock?mirror_time=%zz")).isEqualTo(19);
    assertThat(RequestTarget.firstInvalid("/clock?mirror_time=12:2%")).isEqualTo(23);
    assertThat(RequestTarget.firstInvalid("/clock?mirror_time=12:2%3")).isEqualTo(23);
    assertThat(RequestTarget.firstInvalid("/a b")).isEqualTo(2);
    assertThat(RequestTarget.firstInvalid("/a#b")).isEqualTo(2);
    assertThat(RequestTarget.firstInvalid("/[::1]")).isEqualTo(1);
    assertThat(RequestTarget.firstInvalid("/caf\u00e9")).isEqualTo(4);
    assertThat(RequestTarget.firstInvalid("/\u0000")).isEqualTo(1);
    assertThat(RequestTarget.firstInvalid("")).isZero();
    assertThat(RequestTarget.firstInvalid(null)).isZero();
  }

  @Test
  void describesTheProblemForTheClient() {
    assertThat(RequestTarget.describe("/x?%zz", 3))
        .isEqualTo(
            "The request target is not a valid URI: a '%' not followed by two hex digits at"
                + " position 3");
    assertThat(RequestTarget.describe("/a|b", 2))
        .isEqualTo("The request target is not a valid URI: character U+007C at position 2");
    assertThat(RequestTarget.describe("", 0)).isEqualTo("The request target is empty");
  }
}
