package io.clockmirror.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The load balancer's answers as the deployed service gives them (docs/api.md): what the smoke test
 * and the first {@code /clock} call of {@code deploy} read in these tests. The real service answers
 * in {@code cli/deploy-locally.sh}.
 */
final class ServiceStandIn {

  private static final Map<String, String> CLOCK =
      Map.of(
          "mirror_time=12:22", "{\"mirror_time\":\"12:22\",\"actual_time\":\"11:38\"}",
          "mirror_time=2:11", "{\"mirror_time\":\"02:11\",\"actual_time\":\"09:49\"}");

  private ServiceStandIn() {}

  static HttpServer start(java.nio.file.Path account) throws IOException {
    HttpServer server = Fixture.bind();
    server.createContext(
        "/q/health/ready",
        exchange -> send(exchange, 200, "application/json", "{\"status\":\"UP\",\"checks\":[]}"));
    server.createContext(
        "/q/info",
        exchange ->
            send(
                exchange,
                200,
                "application/json",
                "{\"build\":{\"version\":\""
                    + version()
                    + "\"},\"image\":{\"tag\":\""
                    + servedTag(account)
                    + "\"}}"));
    server.createContext(
        "/clock",
        exchange -> {
          String answer = CLOCK.get(exchange.getRequestURI().getRawQuery());
          if (answer != null) {
            send(exchange, 200, "application/json", answer);
          } else {
            send(
                exchange,
                400,
                "application/problem+json",
                "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400}");
          }
        });
    server.start();
    return server;
  }

  /** The image tag the fake account's last app deploy asked for. */
  static String servedTag(java.nio.file.Path account) throws IOException {
    if (!java.nio.file.Files.exists(account)) {
      return "";
    }
    Object tag =
        com.fasterxml
            .jackson
            .jr
            .ob
            .JSON
            .std
            .mapFrom(java.nio.file.Files.readString(account))
            .get("served_image_tag");
    return tag == null ? "" : tag.toString();
  }

  /** The root pom's version, which the images of this checkout report. */
  static String version() {
    try {
      String pom = java.nio.file.Files.readString(Fixture.REPO.resolve("pom.xml"));
      var matcher =
          java.util.regex.Pattern.compile("(?m)^  <version>([^<]+)</version>").matcher(pom);
      return matcher.find() ? matcher.group(1) : "?";
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
