package io.clockmirror.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Hostile input at the HTTP level: {@value #DEFAULT_REQUESTS} generated raw requests (see {@link
 * HostileRequests}) over pipelined keep-alive connections. Every answer must be 200, a redirect
 * inside the site, or 4xx; every 200 from {@code /clock} must be what {@link ClockOracle} works
 * out; every answer with a body carries the security headers and every 4xx body is problem+json;
 * the server is ready at the end. {@code -Dfuzz.requests} and {@code -Dfuzz.seed} change the run.
 */
@QuarkusTest
class HttpFuzzTest {

  static final int DEFAULT_REQUESTS = 100_000;
  private static final int CONNECTIONS = 8;
  private static final int PIPELINE = 64;
  private static final int READ_TIMEOUT_MILLIS = 10_000;
  private static final int MAX_REPORTED = 20;

  @TestHTTPResource("/")
  URL root;

  private final Map<String, LongAdder> statusClasses = new ConcurrentHashMap<>();
  private final LongAdder sent = new LongAdder();
  private final LongAdder answered = new LongAdder();
  private final LongAdder clockAnswersChecked = new LongAdder();
  private final LongAdder closedWithoutAnswer = new LongAdder();
  private final LongAdder resent = new LongAdder();
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

  @Test
  void oracleAgreesWithTheDocumentedExamples() {
    assertThat(ClockOracle.expectedBody("/clock?mirror_time=12:22"))
        .contains("{\"mirror_time\":\"12:22\",\"actual_time\":\"11:38\"}");
    assertThat(ClockOracle.expectedBody("/clock?mirror_time=2:11"))
        .contains("{\"mirror_time\":\"02:11\",\"actual_time\":\"09:49\"}");
    assertThat(ClockOracle.reflect(12, 0)).isEqualTo("12:00");
    assertThat(ClockOracle.reflect(11, 59)).isEqualTo("12:01");
    assertThat(ClockOracle.reflect(6, 0)).isEqualTo("06:00");
    assertThat(ClockOracle.expectedBody("/clock?mirror_time=13:20")).isEmpty();
    assertThat(ClockOracle.expectedBody("/clock?mirror_time=%zz")).isEmpty();
  }

  @Test
  void hostileRequestsGetOnly200Or4xxAndCorrectAnswers() throws Exception {
    int total = Integer.getInteger("fuzz.requests", DEFAULT_REQUESTS);
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    int port = root.getPort();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < CONNECTIONS; w++) {
        int quota = total / CONNECTIONS + (w < total % CONNECTIONS ? 1 : 0);
        HostileRequests generator = new HostileRequests(seed + w);
        workers.add(pool.submit(() -> run(port, generator, quota)));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdownNow();
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    Map<String, Long> classes = new TreeMap<>();
    statusClasses.forEach((k, v) -> classes.put(k, v.sum()));
    long fiveXx = classes.getOrDefault("5xx", 0L);
    System.out.printf(
        "FUZZ seed=%d requests_sent=%d answered=%d status_classes=%s 5xx=%d"
            + " clock_200_checked_by_oracle=%d closed_without_answer=%d resent=%d"
            + " failures=%d seconds=%.1f rate=%.0f/s%n",
        seed,
        sent.sum(),
        answered.sum(),
        classes,
        fiveXx,
        clockAnswersChecked.sum(),
        closedWithoutAnswer.sum(),
        resent.sum(),
        failures.size(),
        seconds,
        sent.sum() / seconds);

    assertThat(sent.sum()).isGreaterThanOrEqualTo(total);
    assertThat(fiveXx).as("5xx answers").isZero();
    assertThat(failures).as("seed %d", seed).isEmpty();
    assertThat(clockAnswersChecked.sum()).isGreaterThan(total / 10);
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/clock?mirror_time=12:22").then().statusCode(200);
  }

  /**
   * Sends {@code quota} generated requests in pipelined batches. A request that may make the server
   * close the connection goes last in its batch, so nothing after it is lost.
   */
  private void run(int port, HostileRequests generator, int quota) {
    Deque<HostileRequests.Case> pending = new ArrayDeque<>();
    Deque<HostileRequests.Case> closers = new ArrayDeque<>();
    int generated = 0;
    RawHttp connection = null;
    HostileRequests.Case[] previous = new HostileRequests.Case[1];
    try {
      while (generated < quota || !pending.isEmpty() || !closers.isEmpty()) {
        List<HostileRequests.Case> batch = new ArrayList<>(PIPELINE);
        while (batch.size() < PIPELINE - 1 && (generated < quota || !pending.isEmpty())) {
          HostileRequests.Case next;
          if (pending.isEmpty()) {
            next = generator.next();
            generated++;
          } else {
            next = pending.poll();
          }
          if (next.mayClose()) {
            closers.add(next);
          } else {
            batch.add(next);
          }
        }
        if (!closers.isEmpty()) {
          batch.add(closers.poll());
        }
        if (connection == null) {
          connection = RawHttp.connect(port, READ_TIMEOUT_MILLIS);
        }
        boolean reconnect = exchange(connection, batch, pending, previous);
        if (reconnect) {
          connection.close();
          connection = null;
          previous[0] = null;
        }
      }
    } catch (IOException e) {
      fail("worker stopped: " + e);
    } finally {
      if (connection != null) {
        try {
          connection.close();
        } catch (IOException e) {
          fail("close: " + e);
        }
      }
    }
  }

  /** Writes the batch at once, reads the answers in order; true when the connection is done. */
  private boolean exchange(
      RawHttp connection,
      List<HostileRequests.Case> batch,
      Deque<HostileRequests.Case> pending,
      HostileRequests.Case[] previous)
      throws IOException {
    StringBuilder wire = new StringBuilder();
    for (HostileRequests.Case c : batch) {
      wire.append(c.wire());
    }
    try {
      connection.send(RawHttp.bytes(wire.toString()));
    } catch (IOException e) {
      // The server may close after answering an earlier protocol error; resend on a new one.
      requeue(batch, 0, pending);
      return true;
    }
    sent.add(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      HostileRequests.Case c = batch.get(i);
      RawHttp.Response response;
      try {
        response = connection.read(c.head());
      } catch (SocketTimeoutException e) {
        fail("no answer within " + READ_TIMEOUT_MILLIS + " ms to " + show(c));
        requeueUnanswered(batch, i + 1, pending);
        return true;
      } catch (IOException e) {
        fail("unreadable answer (" + e.getMessage() + ") to " + show(c));
        requeueUnanswered(batch, i + 1, pending);
        return true;
      }
      if (response == null) {
        if (c.mayClose()) {
          closedWithoutAnswer.increment();
        } else {
          fail(
              "connection closed without an answer to "
                  + show(c)
                  + " after "
                  + (i > 0
                      ? show(batch.get(i - 1))
                      : previous[0] == null ? "-" : show(previous[0])));
        }
        requeueUnanswered(batch, i + 1, pending);
        return true;
      }
      answered.increment();
      previous[0] = c;
      check(c, response);
      if (response.closesConnection() || c.mayClose()) {
        requeueUnanswered(batch, i + 1, pending);
        return true;
      }
    }
    return false;
  }

  private void requeueUnanswered(
      List<HostileRequests.Case> batch, int from, Deque<HostileRequests.Case> pending) {
    sent.add(-(batch.size() - from));
    requeue(batch, from, pending);
  }

  private void requeue(
      List<HostileRequests.Case> batch, int from, Deque<HostileRequests.Case> pending) {
    for (int i = batch.size() - 1; i >= from; i--) {
      pending.addFirst(batch.get(i));
      resent.increment();
    }
  }

  private void check(HostileRequests.Case c, RawHttp.Response response) {
    int status = response.status();
    statusClasses.computeIfAbsent(status / 100 + "xx", k -> new LongAdder()).increment();
    if (status >= 500) {
      fail(status + " " + response.body() + " for " + show(c));
      return;
    }
    if (status != 200 && (status < 300 || status >= 500)) {
      fail("status " + status + " for " + show(c));
    }
    if (status >= 300 && status < 400) {
      String location = response.header("location");
      if (location == null || !location.startsWith("/") || location.startsWith("//")) {
        fail("redirect to " + location + " for " + show(c));
      }
    }
    if (!response.body().isEmpty()) {
      if (!"nosniff".equals(response.header("x-content-type-options"))
          || response.header("content-security-policy") == null
          || !"DENY".equals(response.header("x-frame-options"))
          || response.header("referrer-policy") == null) {
        fail("security headers missing on " + status + " for " + show(c));
      }
      if (status >= 400 && !Problem.MEDIA_TYPE.equals(response.header("content-type"))) {
        fail(status + " is " + response.header("content-type") + " for " + show(c));
      }
    }
    if (response.header("server") != null) {
      fail("Server header " + response.header("server"));
    }
    boolean exactClockGet =
        c.method().equals("GET")
            && (c.target().equals("/clock") || c.target().startsWith("/clock?"));
    Optional<String> expected = ClockOracle.expectedBody(targetAsParsed(c));
    if (status == 200 && response.body().startsWith("{\"mirror_time\"")) {
      if (expected.isEmpty() || !expected.get().equals(response.body())) {
        fail("body " + response.body() + ", oracle: " + expected.orElse("400") + ", " + show(c));
      } else {
        clockAnswersChecked.increment();
      }
    } else if (exactClockGet && !c.mayClose()) {
      if (expected.isPresent() || status != 400) {
        fail("status " + status + ", oracle: " + expected.orElse("400") + ", for " + show(c));
      }
    }
  }

  /**
   * The target as the server's parser reads it: the second whitespace-separated word of the first
   * line. It differs from the generated target only when that holds raw whitespace.
   */
  private static String targetAsParsed(HostileRequests.Case c) {
    String wire = c.wire();
    int end = wire.indexOf('\n');
    String[] words =
        wire.substring(0, end < 0 ? wire.length() : end).trim().split("[ \t\u000b\f\r]+");
    return words.length >= 2 ? words[1] : "";
  }

  private void fail(String message) {
    if (failures.size() < MAX_REPORTED) {
      failures.add(message);
    } else if (failures.size() == MAX_REPORTED) {
      failures.add("...");
    }
  }

  private static String show(HostileRequests.Case c) {
    String wire = c.wire();
    String cut = wire.length() > 200 ? wire.substring(0, 200) + "...(" + wire.length() + ")" : wire;
    StringBuilder escaped = new StringBuilder();
    for (char ch : cut.toCharArray()) {
      if (ch < 0x20 || ch >= 0x7f) {
        escaped.append(String.format("\\x%02x", (int) ch));
      } else {
        escaped.append(ch);
      }
    }
    return escaped.toString();
  }
}
