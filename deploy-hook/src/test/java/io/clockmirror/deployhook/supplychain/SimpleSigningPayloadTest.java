package io.clockmirror.deployhook.supplychain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimpleSigningPayloadTest {

  private static final Digest IMAGE = Digest.of("image".getBytes(StandardCharsets.UTF_8));

  /** A payload as cosign writes it, without optional claims. */
  private static final String COSIGN =
      "{\"critical\":{\"identity\":{\"docker-reference\":\"r/a\"},\"image\":{\"docker-manifest-digest\":\""
          + IMAGE
          + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}";

  @Test
  void writesCosignsPayloadWithOptionalNullWithoutAnnotations() {
    assertThat(
            new String(
                new SimpleSigningPayload(IMAGE, "registry.example/app", Map.of()).toBytes(),
                StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"critical\":{\"identity\":{\"docker-reference\":\"registry.example/app\"},"
                + "\"image\":{\"docker-manifest-digest\":\""
                + IMAGE
                + "\"},"
                + "\"type\":\"cosign container image signature\"},\"optional\":null}");
  }

  @Test
  void readsBackWhatItWrites() {
    SimpleSigningPayload payload =
        new SimpleSigningPayload(
            IMAGE, "registry.example/app", Map.of("io.clockmirror.sbom", IMAGE.toString()));
    assertThat(SimpleSigningPayload.parse(payload.toBytes())).isEqualTo(payload);
  }

  @Test
  void readsCosignsOwnOptionalFieldsAndIgnoresNonStrings() {
    String json =
        COSIGN.replace(
            "\"optional\":null", "\"optional\":{\"creator\":\"cosign\",\"timestamp\":1}");
    assertThat(SimpleSigningPayload.parse(json.getBytes(StandardCharsets.UTF_8)).annotations())
        .isEqualTo(Map.of("creator", "cosign"));
  }

  @Test
  void isAsStrictAsContainersImage() {
    String good = COSIGN;
    assertThat(SimpleSigningPayload.parse(good.getBytes(StandardCharsets.UTF_8)).image())
        .isEqualTo(IMAGE);
    assertThatThrownBy(
            () ->
                parse(
                    good.replace("cosign container image signature", "atomic container signature")))
        .hasMessageContaining("type is 'atomic container signature'");
    assertThatThrownBy(() -> parse(good.replace(",\"optional\":null", "")))
        .hasMessageContaining("expected exactly [critical, optional]");
    assertThatThrownBy(() -> parse(good.replace("\"type\"", "\"extra\":1,\"type\"")))
        .hasMessageContaining("critical has the fields");
    assertThatThrownBy(() -> parse(good.replace("\"docker-manifest-digest\"", "\"digest\"")))
        .hasMessageContaining("critical.image");
    assertThatThrownBy(() -> parse(good.replace("\"optional\":null", "\"optional\":[]")))
        .hasMessageContaining("'optional' is neither null nor a JSON object");
    assertThatThrownBy(() -> parse(good.replace(IMAGE.toString(), "md5:abc")))
        .hasMessageContaining("not a sha256 digest");
    assertThatThrownBy(() -> parse("[]")).hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> parse("{")).hasMessageContaining("is not JSON");
  }

  private static SimpleSigningPayload parse(String json) {
    return SimpleSigningPayload.parse(json.getBytes(StandardCharsets.UTF_8));
  }
}
