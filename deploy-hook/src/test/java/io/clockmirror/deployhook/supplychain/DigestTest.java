package io.clockmirror.deployhook.supplychain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class DigestTest {

  private static final String HEX =
      "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

  @Test
  void isTheSha256OfTheContent() {
    Digest digest = Digest.of("hello".getBytes(StandardCharsets.UTF_8));
    assertThat(digest).hasToString("sha256:" + HEX).isEqualTo(Digest.parse("sha256:" + HEX));
    assertThat(digest.matches("hello".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(digest.bytes()).hasSize(32);
  }

  @Test
  void namesTheTagsOfItsAttachments() {
    Digest digest = new Digest(HEX);
    assertThat(digest.signatureTag()).isEqualTo("sha256-" + HEX + ".sig");
    assertThat(digest.referrersTag()).isEqualTo("sha256-" + HEX);
  }

  @Test
  void refusesAnythingButSha256Hex() {
    assertThatThrownBy(() -> Digest.parse("sha512:" + HEX))
        .hasMessageContaining("not a sha256 digest");
    assertThatThrownBy(() -> Digest.parse("sha256:" + HEX.toUpperCase(Locale.ROOT)))
        .hasMessageContaining("not 64 lower-case hex digits");
    assertThatThrownBy(() -> new Digest(HEX + "0")).hasMessageContaining("not 64");
    assertThatThrownBy(() -> Digest.parse(null)).hasMessageContaining("not a sha256 digest");
  }
}
