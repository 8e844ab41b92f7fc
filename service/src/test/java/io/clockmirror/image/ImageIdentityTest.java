package io.clockmirror.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageIdentityTest {

  private static final String COMMIT = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";

  @ParameterizedTest
  @CsvSource({
    "local, local",
    "1.0.0-1a2b3c4, 1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d",
    "1.0.0-1a2b3c4-manual.20261201221500, 1a2b3c4",
    "2.13.0-rc.1-1a2b3c4, 1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f80",
    "_x, local"
  })
  void aTagAndACommitIdOrTheUnnamedBuild(String tag, String commit) {
    assertThat(new ImageIdentity(tag, commit)).extracting(ImageIdentity::tag).isEqualTo(tag);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", " ", "-1.0.0", ".x", "1.0.0 abc", "1.0.0/abc", "1.0.0:abc", "tåg"})
  void aTagARegistryWouldRefuseStopsTheStart(String tag) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ImageIdentity(tag, COMMIT))
        .withMessageStartingWith("clockmirror.image.tag is [" + tag + "]: not an image tag");
  }

  @Test
  void aTagHasAtMost128Characters() {
    assertThat(new ImageIdentity("x".repeat(128), COMMIT).tag()).hasSize(128);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ImageIdentity("x".repeat(129), COMMIT));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "main", "LOCAL", "1A2B3C4", "1a2b3c", "g1a2b3c4", " 1a2b3c4"})
  void aCommitThatIsNotACommitIdStopsTheStart(String commit) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ImageIdentity("1.0.0-1a2b3c4", commit))
        .withMessage(
            "clockmirror.image.commit is ["
                + commit
                + "]: not a commit id (7 to 64 lower-case hex digits) or local");
  }

  @Test
  void aCommitIdHas7To64Digits() {
    assertThat(new ImageIdentity("t", "a".repeat(7)).commit()).hasSize(7);
    assertThat(new ImageIdentity("t", "a".repeat(64)).commit()).hasSize(64);
    assertThatIllegalArgumentException().isThrownBy(() -> new ImageIdentity("t", "a".repeat(65)));
  }
}
