package io.clockmirror.deployhook;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * An in-process stand-in for clockmirror that answers every check correctly until a test replaces
 * one answer; it records each request. Listens on 127.0.0.1 in 18100-18149.
 */
final class FakeService implements AutoCloseable {

  static final int FIRST_PORT = 18100;
  static final int LAST_PORT = 18149;
  static final String IMAGE_TAG = "1.2.3-abcdef0";

  /**
   * One response; {@code delay} holds it back before the status line, {@code bodyDelay} between the
   * headers and the body.
   */
  record Reply(int status, String contentType, String body, Duration delay, Duration bodyDelay) {
    Reply(int status, String contentType, String body, Duration delay) {
      this(status, contentType, body, delay, Duration.ZERO);
    }

    static Reply json(int status, String body) {
      return new Reply(status, "application/json;charset=UTF-8", body, Duration.ZERO);
    }
  }

  /** A request as the service saw it. */
  record Seen(String target, Headers headers) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, IntFunction<Reply>> routes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  FakeService() throws IOException {
    server = bind();
    answer(SmokeChecks.READY, Reply.json(200, "{\"status\":\"UP\",\"checks\":[]}"));
    answer(
        "/clock?mirror_time=12:22",
        Reply.json(200, "{\"mirror_time\":\"12:22\",\"actual_time\":\"11:38\"}"));
    answer(
        "/clock?mirror_time=2:11",
        Reply.json(200, "{\"mirror_time\":\"02:11\",\"actual_time\":\"09:49\"}"));
    answer(
        "/clock?mirror_time=13:20",
        new Reply(
            400,
            "application/problem+json",
            "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                + "\"detail\":\"13:20 is not a valid time\",\"instance\":\"/clock\"}",
            Duration.ZERO));
    answer(
        SmokeChecks.INFO,
        Reply.json(
            200,
            "{\"image\":{\"tag\":\""
                + IMAGE_TAG
                + "\",\"commit\":\"abcdef0123456789abcdef0123456789abcdef01\"},"
                + "\"build\":{\"version\":\"1.2.3\",\"name\":\"x\"}}"));
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  private static HttpServer bind() throws IOException {
    for (int port = FIRST_PORT; port <= LAST_PORT; port++) {
      try {
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
      } catch (BindException taken) {
        // Another fake or another process holds it: try the next one.
      }
    }
    throw new IOException("no free port in " + FIRST_PORT + "-" + LAST_PORT);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  FakeService answer(String target, Reply reply) {
    return answer(target, call -> reply);
  }

  /** Answers the n-th call (1, 2, ...) of {@code target} with {@code replies.apply(n)}. */
  FakeService answer(String target, IntFunction<Reply> replies) {
    routes.put(target, replies);
    return this;
  }

  List<Seen> requests() {
    return List.copyOf(seen);
  }

  int calls(String target) {
    AtomicInteger count = counts.get(target);
    return count == null ? 0 : count.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String target = exchange.getRequestURI().toString();
    seen.add(new Seen(target, exchange.getRequestHeaders()));
    int call = counts.computeIfAbsent(target, t -> new AtomicInteger()).incrementAndGet();
    IntFunction<Reply> route = routes.get(target);
    Reply reply =
        route == null
            ? new Reply(404, "application/problem+json", "{\"status\":404}", Duration.ZERO)
            : route.apply(call);
    try {
      Thread.sleep(reply.delay());
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      if (!reply.contentType().isEmpty()) {
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
      }
      exchange.sendResponseHeaders(reply.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.flush();
        Thread.sleep(reply.bodyDelay());
        out.write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientGone) {
      // The checks gave up on a slow reply: nothing to answer any more.
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
