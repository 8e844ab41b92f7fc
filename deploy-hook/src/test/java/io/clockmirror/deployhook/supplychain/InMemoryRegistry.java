package io.clockmirror.deployhook.supplychain;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of the OCI distribution API the supply-chain code uses, in memory, for unit tests of
 * behaviour a real registry does not show on demand: the referrers API (switchable), redirects of
 * blob reads to another host, error answers, content that does not match its digest. The real
 * registry (Debian's docker-registry) is exercised by SupplyChainIT.
 */
final class InMemoryRegistry implements AutoCloseable {

  record Stored(String mediaType, byte[] bytes) {}

  private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");
  private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/(sha256:[0-9a-f]{64})");
  private static final Pattern UPLOADS = Pattern.compile("/v2/(.+)/blobs/uploads/");
  private static final Pattern UPLOAD = Pattern.compile("/upload/([0-9a-f-]+)");
  private static final Pattern REFERRERS =
      Pattern.compile("/v2/(.+)/referrers/(sha256:[0-9a-f]{64})");
  private static final Pattern ELSEWHERE = Pattern.compile("/elsewhere/(sha256:[0-9a-f]{64})");

  final Map<String, Stored> manifests = new ConcurrentHashMap<>();
  final Map<String, String> tags = new ConcurrentHashMap<>();
  final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  final List<String> requests = new ArrayList<>();
  private final Map<String, byte[]> uploads = new ConcurrentHashMap<>();
  private final HttpServer server;
  private final HttpServer otherHost;
  volatile boolean referrersApi;
  volatile boolean redirectBlobs;
  volatile int failWith;
  volatile String requiredAuthorization;
  volatile String authorizationSeenElsewhere;

  InMemoryRegistry() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
    otherHost = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    otherHost.createContext("/", this::handleElsewhere);
    otherHost.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void putBlob(byte[] content) {
    blobs.put(Digest.of(content).toString(), content);
  }

  void putManifest(String repository, String tag, String mediaType, byte[] bytes) {
    String digest = Digest.of(bytes).toString();
    manifests.put(digest, new Stored(mediaType, bytes));
    if (tag != null) {
      tags.put(repository + ":" + tag, digest);
    }
  }

  private synchronized void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    requests.add(method + " " + exchange.getRequestURI());
    if (failWith != 0) {
      send(
          exchange,
          failWith,
          null,
          "{\"errors\":[{\"code\":\"UNKNOWN\",\"message\":\"broken\"}]}".getBytes());
      return;
    }
    if (requiredAuthorization != null
        && !requiredAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      send(exchange, 401, null, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes());
      return;
    }
    Matcher m;
    if ((m = UPLOADS.matcher(path)).matches() && "POST".equals(method)) {
      String id = UUID.randomUUID().toString();
      uploads.put(id, new byte[0]);
      exchange.getResponseHeaders().add("Location", "/upload/" + id);
      send(exchange, 202, null, new byte[0]);
    } else if ((m = UPLOAD.matcher(path)).matches() && "PATCH".equals(method)) {
      uploads.put(m.group(1), exchange.getRequestBody().readAllBytes());
      exchange.getResponseHeaders().add("Location", "/upload/" + m.group(1) + "?state=x");
      send(exchange, 202, null, new byte[0]);
    } else if ((m = UPLOAD.matcher(path)).matches() && "PUT".equals(method)) {
      byte[] content = uploads.remove(m.group(1));
      String query = exchange.getRequestURI().getQuery();
      if (content == null || query == null || !query.contains("digest=" + Digest.of(content))) {
        send(exchange, 400, null, "{\"errors\":[{\"code\":\"DIGEST_INVALID\"}]}".getBytes());
        return;
      }
      putBlob(content);
      send(exchange, 201, null, new byte[0]);
    } else if ((m = BLOB.matcher(path)).matches()) {
      byte[] blob = blobs.get(m.group(2));
      if (blob == null) {
        send(exchange, 404, null, "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\"}]}".getBytes());
      } else if (redirectBlobs && "GET".equals(method)) {
        exchange
            .getResponseHeaders()
            .add(
                "Location",
                "http://127.0.0.1:"
                    + otherHost.getAddress().getPort()
                    + "/elsewhere/"
                    + m.group(2));
        send(exchange, 307, null, new byte[0]);
      } else {
        send(exchange, 200, "application/octet-stream", "HEAD".equals(method) ? null : blob);
      }
    } else if ((m = MANIFEST.matcher(path)).matches() && "PUT".equals(method)) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String mediaType = exchange.getRequestHeaders().getFirst("Content-Type");
      String reference = m.group(2);
      putManifest(m.group(1), reference.startsWith("sha256:") ? null : reference, mediaType, body);
      if (referrersApi
          && Json.object(body, "manifest").get("subject") instanceof Map<?, ?> subject) {
        exchange.getResponseHeaders().add("OCI-Subject", String.valueOf(subject.get("digest")));
      }
      send(exchange, 201, null, new byte[0]);
    } else if ((m = MANIFEST.matcher(path)).matches()) {
      String reference = m.group(2);
      String digest =
          reference.startsWith("sha256:") ? reference : tags.get(m.group(1) + ":" + reference);
      Stored stored = digest == null ? null : manifests.get(digest);
      if (stored == null) {
        send(exchange, 404, null, "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}".getBytes());
      } else {
        send(exchange, 200, stored.mediaType(), "HEAD".equals(method) ? null : stored.bytes());
      }
    } else if ((m = REFERRERS.matcher(path)).matches() && referrersApi) {
      String wanted = m.group(2);
      List<Object> found = new ArrayList<>();
      manifests.forEach(
          (digest, stored) -> {
            Map<?, ?> json = Json.object(stored.bytes(), "manifest");
            if (json.get("subject") instanceof Map<?, ?> subject
                && wanted.equals(subject.get("digest"))) {
              found.add(
                  new Descriptor(
                          stored.mediaType(),
                          Digest.parse(digest),
                          stored.bytes().length,
                          (String) json.get("artifactType"),
                          Map.of())
                      .toJson());
            }
          });
      send(
          exchange,
          200,
          Descriptor.OCI_INDEX,
          Json.write(
              Json.ordered(
                  "schemaVersion", 2, "mediaType", Descriptor.OCI_INDEX, "manifests", found)));
    } else {
      send(exchange, 404, null, "{\"errors\":[{\"code\":\"NAME_UNKNOWN\"}]}".getBytes());
    }
  }

  /** The host blob reads are redirected to: it refuses a request that carries credentials. */
  private void handleElsewhere(HttpExchange exchange) throws IOException {
    authorizationSeenElsewhere = exchange.getRequestHeaders().getFirst("Authorization");
    Matcher m = ELSEWHERE.matcher(exchange.getRequestURI().getPath());
    if (authorizationSeenElsewhere != null || !m.matches() || !blobs.containsKey(m.group(1))) {
      send(exchange, 400, null, "only one auth mechanism allowed".getBytes());
      return;
    }
    send(exchange, 200, "application/octet-stream", blobs.get(m.group(1)));
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    if (contentType != null) {
      exchange.getResponseHeaders().add("Content-Type", contentType);
    }
    boolean empty = body == null || body.length == 0;
    exchange.sendResponseHeaders(status, empty ? -1 : body.length);
    if (!empty) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    otherHost.stop(0);
  }
}
