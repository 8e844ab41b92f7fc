package io.clockmirror.deployhook;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The smoke checks of a running clockmirror, shared by the lifecycle hook and the command line:
 * readiness (bounded polling), the exact answers for 12:22 and 2:11, a problem+json 400 for 13:20
 * and, when an image tag is expected, {@code /q/info} reporting exactly that tag: the answers come
 * from the build being deployed, not from an older task that still answers. The first failure ends
 * the run and is its reason; only a run in which every check passed is a pass.
 */
final class SmokeChecks {

  static final String READY = "/q/health/ready";
  static final String INFO = "/q/info";
  private static final int MAX_BODY_BYTES = 64 * 1024;
  private static final int QUOTED_BODY_CHARS = 300;

  private final CheckSettings settings;
  private final Log log;

  SmokeChecks(CheckSettings settings, Log log) {
    this.settings = settings;
    this.log = log;
  }

  Outcome run() throws InterruptedException {
    try (HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(settings.timeout())
            .build()) {
      Calls calls = new Calls(http);
      Optional<String> failure = ready(calls);
      if (failure.isEmpty()) {
        failure =
            answer(
                calls,
                "/clock?mirror_time=12:22",
                "{\"mirror_time\":\"12:22\",\"actual_time\":\"11:38\"}");
      }
      if (failure.isEmpty()) {
        failure =
            answer(
                calls,
                "/clock?mirror_time=2:11",
                "{\"mirror_time\":\"02:11\",\"actual_time\":\"09:49\"}");
      }
      if (failure.isEmpty()) {
        failure = problem(calls, "/clock?mirror_time=13:20");
      }
      if (failure.isEmpty() && settings.expectedImageTag().isPresent()) {
        failure = imageTag(calls, settings.expectedImageTag().get());
      }
      return failure.map(Outcome::fail).orElseGet(Outcome::pass);
    }
  }

  private Optional<String> ready(Calls calls) throws InterruptedException {
    int attempts = settings.readyAttempts();
    String last = "";
    for (int i = 1; i <= attempts; i++) {
      Answer answer;
      try {
        answer = calls.get(READY);
      } catch (CallFailed e) {
        answer = null;
        last = e.getMessage();
      }
      if (answer != null && answer.status() == 200) {
        Object status = field(answer, "status");
        if (!"UP".equals(status)) {
          return Optional.of("GET " + READY + ": 200 but not UP; body: " + quote(answer.body()));
        }
        log.info("ok   GET " + READY + " -> 200 UP");
        return Optional.empty();
      }
      if (answer != null) {
        last = "HTTP " + answer.status();
      }
      log.info("readiness attempt " + i + "/" + attempts + ": " + last);
      if (i < attempts) {
        Thread.sleep(settings.readyInterval());
      }
    }
    return Optional.of(
        "GET "
            + READY
            + " never answered 200 ("
            + attempts
            + " attempts, "
            + CheckSettings.format(settings.readyInterval())
            + " s apart; last: "
            + last
            + ")");
  }

  /** The body must be the JSON value of {@code expected}: same fields, same values, no others. */
  private Optional<String> answer(Calls calls, String path, String expected)
      throws InterruptedException {
    Object want = parse(expected);
    return expect(
        calls,
        path,
        200,
        "application/json",
        answer -> {
          Object body = parse(answer.body());
          return want.equals(body)
              ? Optional.empty()
              : Optional.of("body " + quote(answer.body()) + ", expected " + expected);
        });
  }

  private Optional<String> problem(Calls calls, String path) throws InterruptedException {
    return expect(
        calls,
        path,
        400,
        "application/problem+json",
        answer -> {
          Object status = field(answer, "status");
          return status instanceof Integer code && code == 400
              ? Optional.empty()
              : Optional.of("problem body without status 400: " + quote(answer.body()));
        });
  }

  /** {@code image.tag} of {@code /q/info}, which the image build sets (docs/container.md). */
  private Optional<String> imageTag(Calls calls, String expected) throws InterruptedException {
    return expect(
        calls,
        INFO,
        200,
        "application/json",
        answer -> {
          Object image = field(answer, "image");
          Object reported = image instanceof Map<?, ?> map ? map.get("tag") : null;
          if (expected.equals(reported)) {
            return Optional.empty();
          }
          return Optional.of(
              reported == null
                  ? "reports no image tag, expected '"
                      + expected
                      + "': a build that does not name its image answered"
                  : "reports image tag '"
                      + reported
                      + "', expected '"
                      + expected
                      + "': another build answered");
        });
  }

  private interface BodyCheck {
    Optional<String> check(Answer answer);
  }

  private Optional<String> expect(
      Calls calls, String path, int status, String mediaType, BodyCheck body)
      throws InterruptedException {
    Answer answer;
    try {
      answer = calls.get(path);
    } catch (CallFailed e) {
      return Optional.of("GET " + path + ": " + e.getMessage());
    }
    if (answer.status() != status) {
      return Optional.of(
          "GET "
              + path
              + ": HTTP "
              + answer.status()
              + ", expected "
              + status
              + "; body: "
              + quote(answer.body()));
    }
    if (!mediaType.equals(answer.mediaType())) {
      return Optional.of(
          "GET "
              + path
              + ": content-type '"
              + answer.contentType()
              + "', expected '"
              + mediaType
              + "'");
    }
    Optional<String> failure = body.check(answer).map(reason -> "GET " + path + ": " + reason);
    if (failure.isEmpty()) {
      log.info("ok   GET " + path + " -> " + status + " " + mediaType);
    }
    return failure;
  }

  private static Object field(Answer answer, String name) {
    return parse(answer.body()) instanceof Map<?, ?> map ? map.get(name) : null;
  }

  /** The JSON value of a body, or null when it is not JSON: a failed check, not an exception. */
  private static Object parse(String body) {
    try {
      return JSON.std.anyFrom(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static String quote(String body) {
    return body.length() <= QUOTED_BODY_CHARS
        ? body
        : body.substring(0, QUOTED_BODY_CHARS) + "... (" + body.length() + " chars)";
  }

  /** One response: status, the Content-Type header as sent, the body as text. */
  private record Answer(int status, String contentType, String body) {

    /** The media type without parameters, lower case ("" when there is no Content-Type). */
    String mediaType() {
      int semicolon = contentType.indexOf(';');
      return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
          .strip()
          .toLowerCase(Locale.ROOT);
    }
  }

  /** A request that got no answer: timeout, refused or reset connection, oversized body. */
  private static final class CallFailed extends Exception {
    private static final long serialVersionUID = 1L;

    CallFailed(String message) {
      super(message);
    }
  }

  private final class Calls {
    private final HttpClient http;

    Calls(HttpClient http) {
      this.http = http;
    }

    Answer get(String path) throws CallFailed, InterruptedException {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
              .timeout(settings.timeout())
              .header("Accept", "application/json, application/problem+json")
              .GET();
      settings.header().ifPresent(header -> request.header(header.name(), header.value()));
      CompletableFuture<HttpResponse<byte[]>> call =
          http.sendAsync(
              request.build(),
              HttpResponse.BodyHandlers.limiting(
                  HttpResponse.BodyHandlers.ofByteArray(), MAX_BODY_BYTES));
      // The request timeout ends at the response headers; this one also bounds a slow body.
      try {
        HttpResponse<byte[]> response =
            call.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        return new Answer(
            response.statusCode(),
            response.headers().firstValue("Content-Type").orElse(""),
            new String(response.body(), StandardCharsets.UTF_8));
      } catch (TimeoutException e) {
        call.cancel(true);
        throw new CallFailed(noAnswer());
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof HttpTimeoutException) {
          throw new CallFailed(noAnswer());
        }
        String name = cause.getClass().getSimpleName();
        throw new CallFailed(
            "no answer ("
                + (cause.getMessage() == null ? name : name + ": " + cause.getMessage())
                + ")");
      }
    }

    private String noAnswer() {
      return "no answer within " + CheckSettings.format(settings.timeout()) + " s";
    }
  }
}
