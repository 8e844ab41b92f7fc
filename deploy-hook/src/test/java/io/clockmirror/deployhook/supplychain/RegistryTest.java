package io.clockmirror.deployhook.supplychain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegistryTest {

  private static final String REPO = "clockmirror";
  private static final String TOKEN = "Basic QVdTOnNlY3JldA==";
  private final InMemoryRegistry memory;

  RegistryTest() throws IOException {
    memory = new InMemoryRegistry();
  }

  @AfterEach
  void stop() {
    memory.close();
  }

  private Registry registry(String authorization) {
    return new Registry(memory.url(), authorization, Duration.ofSeconds(5));
  }

  @Test
  void followsABlobRedirectWithoutSendingTheCredentialsThere() throws Exception {
    byte[] blob = "payload".getBytes(StandardCharsets.UTF_8);
    memory.putBlob(blob);
    memory.redirectBlobs = true;
    memory.requiredAuthorization = TOKEN;
    assertThat(registry(TOKEN).blob(REPO, Digest.of(blob), 100)).isEqualTo(blob);
    assertThat(memory.authorizationSeenElsewhere).isNull();
    assertThatThrownBy(() -> registry(null).blob(REPO, Digest.of(blob), 100))
        .hasMessageContaining("HTTP 401");
  }

  @Test
  void refusesContentThatDoesNotMatchItsDigest() {
    byte[] real = "real".getBytes(StandardCharsets.UTF_8);
    Digest claimed = Digest.of("claimed".getBytes(StandardCharsets.UTF_8));
    memory.blobs.put(claimed.toString(), real);
    assertThatThrownBy(() -> registry(null).blob(REPO, claimed, 100))
        .isInstanceOf(RegistryException.class)
        .hasMessage("the blob served for " + claimed + " does not match it: refused");
    memory.manifests.put(
        claimed.toString(), new InMemoryRegistry.Stored(Descriptor.OCI_MANIFEST, real));
    assertThatThrownBy(() -> registry(null).manifest(REPO, claimed.toString()))
        .hasMessageStartingWith("the manifest served for " + claimed + " hashes to ");
  }

  @Test
  void refusesOversizedBlobsAndQuotesRegistryErrors() {
    byte[] blob = new byte[101];
    memory.putBlob(blob);
    assertThatThrownBy(() -> registry(null).blob(REPO, Digest.of(blob), 100))
        .hasMessageContaining("more than 100 bytes: refused");
    memory.failWith = 503;
    assertThatThrownBy(() -> registry(null).hasBlob(REPO, Digest.of(blob)))
        .hasMessageContaining("HTTP 503");
    assertThatThrownBy(() -> registry(null).manifest(REPO, "1.0.0"))
        .hasMessage(
            "GET manifest 1.0.0: HTTP 503 {\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"broken\"}]}");
  }

  @Test
  void uploadsOnlyMissingBlobs() throws Exception {
    byte[] blob = "upload me".getBytes(StandardCharsets.UTF_8);
    registry(null).putBlob(REPO, blob);
    registry(null).putBlob(REPO, blob);
    assertThat(memory.blobs).containsKey(Digest.of(blob).toString());
    assertThat(memory.requests.stream().filter(r -> r.startsWith("POST"))).hasSize(1);
  }

  @Test
  void acceptsOnlyARegistryRootAndValidNames() {
    assertThatThrownBy(() -> new Registry(URI.create("ftp://host"), null, Duration.ofSeconds(1)))
        .hasMessageContaining("http(s)://host[:port]");
    assertThatThrownBy(
            () -> new Registry(URI.create("https://host/v2"), null, Duration.ofSeconds(1)))
        .hasMessageContaining("no path");
    assertThat(new Registry(URI.create("https://host:5000/"), null, Duration.ofSeconds(1)).base())
        .isEqualTo(URI.create("https://host:5000"));
    assertThatThrownBy(() -> Registry.checkRepository("../etc"))
        .hasMessageContaining("not an OCI repository name");
    assertThatThrownBy(() -> registry(null).manifest(REPO, "bad/tag"))
        .hasMessageContaining("not a tag or digest");
  }
}
