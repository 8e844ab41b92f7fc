package io.clockmirror.deployhook.supplychain;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A client of one registry's OCI distribution API (the part of it that images, signatures and
 * attached artifacts need): manifests by tag or digest, blobs, uploads, and the referrers list.
 * Every manifest and blob read is checked against its digest, so a registry (or anything between)
 * cannot substitute content. Redirects are followed for reads (ECR sends blob downloads to S3), and
 * the registry's credentials are never sent to another host.
 */
final class Registry {

  static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
  private static final int MAX_REDIRECTS = 5;
  private static final int MAX_ERROR_CHARS = 300;
  private static final String ACCEPT_MANIFESTS =
      String.join(
          ", ",
          Descriptor.OCI_MANIFEST,
          Descriptor.OCI_INDEX,
          Descriptor.DOCKER_MANIFEST,
          Descriptor.DOCKER_LIST);

  // OCI distribution spec: repository names and tags.
  private static final Pattern NAME =
      Pattern.compile(
          "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");
  private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

  /** A manifest as the registry holds it: its media type, exact bytes and their digest. */
  record Manifest(String mediaType, byte[] bytes, Digest digest) {}

  private final URI base;
  private final String authorization;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * {@code base} is the registry's root, {@code http(s)://host[:port]}; {@code authorization} the
   * whole Authorization header value (ECR: {@code Basic <token>}), or null for none.
   */
  Registry(URI base, String authorization, Duration timeout) {
    String scheme = base.getScheme();
    if (!("https".equals(scheme) || "http".equals(scheme))
        || base.getHost() == null
        || !(base.getRawPath() == null
            || base.getRawPath().isEmpty()
            || "/".equals(base.getRawPath()))) {
      throw new IllegalArgumentException(
          "a registry is http(s)://host[:port] with no path, not '" + base + "'");
    }
    this.base = URI.create(scheme + "://" + base.getRawAuthority());
    this.authorization = authorization;
    this.timeout = Objects.requireNonNull(timeout);
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  URI base() {
    return base;
  }

  static void checkRepository(String repository) {
    if (repository == null || !NAME.matcher(repository).matches()) {
      throw new IllegalArgumentException("not an OCI repository name: '" + repository + "'");
    }
  }

  /** Refuses anything but a tag as the distribution specification allows it. */
  static void checkTag(String tag) {
    if (tag == null || !TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("not a tag: '" + tag + "'");
    }
  }

  private static String reference(String reference) {
    if (reference != null
        && (TAG.matcher(reference).matches() || reference.startsWith("sha256:"))) {
      if (reference.startsWith("sha256:")) {
        Digest.parse(reference);
      }
      return reference;
    }
    throw new IllegalArgumentException("not a tag or digest: '" + reference + "'");
  }

  /** The manifest under a tag or digest; empty when the registry says it has none (404). */
  Optional<Manifest> manifest(String repository, String reference)
      throws IOException, InterruptedException {
    checkRepository(repository);
    URI uri = base.resolve("/v2/" + repository + "/manifests/" + reference(reference));
    HttpResponse<InputStream> response =
        send(HttpRequest.newBuilder(uri).GET().header("Accept", ACCEPT_MANIFESTS), uri);
    if (response.statusCode() == 404) {
      response.body().close();
      return Optional.empty();
    }
    byte[] bytes = successBody(response, "GET manifest " + reference, MAX_MANIFEST_BYTES);
    Digest digest = Digest.of(bytes);
    if (reference.startsWith("sha256:") && !digest.equals(Digest.parse(reference))) {
      throw new RegistryException(
          "the manifest served for " + reference + " hashes to " + digest + ": refused");
    }
    String mediaType =
        response.headers().firstValue("Content-Type").map(Registry::bareMediaType).orElse("");
    return Optional.of(new Manifest(mediaType, bytes, digest));
  }

  /** A blob's bytes, at most {@code maxBytes}, checked against its digest. */
  byte[] blob(String repository, Digest digest, int maxBytes)
      throws IOException, InterruptedException {
    checkRepository(repository);
    URI uri = base.resolve("/v2/" + repository + "/blobs/" + digest);
    HttpResponse<InputStream> response = send(HttpRequest.newBuilder(uri).GET(), uri);
    byte[] bytes = successBody(response, "GET blob " + digest, maxBytes);
    if (!digest.matches(bytes)) {
      throw new RegistryException("the blob served for " + digest + " does not match it: refused");
    }
    return bytes;
  }

  boolean hasBlob(String repository, Digest digest) throws IOException, InterruptedException {
    checkRepository(repository);
    URI uri = base.resolve("/v2/" + repository + "/blobs/" + digest);
    HttpResponse<InputStream> response =
        send(HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()), uri);
    response.body().close();
    if (response.statusCode() == 404) {
      return false;
    }
    if (response.statusCode() / 100 == 2) {
      return true;
    }
    throw new RegistryException("HEAD blob " + digest + ": HTTP " + response.statusCode());
  }

  /**
   * Uploads a blob unless the repository has it: POST a session, PATCH the bytes, PUT with the
   * digest (the sequence go-containerregistry uses against ECR and Docker's registry alike).
   */
  void putBlob(String repository, byte[] content) throws IOException, InterruptedException {
    Digest digest = Digest.of(content);
    if (hasBlob(repository, digest)) {
      return;
    }
    URI start = base.resolve("/v2/" + repository + "/blobs/uploads/");
    HttpResponse<InputStream> session =
        send(HttpRequest.newBuilder(start).POST(HttpRequest.BodyPublishers.noBody()), start);
    URI upload = location(session, 202, "POST blob upload");
    HttpResponse<InputStream> patched =
        send(
            HttpRequest.newBuilder(upload)
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(content))
                .header("Content-Type", "application/octet-stream"),
            upload);
    URI finish = withQuery(location(patched, 202, "PATCH blob " + digest), "digest=" + digest);
    HttpResponse<InputStream> done =
        send(
            HttpRequest.newBuilder(finish)
                .PUT(HttpRequest.BodyPublishers.noBody())
                .header("Content-Type", "application/octet-stream"),
            finish);
    successBody(done, "PUT blob " + digest, MAX_ERROR_CHARS);
    if (done.statusCode() != 201) {
      throw new RegistryException(
          "PUT blob " + digest + ": HTTP " + done.statusCode() + ", not 201");
    }
  }

  /**
   * Stores a manifest under a tag or its digest. Returns true when the registry answered with the
   * {@code OCI-Subject} header: it indexes referrers itself, and no referrers tag is needed.
   */
  boolean putManifest(String repository, String reference, String mediaType, byte[] bytes)
      throws IOException, InterruptedException {
    checkRepository(repository);
    URI uri = base.resolve("/v2/" + repository + "/manifests/" + reference(reference));
    HttpResponse<InputStream> response =
        send(
            HttpRequest.newBuilder(uri)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", mediaType),
            uri);
    successBody(response, "PUT manifest " + reference, MAX_ERROR_CHARS);
    return response.headers().firstValue("OCI-Subject").isPresent();
  }

  /**
   * The referrers of a manifest as an image index, from the referrers API; empty when the registry
   * has no such API (404), so the caller falls back to the referrers tag.
   */
  Optional<byte[]> referrers(String repository, Digest subject)
      throws IOException, InterruptedException {
    checkRepository(repository);
    URI uri = base.resolve("/v2/" + repository + "/referrers/" + subject);
    HttpResponse<InputStream> response =
        send(HttpRequest.newBuilder(uri).GET().header("Accept", Descriptor.OCI_INDEX), uri);
    if (response.statusCode() == 404) {
      response.body().close();
      return Optional.empty();
    }
    return Optional.of(successBody(response, "GET referrers " + subject, MAX_MANIFEST_BYTES));
  }

  private HttpResponse<InputStream> send(HttpRequest.Builder request, URI uri)
      throws IOException, InterruptedException {
    URI current = uri;
    HttpRequest.Builder next = request;
    for (int hop = 0; ; hop++) {
      next.timeout(timeout);
      if (authorization != null && sameOrigin(current)) {
        next.header("Authorization", authorization);
      }
      HttpResponse<InputStream> response =
          http.send(next.build(), HttpResponse.BodyHandlers.ofInputStream());
      int status = response.statusCode();
      boolean redirect =
          status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
      String method = next.build().method();
      if (!redirect || !("GET".equals(method) || "HEAD".equals(method))) {
        return response;
      }
      response.body().close();
      if (hop == MAX_REDIRECTS) {
        throw new RegistryException("more than " + MAX_REDIRECTS + " redirects from " + uri);
      }
      current =
          current.resolve(
              response
                  .headers()
                  .firstValue("Location")
                  .orElseThrow(
                      () -> new RegistryException("HTTP " + status + " without Location")));
      next =
          HttpRequest.newBuilder(current)
              .method(method, HttpRequest.BodyPublishers.noBody())
              .header("Accept", ACCEPT_MANIFESTS);
    }
  }

  private boolean sameOrigin(URI uri) {
    return base.getScheme().equalsIgnoreCase(uri.getScheme())
        && base.getHost().equalsIgnoreCase(uri.getHost())
        && base.getPort() == uri.getPort();
  }

  private URI location(HttpResponse<InputStream> response, int expected, String what)
      throws IOException {
    successBody(response, what, MAX_ERROR_CHARS);
    if (response.statusCode() != expected) {
      throw new RegistryException(what + ": HTTP " + response.statusCode() + ", not " + expected);
    }
    String location =
        response
            .headers()
            .firstValue("Location")
            .orElseThrow(() -> new RegistryException(what + ": no Location header"));
    return base.resolve(location);
  }

  private static URI withQuery(URI uri, String parameter) {
    String text = uri.toString();
    return URI.create(text + (uri.getRawQuery() == null ? "?" : "&") + parameter);
  }

  private static byte[] successBody(HttpResponse<InputStream> response, String what, int maxBytes)
      throws IOException {
    try (InputStream body = response.body()) {
      if (response.statusCode() / 100 != 2) {
        byte[] error = body.readNBytes(MAX_ERROR_CHARS);
        throw new RegistryException(
            what
                + ": HTTP "
                + response.statusCode()
                + (error.length == 0
                    ? ""
                    : " "
                        + new String(error, StandardCharsets.UTF_8)
                            .replaceAll("\\p{Cntrl}+", " ")
                            .strip()));
      }
      byte[] bytes = body.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new RegistryException(what + ": more than " + maxBytes + " bytes: refused");
      }
      return bytes;
    }
  }

  private static String bareMediaType(String contentType) {
    int parameters = contentType.indexOf(';');
    return (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip();
  }
}
